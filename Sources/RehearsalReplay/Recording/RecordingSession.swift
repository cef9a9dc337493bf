public import RehearsalCore
import Synchronization

/// The exchanges of one scenario being recorded, shared by the runs that record it (one per model), so that an
/// API call two models both make is recorded once and answered identically.
///
/// Each run gets its own decorators (``modelClient(wrapping:provenance:)``,
/// ``toolExecutor(wrapping:provenance:)``), which replay what the session already holds first-in first-out and
/// pass misses to the wrapped provider, recording its answer.
public final class RecordingSession: Sendable {
    private let mode: RecordMode
    private let state: Mutex<State>

    private struct State {
        var llm: LLMCassette
        var api: APICassette
        var recordedLLM = 0
        var recordedAPI = 0
    }

    /// A session in `mode`, starting from `existing` recordings (ignored when the mode re-records all).
    public init(mode: RecordMode, existingLLM: [LLMExchange] = [], existingAPI: [APIExchange] = []) {
        self.mode = mode
        let keep = mode.keepsExisting
        state = Mutex(State(llm: LLMCassette(keep ? existingLLM : []), api: APICassette(keep ? existingAPI : [])))
    }

    /// The model exchanges to write, in order.
    public var llmExchanges: [LLMExchange] { state.withLock { $0.llm.exchanges } }
    /// The API exchanges to write, in order.
    public var apiExchanges: [APIExchange] { state.withLock { $0.api.exchanges } }
    /// How many exchanges this session recorded (model, API).
    public var recordedCounts: (llm: Int, api: Int) { state.withLock { ($0.recordedLLM, $0.recordedAPI) } }

    /// A model client for one run: replays the session's recordings, records misses from `inner`.
    public func modelClient(wrapping inner: any ModelClient, provenance: Provenance) -> any ModelClient {
        RecordingModelClient(session: self, inner: inner, provenance: provenance)
    }

    /// A tool executor for one run: replays the session's recordings, records misses from `inner`.
    public func toolExecutor(wrapping inner: any ToolExecutor, provenance: Provenance) -> any ToolExecutor {
        RecordingToolExecutor(session: self, inner: inner, provenance: provenance)
    }

    fileprivate func replayLLM(key: String, skipping used: Int) -> LLMExchange? {
        state.withLock { state in
            let positions = state.llm.positions(for: key)
            return used < positions.count ? state.llm.exchanges[positions[used]] : nil
        }
    }

    fileprivate func record(_ exchange: LLMExchange) {
        state.withLock { state in
            state.llm.append(exchange)
            state.recordedLLM += 1
        }
    }

    fileprivate func replayAPI(key: String, skipping used: Int) -> APIExchange? {
        state.withLock { state in
            let positions = state.api.positions(for: key)
            return used < positions.count ? state.api.exchanges[positions[used]] : nil
        }
    }

    fileprivate func record(_ exchange: APIExchange) {
        state.withLock { state in
            state.api.append(exchange)
            state.recordedAPI += 1
        }
    }

    fileprivate var recordsMisses: Bool { mode.records }
}

/// Records what the wrapped client answered: the same path as replay, plus a write.
final class RecordingModelClient: ModelClient {
    private let session: RecordingSession
    private let inner: any ModelClient
    private let provenance: Provenance
    private let used = Mutex([String: Int]())

    init(session: RecordingSession, inner: any ModelClient, provenance: Provenance) {
        self.session = session
        self.inner = inner
        self.provenance = provenance
    }

    func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let key = RequestKey.key(for: request)
        let count = used.withLock { used in
            defer { used[key, default: 0] += 1 }
            return used[key, default: 0]
        }
        if let exchange = session.replayLLM(key: key, skipping: count) { return try exchange.decodedResponse() }
        guard session.recordsMisses else {
            throw ReplayMiss(what: "model call (\(request.model))", key: key, detail: "record mode is never")
        }
        let response = try await inner.complete(request)
        let exchange = LLMExchange(request: request, response: response, provenance: provenance)
        session.record(exchange)
        // Answer with the recorded form so recording and replay feed the engine identical responses.
        return try exchange.decodedResponse()
    }
}

/// Records what the wrapped executor answered.
final class RecordingToolExecutor: ToolExecutor {
    private let session: RecordingSession
    private let inner: any ToolExecutor
    private let provenance: Provenance
    private let used = Mutex([String: Int]())
    private let history = CallHistory()

    init(session: RecordingSession, inner: any ToolExecutor, provenance: Provenance) {
        self.session = session
        self.inner = inner
        self.provenance = provenance
    }

    func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        let key = RequestKey.apiKey(tool: call.tool.name, arguments: call.arguments)
        let count = used.withLock { used in
            defer { used[key, default: 0] += 1 }
            return used[key, default: 0]
        }
        let earlier = history.append(call.tool.name, call.arguments)
        if let exchange = session.replayAPI(key: key, skipping: count) { return exchange.result }
        guard session.recordsMisses else {
            throw ReplayMiss(what: "tool call \(call.tool.name)", key: key, detail: "record mode is never")
        }
        let result: ToolResult
        if let historyAware = inner as? any HistoryAwareToolExecutor {
            result = try await historyAware.execute(call, after: earlier)
        } else {
            result = try await inner.execute(call)
        }
        let exchange = APIExchange(tool: call.tool.name, arguments: call.arguments, outcome: result.outcome, latencyMs: result.latencyMs, provenance: provenance)
        session.record(exchange)
        return exchange.result
    }
}
