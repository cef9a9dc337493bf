import RehearsalCore

extension SQLiteStateStore {
    /// The store's connection and its statements, compiled once when the store opens and reused by every call.
    /// Used only under the store's lock.
    final class Session {
        let connection: Connection
        let insertRun, runExistsStatement, finishRun, runByID, runsByPrefix, latestRuns: Statement
        let deleteScenarioRun, insertScenarioRun, insertStep, insertToolCall, insertSpan: Statement
        let scenarioRunsInRun, history, byTracePrefix: Statement

        /// Appended to a prefix p, the smallest text above every text that starts with p (U+10FFFF is the last
        /// scalar, and SQLite compares text by its UTF-8 bytes), so `x >= p AND x < p || afterPrefix` is a prefix
        /// match that can use an index.
        static let afterPrefix = "\u{10FFFF}"
        /// How many runs an ambiguous prefix error names.
        static let shownMatches = 5

        private static let runColumns = """
            id, started_at, finished_at, status, suite, configuration, configuration_digest, arguments,
            expected_scenario_runs, summary, rehearsal_version
            """
        private static let scenarioRunColumns = """
            s.run_id, s.scenario_id, s.trial, s.trace_id, s.family, s.passed, s.model, s.cost_usd, s.latency_ms,
            s.stop_reason, s.failures, s.entry
            """

        init(_ connection: Connection) throws(StateStoreError) {
            self.connection = connection
            insertRun = try connection.prepare(
                "INSERT INTO runs (\(Self.runColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            runExistsStatement = try connection.prepare("SELECT 1 FROM runs WHERE id = ?")
            finishRun = try connection.prepare("UPDATE runs SET status = ?, summary = ?, finished_at = ? WHERE id = ?")
            runByID = try connection.prepare("SELECT \(Self.runColumns) FROM runs WHERE id = ?")
            runsByPrefix = try connection.prepare(
                "SELECT \(Self.runColumns) FROM runs WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT \(Self.shownMatches + 1)"
            )
            latestRuns = try connection.prepare(
                "SELECT \(Self.runColumns) FROM runs ORDER BY started_at DESC, id DESC LIMIT ?")
            deleteScenarioRun = try connection.prepare(
                "DELETE FROM scenario_runs WHERE run_id = ? AND scenario_id = ? AND trial = ?")
            insertScenarioRun = try connection.prepare(
                """
                INSERT INTO scenario_runs (run_id, scenario_id, trial, trace_id, family, passed, model, cost_usd,
                    latency_ms, stop_reason, failures, entry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insertStep = try connection.prepare(Self.insert(into: "steps", AuditRows.stepColumns))
            insertToolCall = try connection.prepare(Self.insert(into: "tool_calls", AuditRows.toolCallColumns))
            insertSpan = try connection.prepare(Self.insert(into: "spans", AuditRows.spanColumns))
            scenarioRunsInRun = try connection.prepare(
                "SELECT \(Self.scenarioRunColumns) FROM scenario_runs s WHERE s.run_id = ? ORDER BY s.scenario_id, s.trial"
            )
            history = try connection.prepare(
                """
                SELECT \(Self.scenarioRunColumns)
                FROM scenario_runs s
                JOIN (
                    SELECT r.id, r.started_at FROM runs r
                    WHERE EXISTS (SELECT 1 FROM scenario_runs x WHERE x.run_id = r.id AND x.scenario_id = ?1)
                    ORDER BY r.started_at DESC, r.id DESC
                    LIMIT ?2
                ) recent ON recent.id = s.run_id
                WHERE s.scenario_id = ?1
                ORDER BY recent.started_at DESC, recent.id DESC, s.trial
                """)
            byTracePrefix = try connection.prepare(
                """
                SELECT \(Self.scenarioRunColumns)
                FROM scenario_runs s JOIN runs r ON r.id = s.run_id
                WHERE s.trace_id >= ?1 AND s.trace_id < ?2
                ORDER BY r.started_at DESC, r.id DESC, s.scenario_id, s.trial
                """)
        }

        /// An INSERT of the four columns naming a scenario run, then `columns`.
        private static func insert(into table: String, _ columns: [String]) -> String {
            let all = ["run_id", "scenario_id", "trial", "trace_id"] + columns
            let placeholders = Array(repeating: "?", count: all.count).joined(separator: ", ")
            return "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(placeholders))"
        }

        func runExists(_ id: String) throws(StateStoreError) -> Bool {
            try runExistsStatement.first([SQLiteValue(id)]) { _ in true } ?? false
        }

        /// A row of ``runColumns`` as a run.
        func decodeRun(_ row: Statement.Row) throws(StateStoreError) -> StoredRun {
            let id = row.text(0) ?? ""
            guard let status = StoredRun.Status(rawValue: row.text(3) ?? "") else {
                throw corrupt("run \(id) has status \(row.text(3) ?? "NULL"), which this build does not know")
            }
            return StoredRun(
                id: id, startedAt: row.text(1) ?? "", finishedAt: row.text(2), status: status, suite: row.text(4) ?? "",
                configuration: row.text(5) ?? "", configurationDigest: row.text(6) ?? "",
                arguments: try json(row.text(7), "the arguments of run \(id)"), expectedScenarioRuns: row.int(8),
                summary: try row.text(9).map { (text) throws(StateStoreError) in
                    try json(text, "the summary of run \(id)")
                },
                rehearsalVersion: row.text(10) ?? "")
        }

        /// A row of ``scenarioRunColumns`` as a scenario run.
        func decodeScenarioRun(_ row: Statement.Row) throws(StateStoreError) -> StoredScenarioRun {
            let (runID, scenarioID, trial) = (row.text(0) ?? "", row.text(1) ?? "", row.int(2))
            let place = "scenario run \(scenarioID) trial \(trial) of run \(runID)"
            let failures = try json(row.text(10), "the failures of \(place)")
            guard let failureList = failures.arrayValue?.compactMap(\.stringValue) else {
                throw corrupt("the failures of \(place) are \(failures.briefDescription), expected an array of strings")
            }
            return StoredScenarioRun(
                runID: runID, scenarioID: scenarioID, trial: trial, traceID: row.text(3) ?? "",
                family: row.text(4) ?? "",
                passed: row.bool(5), model: row.text(6), costUSD: row.double(7), latencyMs: row.double(8),
                stopReason: row.text(9) ?? "", failures: failureList,
                entry: try json(row.text(11), "the entry of \(place)"))
        }

        private func json(_ text: String?, _ what: String) throws(StateStoreError) -> JSONValue {
            guard let text else { throw corrupt("\(what) is missing") }
            do {
                return try JSONParser.parse(text)
            } catch {
                throw corrupt("\(what) is not JSON: \(error)")
            }
        }

        private func corrupt(_ message: String) -> StateStoreError {
            StateStoreError("corrupt", "\(connection.path): \(message); the database was changed by hand or damaged")
        }
    }
}

@available(*, unavailable)
extension SQLiteStateStore.Session: Sendable {}
