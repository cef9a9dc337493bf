public import RehearsalCore

/// Where one run's virtual time went, measured from its spans: each figure is the length of the union of the spans
/// of that kind, so parallel tool calls and nested handoffs are never counted twice.
public struct LatencyBreakdown: Sendable, Hashable {
    /// The whole run, in ms.
    public var endToEndMs: Double
    /// Time with at least one model call under way (every agent's, the classifier's excluded), in ms.
    public var modelMs: Double
    /// Time with at least one tool executing (API and built-in tools; a handoff is its specialist's model and tool
    /// time), in ms.
    public var toolMs: Double
    /// Time spent routing (the classifier's call), in ms.
    public var routingMs: Double
    /// When the first tool call started, in ms from the start; nil when the agent called none.
    public var timeToFirstActionMs: Double?

    /// A breakdown from its parts.
    public init(endToEndMs: Double, modelMs: Double, toolMs: Double, routingMs: Double, timeToFirstActionMs: Double?) {
        self.endToEndMs = endToEndMs
        self.modelMs = modelMs
        self.toolMs = toolMs
        self.routingMs = routingMs
        self.timeToFirstActionMs = timeToFirstActionMs
    }

    /// The breakdown of `run`.
    public init(_ run: AgentRun) {
        endToEndMs = run.durationMs
        modelMs = LatencyBreakdown.union(run.spans.filter { $0.kind == .model })
        toolMs = LatencyBreakdown.union(run.spans.filter { $0.kind == .execution })
        routingMs = LatencyBreakdown.union(run.spans.filter { $0.kind == .routing })
        timeToFirstActionMs = run.spans.filter { $0.kind == .toolCall }.map(\.startMs).min()
    }

    /// The total length covered by `spans`' intervals.
    static func union(_ spans: [Span]) -> Double {
        let intervals = spans.map { ($0.startMs, $0.endMs) }.sorted { $0.0 < $1.0 }
        var total = 0.0
        var current: (Double, Double)?
        for interval in intervals {
            if let open = current, interval.0 <= open.1 {
                current = (open.0, max(open.1, interval.1))
            } else {
                if let open = current { total += open.1 - open.0 }
                current = interval
            }
        }
        if let open = current { total += open.1 - open.0 }
        return total
    }
}

/// Every model call of a run: which model, how long it took.
public struct ModelCallTiming: Sendable, Hashable {
    /// The model.
    public var model: String
    /// The call's latency, in ms.
    public var latencyMs: Double

    /// A timing from its parts.
    public init(model: String, latencyMs: Double) {
        self.model = model
        self.latencyMs = latencyMs
    }

    /// The model calls of `run`, classifier calls included, in span order.
    public static func all(in run: AgentRun) -> [ModelCallTiming] {
        // A model call that failed (a replay miss) took no time to measure: leave it out.
        var timings = run.spans.filter { $0.kind == .model && $0.status == .ok }.compactMap { span in
            span.attributes["model"]?.stringValue.map { ModelCallTiming(model: $0, latencyMs: span.durationMs) }
        }
        for span in run.spans where span.kind == .routing && span.durationMs > 0 {
            timings.append(ModelCallTiming(model: (span.attributes["classifierModel"] ?? span.attributes["model"])?.stringValue ?? "", latencyMs: span.durationMs))
        }
        return timings
    }
}

/// What a run's calls and checks show about safety: denials, refused calls, approvals, limits.
public struct SecurityFigures: Sendable, Hashable {
    /// Calls the gateway denied.
    public var denied: Int
    /// Calls validation refused.
    public var invalid: Int
    /// Approvals requested.
    public var approvalsRequested: Int
    /// Approvals granted as proposed.
    public var approvalsGranted: Int
    /// Approvals granted with edited arguments.
    public var approvalsEdited: Int
    /// Approvals rejected.
    public var approvalsRejected: Int
    /// Whether the scenario has a never-call list (injected instructions or forbidden actions to resist).
    public var hasNeverCall: Bool
    /// Whether the run proposed a call on that list.
    public var neverCallViolated: Bool

    /// Figures from their parts.
    public init(
        denied: Int, invalid: Int, approvalsRequested: Int, approvalsGranted: Int, approvalsEdited: Int, approvalsRejected: Int, hasNeverCall: Bool,
        neverCallViolated: Bool
    ) {
        self.denied = denied
        self.invalid = invalid
        self.approvalsRequested = approvalsRequested
        self.approvalsGranted = approvalsGranted
        self.approvalsEdited = approvalsEdited
        self.approvalsRejected = approvalsRejected
        self.hasNeverCall = hasNeverCall
        self.neverCallViolated = neverCallViolated
    }

    /// The figures of `run` under `expectations`' never-call list.
    public init(_ run: AgentRun, neverCall: [String]) {
        let calls = run.toolCalls
        denied = calls.filter { $0.outcome == .denied }.count
        invalid = calls.filter { $0.outcome == .invalid }.count
        let approvals = calls.compactMap(\.approval)
        approvalsRequested = approvals.count
        approvalsGranted = approvals.filter { if case .approve = $0 { true } else { false } }.count
        approvalsEdited = approvals.filter { if case .approveEdited = $0 { true } else { false } }.count
        approvalsRejected = approvals.filter { if case .reject = $0 { true } else { false } }.count
        hasNeverCall = !neverCall.isEmpty
        neverCallViolated = calls.contains { neverCall.contains($0.name) }
    }
}
