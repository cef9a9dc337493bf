public import RehearsalCore
import Synchronization

/// A model client that plays a ``Script``: the k-th request to a model gets that model's k-th turn (or, when the
/// script gives the asking agent turns of its own, that agent's k-th turn on that model), with token
/// usage estimated from the request and response (``TokenEstimator``) and latency from the model's profile.
///
/// Make one per run. Its responses are built in OpenAI's wire shape, so fixtures recorded from it look like
/// (and say they are not) recordings of the real provider.
public final class ScriptModelClient: ModelClient {
    private let script: Script
    private let state = Mutex(State())

    private struct State {
        var turnsUsed: [String: Int] = [:]
        var previous: [String: ModelRequest] = [:]
    }

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
            guard let answer = script.routing[request.model] else {
                throw ScriptError(message: "the script has no routing answer for classifier model \(request.model); add \"routing\": {\"\(request.model)\": \"0.7\"}")
            }
            let message = ChatMessage.assistant(answer)
            let usage = TokenUsage(input: input, output: TokenEstimator.outputTokens(of: message))
            let profile = script.models[request.model]?.latency ?? LatencyProfile()
            return ModelResponse(message: message, finishReason: "stop", usage: usage, latencyMs: profile.latency(for: usage), model: request.model)
        }
        guard let modelScript = script.models[request.model] else {
            throw ScriptError(message: "the script has no turns for model \(request.model) (it scripts \(script.models.keys.sorted().joined(separator: ", ")))")
        }
        // Each agent with turns of its own has its own stream; the others share the model's.
        let agentTurns = request.agent.flatMap { modelScript.agents[$0] }
        let stream = agentTurns == nil ? request.model : request.model + " " + (request.agent ?? "")
        let turns = agentTurns ?? modelScript.turns
        let (turnIndex, previous): (Int, ModelRequest?) = state.withLock { state in
            let index = state.turnsUsed[stream, default: 0]
            state.turnsUsed[stream] = index + 1
            let previous = state.previous[stream]
            state.previous[stream] = request
            return (index, previous)
        }
        guard turnIndex < turns.count else {
            let whose = agentTurns == nil ? request.model : "agent \(request.agent ?? "") on \(request.model)"
            throw ScriptError(message: "the script for \(whose) has \(turns.count) turns; the engine asked for turn \(turnIndex + 1) (the conversation needs another turn)")
        }
        let turn = turns[turnIndex]
        let calls = turn.calls.enumerated().map { offset, call in
            ToolCall(id: "call_" + SHA256.hex(key + "#\(offset)").prefix(24), name: call.tool, arguments: call.argumentsText)
        }
        let message = calls.isEmpty ? ChatMessage.assistant(turn.answer ?? "") : ChatMessage.assistant(turn.thought, toolCalls: calls)
        let usage = TokenUsage(
            input: input, cachedInput: TokenEstimator.cachedTokens(of: request, after: previous),
            output: TokenEstimator.outputTokens(of: message))
        return ModelResponse(
            message: message, finishReason: calls.isEmpty ? "stop" : "tool_calls", usage: usage,
            latencyMs: modelScript.latency.latency(for: usage), model: request.model)
    }
}

/// A tool executor that answers from a ``Script``'s tool entries: the first entry that matches and has uses
/// left answers. Make one per run.
public final class ScriptToolExecutor: ToolExecutor {
    private let script: Script
    private let uses = Mutex([Int: Int]())

    /// An executor playing `script`'s tools.
    public init(script: Script) { self.script = script }

    public func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        let name = call.tool.name
        let arguments = call.arguments
        let chosen: Int? = uses.withLock { uses in
            for (index, entry) in script.tools.enumerated() where entry.matches(tool: name, arguments: arguments) {
                if let times = entry.times, uses[index, default: 0] >= times { continue }
                uses[index, default: 0] += 1
                return index
            }
            return nil
        }
        guard let chosen else {
            throw ScriptError(message: "the script has no answer for \(name) called with \(arguments.serialized()); add a \"tools\" entry for it")
        }
        let entry = script.tools[chosen]
        return ToolResult(entry.outcome, latencyMs: entry.latencyMs)
    }
}

/// A script cannot answer what the engine asked.
public struct ScriptError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is missing from the script.
    public var message: String
    public var description: String { message }
}
