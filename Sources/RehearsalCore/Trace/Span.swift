/// One timed unit of a run: the agent run itself, a model call, a tool call and the checks inside it.
///
/// Times are on the run's virtual clock, in milliseconds from the start of the scenario run, built from the
/// recorded latencies; they never come from the wall clock, so a replay is reproducible bit for bit.
public struct Span: Sendable, Hashable {
    /// The span's id.
    public var id: SpanID
    /// The enclosing span; nil for the run's root span.
    public var parentID: SpanID?
    /// A name following the OpenTelemetry GenAI conventions: `invoke_agent procurement`, `chat gpt-4o`,
    /// `execute_tool get_budget`.
    public var name: String
    /// What the span covers.
    public var kind: SpanKind
    /// Start on the virtual clock, in ms.
    public var startMs: Double
    /// End on the virtual clock, in ms.
    public var endMs: Double
    /// Whether it ended well.
    public var status: SpanStatus
    /// Details: model, tokens, tool, arguments, decision, reason.
    public var attributes: [String: JSONValue]

    /// A span from its parts (the engine makes these; importers and tests may too).
    public init(id: SpanID, parentID: SpanID?, name: String, kind: SpanKind, startMs: Double, endMs: Double, status: SpanStatus = .ok, attributes: [String: JSONValue] = [:]) {
        self.id = id
        self.parentID = parentID
        self.name = name
        self.kind = kind
        self.startMs = startMs
        self.endMs = endMs
        self.status = status
        self.attributes = attributes
    }

    /// The span's length in ms.
    public var durationMs: Double { endMs - startMs }
}

/// What a span covers.
public enum SpanKind: String, Sendable, Hashable, CaseIterable {
    /// A whole scenario run of one agent.
    case agent
    /// The router choosing a model (with its classifier call, if any).
    case routing
    /// One model call.
    case model
    /// One proposed tool call, from validation to observation.
    case toolCall = "tool_call"
    /// Checking the call's arguments against the tool schema.
    case validation
    /// The gateway's authorization decision.
    case gateway
    /// Waiting for a human decision.
    case approval
    /// Executing the call against the tool (or its recording).
    case execution
    /// A scripted user turn injected into the conversation.
    case userTurn = "user_turn"
}

/// Whether a span ended well.
public enum SpanStatus: Sendable, Hashable {
    /// It did.
    case ok
    /// It did not, and why.
    case error(String)

    /// The error message, when there is one.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }
}

extension Span: JSONEncodable {
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "spanId": .string(id.hex), "name": .string(name), "kind": .string(kind.rawValue),
            "startMs": .number(startMs), "endMs": .number(endMs), "attributes": .object(attributes),
        ]
        members["parentSpanId"] = parentID.map { .string($0.hex) }
        switch status {
        case .ok: members["status"] = "ok"
        case .error(let message): members["status"] = "error"; members["error"] = .string(message)
        }
        return .object(members)
    }
}
