public import RehearsalCore
import Synchronization

/// The exchanges of one scenario being recorded, shared by the runs that record it (one per model and
/// configuration), so that an API call two runs both make is recorded once and answered identically.
///
/// Each run gets its own decorators (``modelClient(wrapping:provenance:)``,
/// ``toolExecutor(wrapping:provenance:reRecording:)``), which replay what the session already holds first-in
/// first-out and pass misses to the wrapped provider, recording its answer.
///
/// A session may record only some models (``init(mode:existingLLM:existingAPI:models:)``). Then the other models'
/// earlier recordings answer their requests and are never re-recorded, and under ``RecordMode/all`` the chosen
/// models' earlier recordings are replaced by what the runs record. Whatever the runs do not use is written back
/// where it was, except the replaced models' exchanges: recording some models never loses another's recordings.
public final class RecordingSession: Sendable {
    private let mode: RecordMode
    private let models: Set<String>?
    private let state: Mutex<State>

    private struct State {
        /// Recordings from before the session that runs may replay (or, for replaced models, not).
        var earlierLLM: LLMCassette
        var earlierAPI: APICassette
        /// What the session's runs used or recorded, in order.
        var llm = LLMCassette()
        var api = APICassette()
        var recordedLLM = 0
        var recordedAPI = 0
        var unrecordedModels: [String] = []
    }

    /// A session in `mode`, starting from `existing` recordings.
    ///
    /// - Parameters:
    ///   - mode: `all` re-records, `missing` records only what has no recording, `never` records nothing.
    ///   - existingLLM: the scenario's model exchanges so far (of the trial being recorded).
    ///   - existingAPI: its API exchanges so far.
    ///   - models: the models whose calls may be recorded; nil for every model. With `all` and nil the existing
    ///     recordings are ignored; with `all` and a set, only the set's existing model exchanges are replaced. A
    ///     request for another model that no recording answers fails the run (see ``unrecordedModels``).
    public init(mode: RecordMode, existingLLM: [LLMExchange] = [], existingAPI: [APIExchange] = [], models: Set<String>? = nil) {
        self.mode = mode
        self.models = models
        let keep = mode.keepsExisting || models != nil
        state = Mutex(State(earlierLLM: LLMCassette(keep ? existingLLM : []), earlierAPI: APICassette(keep ? existingAPI : [])))
    }

    /// The model exchanges to write, in order: the earlier ones where they were (a re-recorded one in its
    /// predecessor's place; a replaced model's exchanges no run asked for dropped), then the new ones.
    public var llmExchanges: [LLMExchange] {
        state.withLock { state in
            RecordingSession.merged(earlier: state.earlierLLM.exchanges, used: state.llm.exchanges, key: \.key) { self.replaces($0.model) }
        }
    }

    /// The API exchanges to write, in order: the earlier ones where they were (a re-recorded one in its
    /// predecessor's place; API exchanges belong to no model, so none is dropped), then the new ones.
    public var apiExchanges: [APIExchange] {
        state.withLock { state in RecordingSession.merged(earlier: state.earlierAPI.exchanges, used: state.api.exchanges, key: \.key) { _ in false } }
    }

    /// How many exchanges this session recorded from the wrapped providers (model, API).
    public var recordedCounts: (llm: Int, api: Int) { state.withLock { ($0.recordedLLM, $0.recordedAPI) } }

    /// The models runs asked for that the session may not record and had no recording for, in the order asked:
    /// the runs that asked stopped with a ``ReplayMiss``.
    public var unrecordedModels: [String] { state.withLock { $0.unrecordedModels } }

    /// A model client for one run: replays the session's recordings, records misses from `inner`.
    public func modelClient(wrapping inner: any ModelClient, provenance: Provenance) -> any ModelClient {
        RecordingModelClient(session: self, inner: inner, provenance: provenance)
    }

    /// A tool executor for one run: replays the session's recordings, records misses from `inner`.
    /// - Parameter reRecording: under `all`, send calls this session has not answered yet to `inner` even when an
    ///   earlier recording has them: for the runs of the models being re-recorded, so their API answers come from
    ///   the provider too. Other runs replay earlier API recordings first.
    public func toolExecutor(wrapping inner: any ToolExecutor, provenance: Provenance, reRecording: Bool = false) -> any ToolExecutor {
        RecordingToolExecutor(session: self, inner: inner, provenance: provenance, reusesEarlier: mode.keepsExisting || !reRecording)
    }

    /// Whether `model`'s earlier exchanges give way to new recordings.
    private func replaces(_ model: String) -> Bool { !mode.keepsExisting && (models?.contains(model) ?? true) }

    /// Whether calls to `model` may be recorded.
    private func records(_ model: String) -> Bool { mode.records && (models?.contains(model) ?? true) }

    /// The `used`-th exchange for `key`: one a run of this session used, else an earlier one it may reuse.
    fileprivate func replayLLM(key: String, model: String, skipping used: Int) -> LLMExchange? {
        state.withLock { state in
            let positions = state.llm.positions(for: key)
            if used < positions.count { return state.llm.exchanges[positions[used]] }
            let earlier = state.earlierLLM.positions(for: key)
            // Runs take a key's exchanges in order, so the session holds exactly `used` of them here.
            guard used == positions.count, used < earlier.count, !replaces(model) else { return nil }
            let exchange = state.earlierLLM.exchanges[earlier[used]]
            state.llm.append(exchange)
            return exchange
        }
    }

    /// Why a model call may not be recorded, or nil when it may.
    fileprivate func refusal(toRecord model: String) -> String? {
        guard mode.records else { return "record mode is never" }
        guard !records(model) else { return nil }
        state.withLock { $0.unrecordedModels.append(model) }
        return "\(model) is not among the models being recorded (\(models!.sorted().joined(separator: ", "))), and no recording of it answers this request"
    }

    fileprivate func record(_ exchange: LLMExchange) {
        state.withLock { state in
            state.llm.append(exchange)
            state.recordedLLM += 1
        }
    }

    fileprivate func replayAPI(key: String, skipping used: Int, reusingEarlier: Bool) -> APIExchange? {
        state.withLock { state in
            let positions = state.api.positions(for: key)
            if used < positions.count { return state.api.exchanges[positions[used]] }
            let earlier = state.earlierAPI.positions(for: key)
            guard reusingEarlier, used == positions.count, used < earlier.count else { return nil }
            let exchange = state.earlierAPI.exchanges[earlier[used]]
            state.api.append(exchange)
            return exchange
        }
    }

    fileprivate func record(_ exchange: APIExchange) {
        state.withLock { state in
            state.api.append(exchange)
            state.recordedAPI += 1
        }
    }

    fileprivate var recordsMisses: Bool { mode.records }

    /// `earlier` in its order, each exchange the runs used again (or recorded anew under the same key and
    /// position) in its place, the unused ones kept unless `drops` says otherwise; then the rest of `used`.
    private static func merged<Exchange>(earlier: [Exchange], used: [Exchange], key: (Exchange) -> String, drops: (Exchange) -> Bool) -> [Exchange] {
        guard !earlier.isEmpty else { return used }
        // An exchange is the n-th of its key: replay takes a key's exchanges in order, so (key, n) names a slot.
        var slots: [String: [Int]] = [:]
        for index in used.indices { slots[key(used[index]), default: []].append(index) }
        var taken = Set<Int>()
        var seen: [String: Int] = [:]
        var result: [Exchange] = []
        for exchange in earlier {
            let name = key(exchange)
            let occurrence = seen[name, default: 0]
            seen[name] = occurrence + 1
            if let indexes = slots[name], occurrence < indexes.count {
                result.append(used[indexes[occurrence]])
                taken.insert(indexes[occurrence])
            } else if !drops(exchange) {
                result.append(exchange)
            }
        }
        result += used.indices.filter { !taken.contains($0) }.map { used[$0] }
        return result
    }
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
        if let exchange = session.replayLLM(key: key, model: request.model, skipping: count) { return try exchange.decodedResponse() }
        if let refusal = session.refusal(toRecord: request.model) {
            throw ReplayMiss(what: "model call (\(request.model))", key: key, detail: refusal)
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
    private let reusesEarlier: Bool
    private let used = Mutex([String: Int]())
    private let history = CallHistory()

    init(session: RecordingSession, inner: any ToolExecutor, provenance: Provenance, reusesEarlier: Bool) {
        self.session = session
        self.inner = inner
        self.provenance = provenance
        self.reusesEarlier = reusesEarlier
    }

    func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        let key = RequestKey.apiKey(tool: call.tool.name, arguments: call.arguments)
        let count = used.withLock { used in
            defer { used[key, default: 0] += 1 }
            return used[key, default: 0]
        }
        let earlier = history.append(call.tool.name, call.arguments)
        if let exchange = session.replayAPI(key: key, skipping: count, reusingEarlier: reusesEarlier) { return exchange.result }
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
