public import RehearsalCore
import Synchronization

/// A ``StateStore`` in memory, for tests: the same behaviour as the SQLite store (the conformance tests hold both to
/// it), gone with the value.
///
/// Text is ordered and prefix-matched by UTF-8 bytes, as SQLite compares text, so both stores list in one order.
public final class InMemoryStateStore: StateStore {
    private struct Contents {
        var runs: [String: StoredRun] = [:]
        /// Run id → (scenario id, trial) → scenario run.
        var scenarioRuns: [String: [Key: StoredScenarioRun]] = [:]
    }

    private struct Key: Hashable {
        var scenarioID: String
        var trial: Int
    }

    private let contents = Mutex(Contents())

    /// An empty store.
    public init() {}

    public func beginRun(_ run: StoredRun) throws(StateStoreError) {
        try contents.withLock { (contents) throws(StateStoreError) in
            guard contents.runs[run.id] == nil else {
                throw StateStoreError(
                    "duplicateRun", "memory: a run with id \(run.id) is already stored; give the new run another id")
            }
            contents.runs[run.id] = run
            contents.scenarioRuns[run.id] = [:]
        }
    }

    public func record(_ scenario: StoredScenarioRun, inRun runID: String) throws(StateStoreError) {
        guard scenario.runID == runID else {
            throw StateStoreError(
                "runMismatch",
                "scenario run \(scenario.scenarioID) trial \(scenario.trial) belongs to run \(scenario.runID), not \(runID)"
            )
        }
        try contents.withLock { (contents) throws(StateStoreError) in
            guard contents.runs[runID] != nil else { throw Self.unknownRun(runID) }
            contents.scenarioRuns[runID, default: [:]][Key(scenarioID: scenario.scenarioID, trial: scenario.trial)] =
                scenario
        }
    }

    public func finishRun(_ runID: String, summary: JSONValue, finishedAt: String) throws(StateStoreError) {
        try contents.withLock { (contents) throws(StateStoreError) in
            guard contents.runs[runID] != nil else { throw Self.unknownRun(runID) }
            contents.runs[runID]?.status = .complete
            contents.runs[runID]?.summary = summary
            contents.runs[runID]?.finishedAt = finishedAt
        }
    }

    public func run(_ runID: String) throws(StateStoreError) -> StoredRun? {
        guard !runID.isEmpty else { return nil }
        return try contents.withLock { (contents) throws(StateStoreError) -> StoredRun? in
            if let exact = contents.runs[runID] { return exact }
            let matches = contents.runs.values.filter { $0.id.utf8.starts(with: runID.utf8) }
                .sorted { Self.precedes($0.id, $1.id) }
            guard matches.count <= 1 else {
                let shown = matches.prefix(5).map(\.id).joined(separator: ", ")
                throw StateStoreError(
                    "ambiguousPrefix",
                    "memory: run id prefix \(runID) matches several runs (\(shown)\(matches.count > 5 ? ", …" : "")); "
                        + "give more of the id")
            }
            return matches.first
        }
    }

    public func runs(last limit: Int?) throws(StateStoreError) -> [StoredRun] {
        let newestFirst = contents.withLock { Self.newestFirst(Array($0.runs.values)) }
        return Array(newestFirst.prefix(limit.map { max(0, $0) } ?? .max))
    }

    public func scenarioRuns(inRun runID: String) throws(StateStoreError) -> [StoredScenarioRun] {
        contents.withLock { Self.inScenarioOrder(Array(($0.scenarioRuns[runID] ?? [:]).values)) }
    }

    public func history(ofScenario scenarioID: String, last limit: Int?) throws(StateStoreError)
        -> [StoredScenarioRun]
    {
        contents.withLock { contents in
            let runs = Self.newestFirst(Array(contents.runs.values)).filter { run in
                contents.scenarioRuns[run.id]?.keys.contains { $0.scenarioID == scenarioID } ?? false
            }
            return runs.prefix(limit.map { max(0, $0) } ?? .max).flatMap { run in
                Self.inScenarioOrder(
                    (contents.scenarioRuns[run.id] ?? [:]).values.filter { $0.scenarioID == scenarioID })
            }
        }
    }

    public func scenarioRuns(traceIDPrefix prefix: String) throws(StateStoreError) -> [StoredScenarioRun] {
        let prefix = prefix.lowercased()
        guard !prefix.isEmpty else { return [] }
        return contents.withLock { contents in
            Self.newestFirst(Array(contents.runs.values)).flatMap { run in
                Self.inScenarioOrder(
                    (contents.scenarioRuns[run.id] ?? [:]).values.filter { $0.traceID.utf8.starts(with: prefix.utf8) })
            }
        }
    }

    private static func unknownRun(_ runID: String) -> StateStoreError {
        StateStoreError("unknownRun", "memory: no run with id \(runID); begin the run before recording into it")
    }

    /// Whether `a` sorts before `b` the way SQLite compares text: by UTF-8 bytes.
    private static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    private static func newestFirst(_ runs: [StoredRun]) -> [StoredRun] {
        runs.sorted { a, b in
            if precedes(b.startedAt, a.startedAt) { return true }
            if precedes(a.startedAt, b.startedAt) { return false }
            return precedes(b.id, a.id)
        }
    }

    private static func inScenarioOrder(_ runs: [StoredScenarioRun]) -> [StoredScenarioRun] {
        runs.sorted { a, b in
            if precedes(a.scenarioID, b.scenarioID) { return true }
            if precedes(b.scenarioID, a.scenarioID) { return false }
            return a.trial < b.trial
        }
    }
}
