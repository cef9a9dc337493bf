public import RehearsalCore
import Synchronization

/// A model client that plays a ``Script``: a conversation's k-th request to a model gets that model's k-th turn
/// (or, when the script gives the asking agent turns of its own, that agent's k-th turn on that model), with token
/// usage estimated from the request and response (``TokenEstimator``) and latency from the model's profile.
///
/// It keeps no state: the turn is read off the conversation (a request carrying k assistant messages asks for turn
/// k+1), so a recording session may answer some requests from earlier recordings without putting the script out of
/// step. Its responses are built in OpenAI's wire shape, so fixtures recorded from it look like (and say they are
/// not) recordings of the real provider.
public struct ScriptModelClient: ModelClient {
    private let script: Script

    /// A client playing `script`.
    public init(script: Script) { self.script = script }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        try answer(request)
    }

    /// The synchronous core of ``complete(_:)``.
    public func answer(_ request: ModelRequest) throws -> ModelResponse {
        let key = RequestKey.key(for: request)
        let input = TokenEstimator.inputTokens(of: request)
        if request.purpose == .routing {
            guard let answer = script.routing[request.model]?.answer(for: request.agent) else {
                let whom = request.agent.map { " (agent \($0))" } ?? ""
                throw ScriptError(message: "the script has no routing answer for classifier model \(request.model)\(whom); add \"routing\": {\"\(request.model)\": \"0.7\"} (or per agent: {\"\(request.model)\": {\"\(request.agent ?? "agent")\": \"0.7\"}})")
            }
            let message = ChatMessage.assistant(answer)
            let usage = TokenUsage(input: input, output: TokenEstimator.outputTokens(of: message))
            let profile = script.models[request.model]?.latency ?? LatencyProfile()
            return ModelResponse(message: message, finishReason: "stop", usage: usage, latencyMs: profile.latency(for: usage), model: request.model)
        }
        guard let modelScript = script.models[request.model] else {
            throw ScriptError(message: "the script has no turns for model \(request.model) (it scripts \(script.models.keys.sorted().joined(separator: ", ")))")
        }
        let agentTurns = request.agent.flatMap { modelScript.agents[$0] }
        let turns = agentTurns ?? modelScript.turns
        let lastAssistant = request.messages.lastIndex { $0.role == .assistant }
        let turnIndex = request.messages.filter { $0.role == .assistant }.count
        guard turnIndex < turns.count else {
            let whose = agentTurns == nil ? request.model : "agent \(request.agent ?? "") on \(request.model)"
            throw ScriptError(message: "the script for \(whose) has \(turns.count) turns; the engine asked for turn \(turnIndex + 1) (the conversation needs another turn)")
        }
        let turn = turns[turnIndex]
        let calls = turn.calls.enumerated().map { offset, call in
            ToolCall(id: "call_" + SHA256.hex(key + "#\(offset)").prefix(24), name: call.tool, arguments: call.argumentsText)
        }
        let message = calls.isEmpty ? ChatMessage.assistant(turn.answer ?? "") : ChatMessage.assistant(turn.thought, toolCalls: calls)
        // The conversation's previous request ended just before its last assistant message: its prompt is the
        // prefix a provider's cache would hold.
        var previous: ModelRequest?
        if let lastAssistant {
            previous = request
            previous!.messages = Array(request.messages[..<lastAssistant])
        }
        let usage = TokenUsage(
            input: input, cachedInput: TokenEstimator.cachedTokens(of: request, after: previous),
            output: TokenEstimator.outputTokens(of: message))
        return ModelResponse(
            message: message, finishReason: calls.isEmpty ? "stop" : "tool_calls", usage: usage,
            latencyMs: modelScript.latency.latency(for: usage), model: request.model)
    }
}

/// A tool executor that answers from a ``Script``'s tool entries: each call takes the first entry that matches it
/// and has uses left (`times` counts every call an entry answered in the run, whatever its arguments).
///
/// The answer depends only on the calls made before it in the run, which a recording session passes in
/// (``HistoryAwareToolExecutor``), so earlier calls the session served from its recordings still count.
public struct ScriptToolExecutor: ToolExecutor, HistoryAwareToolExecutor {
    private let script: Script
    private let history = CallHistory()

    /// An executor playing `script`'s tools.
    public init(script: Script) { self.script = script }

    public func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        try answer(tool: call.tool.name, arguments: call.arguments, after: history.append(call.tool.name, call.arguments))
    }

    public func execute(_ call: AuthorizedCall, after earlier: [(tool: String, arguments: JSONValue)]) async throws -> ToolResult {
        try answer(tool: call.tool.name, arguments: call.arguments, after: earlier)
    }

    /// The answer to `tool` called with `arguments` after the calls `earlier` in the same run.
    public func answer(tool name: String, arguments: JSONValue, after earlier: [(tool: String, arguments: JSONValue)]) throws -> ToolResult {
        var uses: [Int: Int] = [:]
        func select(_ tool: String, _ arguments: JSONValue) -> Int? {
            for (index, entry) in script.tools.enumerated() where entry.matches(tool: tool, arguments: arguments) {
                if let times = entry.times, uses[index, default: 0] >= times { continue }
                uses[index, default: 0] += 1
                return index
            }
            return nil
        }
        for call in earlier { _ = select(call.tool, call.arguments) }
        guard let chosen = select(name, arguments) else {
            let matching = script.tools.contains { $0.matches(tool: name, arguments: arguments) }
            let why = matching ? "every matching entry used up its \"times\"" : "no entry matches it"
            throw ScriptError(message: "the script has no answer for \(name) called with \(arguments.serialized()) (\(why)); add a \"tools\" entry for it")
        }
        let entry = script.tools[chosen]
        return ToolResult(entry.outcome, latencyMs: entry.latencyMs)
    }
}

/// A tool executor whose answer depends on the calls made before it in the run; recording decorators pass them,
/// since they may have answered some of those calls themselves.
public protocol HistoryAwareToolExecutor: ToolExecutor {
    /// Runs `call`, made after `earlier` in this run.
    func execute(_ call: AuthorizedCall, after earlier: [(tool: String, arguments: JSONValue)]) async throws -> ToolResult
}

/// The calls of one run, in order.
final class CallHistory: Sendable {
    private let calls = Mutex<[(tool: String, arguments: JSONValue)]>([])

    /// Records a call and returns the calls before it.
    func append(_ tool: String, _ arguments: JSONValue) -> [(tool: String, arguments: JSONValue)] {
        calls.withLock { calls in
            defer { calls.append((tool, arguments)) }
            return calls
        }
    }
}

/// A script cannot answer what the engine asked.
public struct ScriptError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is missing from the script.
    public var message: String
    public var description: String { message }
}
