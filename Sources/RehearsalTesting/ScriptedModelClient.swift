public import RehearsalCore
import Synchronization

/// A model client for tests: answers with the given responses in order and remembers every request.
///
/// ```swift
/// let model = ScriptedModelClient([
///     .calling("get_budget", ["department": "IT"]),
///     .answering("You have $68,500 left."),
/// ])
/// ```
public final class ScriptedModelClient: ModelClient {
    private let state: Mutex<(responses: [ModelResponse], requests: [ModelRequest])>

    /// A client answering with `responses`, one per request.
    public init(_ responses: [ModelResponse]) { state = Mutex((responses, [])) }

    /// The requests received, in order.
    public var requests: [ModelRequest] { state.withLock { $0.requests } }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        try state.withLock { state in
            state.requests.append(request)
            guard !state.responses.isEmpty else { throw ScriptExhausted(request: state.requests.count) }
            var response = state.responses.removeFirst()
            if response.model.isEmpty { response.model = request.model }
            return response
        }
    }
}

/// A ``ScriptedModelClient`` ran out of responses.
public struct ScriptExhausted: Error, Sendable, CustomStringConvertible {
    /// The request number (from 1) that found no response.
    public var request: Int
    public var description: String { "scripted model client has no response for request \(request)" }
}

extension ModelResponse {
    /// A response calling one tool with `arguments` (serialized as JSON).
    public static func calling(
        _ tool: String, _ arguments: JSONValue = [:], thought: String? = nil, id: String? = nil, latencyMs: Double = 100,
        usage: TokenUsage = TokenUsage(input: 100, output: 20)
    ) -> ModelResponse {
        calling([(tool, arguments)], thought: thought, latencyMs: latencyMs, usage: usage, ids: id.map { [$0] })
    }

    /// A response calling several tools in one turn.
    public static func calling(
        _ calls: [(String, JSONValue)], thought: String? = nil, latencyMs: Double = 100,
        usage: TokenUsage = TokenUsage(input: 100, output: 20), ids: [String]? = nil
    ) -> ModelResponse {
        let toolCalls = calls.enumerated().map { index, call in
            ToolCall(id: ids?[index] ?? "call_\(call.0)_\(index)", name: call.0, arguments: call.1.serialized())
        }
        return ModelResponse(message: .assistant(thought, toolCalls: toolCalls), finishReason: "tool_calls", usage: usage, latencyMs: latencyMs, model: "")
    }

    /// A response calling `tool` with raw argument text (to script malformed output).
    public static func calling(_ tool: String, rawArguments: String, latencyMs: Double = 100, usage: TokenUsage = TokenUsage(input: 100, output: 20)) -> ModelResponse {
        ModelResponse(
            message: .assistant(nil, toolCalls: [ToolCall(id: "call_\(tool)_raw", name: tool, arguments: rawArguments)]),
            finishReason: "tool_calls", usage: usage, latencyMs: latencyMs, model: "")
    }

    /// A response answering with `text` and no tool call.
    public static func answering(_ text: String, latencyMs: Double = 100, usage: TokenUsage = TokenUsage(input: 100, output: 20)) -> ModelResponse {
        ModelResponse(message: .assistant(text), finishReason: "stop", usage: usage, latencyMs: latencyMs, model: "")
    }
}
