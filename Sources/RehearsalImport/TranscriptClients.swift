public import RehearsalCore
public import RehearsalReplay
import Synchronization

/// A model client that plays back an imported trace's turns: a conversation's k-th request (the one carrying k
/// assistant messages) gets the trace's k-th turn, with the tokens and latency the trace recorded.
///
/// Run through a ``RecordingSession`` it turns the trace into fixtures keyed by the engine's own requests, so a
/// replay of the imported scenario finds them. Whatever model the request names answers with the recorded turn:
/// the imported configuration routes every request to the model the trace used.
public struct TranscriptModelClient: ModelClient {
    private let trace: ImportedTrace

    /// A client playing `trace`'s turns.
    public init(trace: ImportedTrace) { self.trace = trace }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let index = request.messages.filter { $0.role == .assistant }.count
        guard index < trace.turns.count else {
            throw TranscriptError(message: "the trace has \(trace.turns.count) model turn\(trace.turns.count == 1 ? "" : "s"); the engine asked for turn \(index + 1) (it went on where the recorded run stopped)")
        }
        let turn = trace.turns[index]
        if let error = turn.error { throw TranscriptError(message: "the recorded model call failed: \(error)") }
        let key = RequestKey.key(for: request)
        let calls = turn.calls.enumerated().map { offset, call in
            ToolCall(id: "call_" + SHA256.hex(key + "#\(offset)").prefix(24), name: call.name, arguments: call.arguments ?? "{}")
        }
        let message = calls.isEmpty
            ? ChatMessage.assistant(turn.text ?? TranscriptModelClient.notCaptured)
            : ChatMessage.assistant(turn.text, toolCalls: calls)
        let usage = turn.usage ?? TokenUsage(input: TokenEstimator.inputTokens(of: request), output: TokenEstimator.outputTokens(of: message))
        return ModelResponse(
            message: message, finishReason: turn.finishReason ?? (calls.isEmpty ? "stop" : "tool_calls"), usage: usage,
            latencyMs: turn.latencyMs ?? 0, model: turn.model ?? request.model)
    }

    /// The answer a skeleton trace gives where the model's text was not captured.
    public static let notCaptured = "(the model's answer was not captured in the trace)"
}

/// A tool executor that answers from an imported trace's tool results: each call to a tool takes that tool's next
/// recorded result, in order (traces pair results with calls by order; call ids may repeat).
public struct TranscriptToolExecutor: ToolExecutor, HistoryAwareToolExecutor {
    private let trace: ImportedTrace
    private let history = CallNames()

    /// An executor playing `trace`'s tool results.
    public init(trace: ImportedTrace) { self.trace = trace }

    public func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        try answer(call.tool.name, after: history.append(call.tool.name))
    }

    public func execute(_ call: AuthorizedCall, after earlier: [(tool: String, arguments: JSONValue)]) async throws -> ToolResult {
        try answer(call.tool.name, after: earlier.map(\.tool))
    }

    /// The answer to the next call of `tool`, after the calls `earlier` in the run.
    func answer(_ tool: String, after earlier: [String]) throws -> ToolResult {
        let taken = earlier.filter { $0 == tool }.count
        let results = trace.toolResults.filter { $0.name == tool }
        guard taken < results.count else {
            throw TranscriptError(message: "the trace has \(results.count) result\(results.count == 1 ? "" : "s") of \(tool); the engine called it a \(taken + 1)\(taken == 0 ? "st" : taken == 1 ? "nd" : taken == 2 ? "rd" : "th") time")
        }
        let result = results[taken]
        if let error = result.error { return ToolResult(.failure(status: nil, message: error), latencyMs: result.latencyMs ?? 0) }
        return ToolResult(.success(.string(result.output ?? TranscriptToolExecutor.notCaptured)), latencyMs: result.latencyMs ?? 0)
    }

    /// The result a skeleton trace gives where the tool's output was not captured.
    public static let notCaptured = "(the tool's result was not captured in the trace)"
}

/// The tools called so far in one run, in order.
final class CallNames: Sendable {
    private let names = Mutex<[String]>([])

    /// Records a call and returns the tools called before it.
    func append(_ name: String) -> [String] {
        names.withLock { names in
            defer { names.append(name) }
            return names
        }
    }
}

/// An imported trace cannot answer what the engine asked: the imported scenario does not reproduce the recording.
public struct TranscriptError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
