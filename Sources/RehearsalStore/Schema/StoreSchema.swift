/// The store's schema history, oldest first. docs/store.md describes the tables; keep the two in step.
///
/// Append, never edit: a database made by a released build has already run every migration up to its version.
enum StoreSchema {
    static let migrations: [Migration] = [
        Migration(version: 1, "runs, scenario runs and the audit tables steps, tool_calls and spans", sql: version1)
    ]

    static let migrator = Migrator(migrations)

    /// Runs, scenario runs with their whole report entries, and the audit rows derived from each entry.
    ///
    /// No STRICT tables and no `->>`, so an older `sqlite3` shell can still read the file. The audit tables hang off
    /// their scenario run with ON DELETE CASCADE: re-recording a scenario run deletes its row, and with it its
    /// steps, calls and spans, before writing the new ones.
    private static let version1 = """
        CREATE TABLE runs (
            id TEXT NOT NULL PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            suite TEXT NOT NULL,
            configuration TEXT NOT NULL,
            configuration_digest TEXT NOT NULL,
            arguments TEXT NOT NULL,
            expected_scenario_runs INTEGER NOT NULL,
            summary TEXT,
            rehearsal_version TEXT NOT NULL
        );
        CREATE INDEX runs_by_start ON runs (started_at, id);

        CREATE TABLE scenario_runs (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            scenario_id TEXT NOT NULL,
            trial INTEGER NOT NULL,
            trace_id TEXT NOT NULL,
            family TEXT NOT NULL,
            passed INTEGER NOT NULL,
            model TEXT,
            cost_usd REAL NOT NULL,
            latency_ms REAL NOT NULL,
            stop_reason TEXT NOT NULL,
            failures TEXT NOT NULL,
            entry TEXT NOT NULL,
            PRIMARY KEY (run_id, scenario_id, trial)
        );
        CREATE INDEX scenario_runs_by_trace ON scenario_runs (trace_id);
        CREATE INDEX scenario_runs_by_scenario ON scenario_runs (scenario_id, run_id);

        CREATE TABLE steps (
            run_id TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            trial INTEGER NOT NULL,
            trace_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            agent TEXT,
            handoff_call_index INTEGER,
            step_index INTEGER,
            model TEXT,
            finish_reason TEXT,
            thought TEXT,
            answer TEXT,
            tool_calls INTEGER,
            input_tokens INTEGER,
            cached_input_tokens INTEGER,
            cache_write_tokens INTEGER,
            output_tokens INTEGER,
            reasoning_tokens INTEGER,
            cost_usd REAL,
            start_ms REAL,
            model_latency_ms REAL,
            tool_latency_ms REAL,
            PRIMARY KEY (run_id, scenario_id, trial, seq),
            FOREIGN KEY (run_id, scenario_id, trial) REFERENCES scenario_runs ON DELETE CASCADE
        );

        CREATE TABLE tool_calls (
            run_id TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            trial INTEGER NOT NULL,
            trace_id TEXT NOT NULL,
            call_index INTEGER NOT NULL,
            handoff_call_index INTEGER,
            agent TEXT,
            step_index INTEGER,
            call_id TEXT,
            name TEXT,
            arguments TEXT,
            edited_arguments TEXT,
            outcome TEXT,
            side_effect TEXT,
            gateway_decision TEXT,
            gateway_rule TEXT,
            gateway_reason TEXT,
            missing_scopes TEXT,
            approval_decision TEXT,
            approval_reason TEXT,
            validation_kind TEXT,
            validation_message TEXT,
            observation TEXT,
            start_ms REAL,
            latency_ms REAL,
            span_id TEXT,
            PRIMARY KEY (run_id, scenario_id, trial, call_index),
            FOREIGN KEY (run_id, scenario_id, trial) REFERENCES scenario_runs ON DELETE CASCADE
        );
        CREATE INDEX tool_calls_by_name ON tool_calls (name);

        CREATE TABLE spans (
            run_id TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            trial INTEGER NOT NULL,
            trace_id TEXT NOT NULL,
            span_id TEXT NOT NULL,
            parent_span_id TEXT,
            kind TEXT,
            name TEXT,
            start_ms REAL,
            end_ms REAL,
            status TEXT,
            error TEXT,
            attributes TEXT,
            PRIMARY KEY (run_id, scenario_id, trial, span_id),
            FOREIGN KEY (run_id, scenario_id, trial) REFERENCES scenario_runs ON DELETE CASCADE
        );
        """
}
