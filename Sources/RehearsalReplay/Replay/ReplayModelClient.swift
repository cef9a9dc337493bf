public import RehearsalCore
import Synchronization

/// A model client that answers from recordings: how scenarios run offline, deterministically, in milliseconds.
///
/// Make one per scenario run: it remembers which recordings the run has used, so repeated identical requests are
/// served first-in first-out.
public final class ReplayModelClient: ModelClient {
    private let cassette: LLMCassette
    private let matcher: RequestMatcher
    private let state = Mutex(State())

    private struct State {
        var keys = IncrementalRequestKey()
        var used: [String: Int] = [:]
        /// The next recording per purpose and model, for the `sequence` matcher.
        var sequenceNext: [String: Int] = [:]
        var calls = 0
        var warnings: [String] = []
        var served = Set<Int>()
    }

    /// A client replaying `cassette` with `matcher`.
    public init(cassette: LLMCassette, matcher: RequestMatcher = .canonical) {
        self.cassette = cassette
        self.matcher = matcher
    }

    /// Drift the `sequence` matcher noticed: requests that differ from the recordings they were served.
    public var warnings: [String] { state.withLock { $0.warnings } }

    /// The positions (in the cassette) of the recordings this client has served.
    public var servedPositions: Set<Int> { state.withLock { $0.served } }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        try answer(request)
    }

    /// The synchronous core of ``complete(_:)``.
    public func answer(_ request: ModelRequest) throws -> ModelResponse {
        let purpose = request.purpose == .routing ? "routing" : "agent"
        var key = ""
        let exchange: LLMExchange = try state.withLock { state in
            // Routing calls are one-offs; the agent's conversation grows call by call and is keyed incrementally.
            key = request.purpose == .routing ? RequestKey.key(for: request) : state.keys.key(for: request)
            state.calls += 1
            let what = "model call \(state.calls) (\(purpose), \(request.model))"
            if matcher.isSequence {
                // The k-th call to a model gets that model's k-th recording: another model's answers would be
                // replayed under the wrong name and price.
                let candidates = cassette.exchanges.indices.filter { cassette.exchanges[$0].purpose == purpose && cassette.exchanges[$0].model == request.model }
                let stream = purpose + " " + request.model
                let next = state.sequenceNext[stream, default: 0]
                guard next < candidates.count else {
                    let detail = candidates.isEmpty
                        ? "the fixture has no \(purpose) recordings for model \(request.model)"
                        : "the recording has \(candidates.count) \(purpose) call\(candidates.count == 1 ? "" : "s") to \(request.model); the agent made more"
                    throw ReplayMiss(what: what, key: key, detail: detail)
                }
                state.sequenceNext[stream] = next + 1
                state.served.insert(candidates[next])
                let exchange = cassette.exchanges[candidates[next]]
                if exchange.key != key {
                    let differences = JSONDiff.differences(from: RequestKey.canonicalize(exchange.request), to: RequestKey.canonicalBody(for: request), limit: 3)
                    state.warnings.append("\(what): request drifted from recording \(next + 1): " + differences.map(\.description).joined(separator: "; "))
                }
                return exchange
            }
            let positions = cassette.positions(for: key)
            let used = state.used[key, default: 0]
            guard used < positions.count else {
                if positions.isEmpty { throw ReplayMiss(what: what, key: key, detail: nearestDescription(to: request, purpose: purpose)) }
                throw ReplayMiss(what: what, key: key, detail: "all \(positions.count) recording\(positions.count == 1 ? "" : "s") of this request were already used by this run")
            }
            state.used[key] = used + 1
            state.served.insert(positions[used])
            return cassette.exchanges[positions[used]]
        }
        do {
            return try exchange.decodedResponse()
        } catch {
            throw ReplayMiss(what: "model call (\(request.model))", key: key, detail: "the recording's response is malformed: \(error)")
        }
    }

    /// How the request differs from the most similar recording of the same purpose.
    private func nearestDescription(to request: ModelRequest, purpose: String) -> String {
        let candidates = cassette.exchanges.filter { $0.purpose == purpose }
        guard !candidates.isEmpty else {
            return "the fixture has no \(purpose) recordings at all (record it with `rehearsal record`)"
        }
        let actual = RequestKey.canonicalBody(for: request)
        var best: (exchange: LLMExchange, differences: [JSONDiff.Difference])?
        for exchange in candidates {
            let differences = JSONDiff.differences(from: RequestKey.canonicalize(exchange.request), to: actual, limit: 50)
            let better = best.map { current in
                differences.count < current.differences.count
                    || (differences.count == current.differences.count && exchange.model == request.model && current.exchange.model != request.model)
            } ?? true
            if better { best = (exchange, differences) }
        }
        guard let best else { return "no recordings" }
        let models = Set(candidates.map(\.model)).sorted()
        var detail = ""
        if !models.contains(request.model) {
            detail += "the fixture has no recordings for model \(request.model) (it has \(models.joined(separator: ", "))); "
        }
        let shown = best.differences.prefix(5).map { "  " + $0.description }.joined(separator: "\n")
        let more = best.differences.count > 5 ? "\n  … and \(best.differences.count >= 50 ? "more" : "\(best.differences.count - 5) more") differences" : ""
        return detail + "the nearest recording (key \(best.exchange.key.prefix(19)), model \(best.exchange.model)) differs:\n" + shown + more
    }
}
