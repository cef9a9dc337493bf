public import RehearsalCore
import Synchronization

/// The ``StateStore`` kept in a SQLite file (`reports/rehearsal.sqlite` by default), for audit and history.
///
/// Every scenario run is one row in `scenario_runs` with its whole report entry, plus its steps, tool calls and
/// spans in the audit tables, written in one transaction; docs/store.md describes the tables for people querying
/// them with the `sqlite3` shell. Opening upgrades a database made by an older build and refuses one made by a
/// newer build (see ``Migrator``). Several processes can write the same file at once (WAL and a busy timeout; see
/// ``Connection``).
///
/// The store holds one ``Connection`` and its prepared statements behind a `Mutex`: they are only touched inside
/// `withLock`, so one thread at a time uses them, as SQLite requires of a connection. That is what makes the store
/// `Sendable`. Calls from several threads of one process queue on the lock; a call waiting for another process's
/// write waits with the lock held.
public final class SQLiteStateStore: StateStore {
    /// The schema version this build writes (the database's `PRAGMA user_version`).
    public static var schemaVersion: Int { StoreSchema.migrator.latestVersion }

    /// The database file, as given.
    public let path: String
    private let session: Mutex<Session>

    /// Opens the store at `path`, creating the file (and its folder) or upgrading an older schema as needed.
    /// - Parameters:
    ///   - path: The database file.
    ///   - busyTimeout: How long a write waits for another process's write before failing with code `busy`.
    /// - Throws: ``StateStoreError``: `newerSchema` when a newer rehearsal wrote the file, `corrupt` when it is not a
    ///   SQLite database, `io` when it cannot be made or opened.
    public init(path: String, busyTimeout: Duration = .seconds(10)) throws(StateStoreError) {
        self.path = path
        let connection = try Connection(path: path, busyTimeout: busyTimeout)
        try StoreSchema.migrator.migrate(connection)
        session = Mutex(try Session(connection))
    }

    public func beginRun(_ run: StoredRun) throws(StateStoreError) {
        try session.withLock { (session) throws(StateStoreError) in
            try session.connection.transaction { () throws(StateStoreError) in
                guard try !session.runExists(run.id) else {
                    throw StateStoreError(
                        "duplicateRun",
                        "\(path): a run with id \(run.id) is already stored; give the new run another id")
                }
                try session.insertRun.execute([
                    SQLiteValue(run.id), SQLiteValue(run.startedAt), SQLiteValue(run.finishedAt),
                    SQLiteValue(run.status.rawValue), SQLiteValue(run.suite), SQLiteValue(run.configuration),
                    SQLiteValue(run.configurationDigest), SQLiteValue(run.arguments.serialized()),
                    SQLiteValue(run.expectedScenarioRuns), SQLiteValue(run.summary?.serialized()),
                    SQLiteValue(run.rehearsalVersion),
                ])
            }
        }
    }

    public func record(_ scenario: StoredScenarioRun, inRun runID: String) throws(StateStoreError) {
        guard scenario.runID == runID else { throw StateStoreError.runMismatch(scenario, runID) }
        let audit = AuditRows(entry: scenario.entry)
        try session.withLock { (session) throws(StateStoreError) in
            try session.connection.transaction { () throws(StateStoreError) in
                guard try session.runExists(runID) else { throw StateStoreError.unknownRun(runID, in: path) }
                let key = [SQLiteValue(runID), SQLiteValue(scenario.scenarioID), SQLiteValue(scenario.trial)]
                // Cascades to the audit tables.
                try session.deleteScenarioRun.execute(key)
                try session.insertScenarioRun.execute(
                    key + [
                        SQLiteValue(scenario.traceID), SQLiteValue(scenario.family), SQLiteValue(scenario.passed),
                        SQLiteValue(scenario.model), SQLiteValue(scenario.costUSD), SQLiteValue(scenario.latencyMs),
                        SQLiteValue(scenario.stopReason),
                        SQLiteValue(JSONValue.array(scenario.failures.map(JSONValue.string)).serialized()),
                        SQLiteValue(scenario.entry.serialized()),
                    ])
                let auditKey = key + [SQLiteValue(scenario.traceID)]
                for row in audit.steps { try session.insertStep.execute(auditKey + row) }
                for row in audit.toolCalls { try session.insertToolCall.execute(auditKey + row) }
                for row in audit.spans { try session.insertSpan.execute(auditKey + row) }
            }
        }
    }

    public func finishRun(_ runID: String, summary: JSONValue, finishedAt: String) throws(StateStoreError) {
        try session.withLock { (session) throws(StateStoreError) in
            try session.connection.transaction { () throws(StateStoreError) in
                guard try session.runExists(runID) else { throw StateStoreError.unknownRun(runID, in: path) }
                try session.finishRun.execute([
                    SQLiteValue(StoredRun.Status.complete.rawValue), SQLiteValue(summary.serialized()),
                    SQLiteValue(finishedAt), SQLiteValue(runID),
                ])
            }
        }
    }

    public func run(_ runID: String) throws(StateStoreError) -> StoredRun? {
        guard !runID.isEmpty else { return nil }
        return try session.withLock { (session) throws(StateStoreError) -> StoredRun? in
            if let exact = try session.runByID.first([SQLiteValue(runID)], session.decodeRun) { return exact }
            let matches = try session.runsByPrefix.rows(
                [SQLiteValue(runID), SQLiteValue(runID + Session.afterPrefix)], session.decodeRun)
            guard matches.count <= 1 else {
                let shown = matches.prefix(Session.shownMatches).map(\.id).joined(separator: ", ")
                let more = matches.count > Session.shownMatches ? ", …" : ""
                throw StateStoreError(
                    "ambiguousPrefix",
                    "\(path): run id prefix \(runID) matches several runs (\(shown)\(more)); give more of the id")
            }
            return matches.first
        }
    }

    public func runs(last limit: Int?) throws(StateStoreError) -> [StoredRun] {
        try session.withLock { (session) throws(StateStoreError) in
            try session.latestRuns.rows([SQLiteValue(limit.map { max(0, $0) } ?? -1)], session.decodeRun)
        }
    }

    public func scenarioRuns(inRun runID: String) throws(StateStoreError) -> [StoredScenarioRun] {
        try session.withLock { (session) throws(StateStoreError) in
            try session.scenarioRunsInRun.rows([SQLiteValue(runID)], session.decodeScenarioRun)
        }
    }

    public func history(ofScenario scenarioID: String, last limit: Int?) throws(StateStoreError)
        -> [StoredScenarioRun]
    {
        try session.withLock { (session) throws(StateStoreError) in
            try session.history.rows(
                [SQLiteValue(scenarioID), SQLiteValue(limit.map { max(0, $0) } ?? -1)], session.decodeScenarioRun)
        }
    }

    public func scenarioRuns(traceIDPrefix prefix: String) throws(StateStoreError) -> [StoredScenarioRun] {
        let prefix = prefix.lowercased()
        guard !prefix.isEmpty else { return [] }
        return try session.withLock { (session) throws(StateStoreError) in
            try session.byTracePrefix.rows(
                [SQLiteValue(prefix), SQLiteValue(prefix + Session.afterPrefix)], session.decodeScenarioRun)
        }
    }
}

extension StateStoreError {
    static func unknownRun(_ runID: String, in path: String) -> Self {
        StateStoreError("unknownRun", "\(path): no run with id \(runID); begin the run before recording into it")
    }

    static func runMismatch(_ scenario: StoredScenarioRun, _ runID: String) -> Self {
        StateStoreError(
            "runMismatch",
            "scenario run \(scenario.scenarioID) trial \(scenario.trial) belongs to run \(scenario.runID), not \(runID)"
        )
    }
}
