import Foundation
import RehearsalCore
import RehearsalStore
import Synchronization
import Testing

/// What only the SQLite store does: the audit tables, the schema version, and several writers on one file.
struct SQLiteStateStoreTests {
    @Test func writesTheDeniedCallToTheAuditTables() throws {
        try withRecordedStore(["shipping.ticket-write-denied"]) { _, database in
            let calls = try database.prepare(
                """
                SELECT call_index, handoff_call_index, agent, step_index, name, outcome, side_effect, gateway_decision,
                    gateway_rule, gateway_reason, missing_scopes, json_extract(arguments, '$.ticket_id'), observation,
                    start_ms, latency_ms, span_id, trace_id
                FROM tool_calls WHERE run_id = 'run-1' ORDER BY call_index
                """
            ).rows { row in
                (
                    index: row.int(0), handoff: row.optionalInt(1), agent: row.text(2), step: row.int(3),
                    name: row.text(4),
                    outcome: row.text(5), sideEffect: row.text(6), decision: row.text(7), rule: row.text(8),
                    reason: row.text(9), missing: row.text(10), ticket: row.text(11), observation: row.text(12),
                    start: row.double(13), latency: row.double(14), span: row.text(15), trace: row.text(16)
                )
            }
            #expect(calls.map(\.name) == ["get_ticket", "get_erp_order", "track_shipment", "update_ticket"])
            #expect(calls.map(\.decision) == ["allow", "allow", "allow", "deny"])
            #expect(calls.allSatisfy { $0.handoff == nil && $0.agent == "logistics" })
            let denied = try #require(calls.last)
            #expect(denied.index == 3 && denied.step == 2)
            #expect(denied.outcome == "denied" && denied.sideEffect == "write")
            #expect(denied.rule == "required-scopes")
            #expect(denied.missing == "tickets:write")
            #expect(denied.reason == "update_ticket requires scope tickets:write, which user u-4410 does not have")
            #expect(denied.ticket == "T-5570")
            #expect(denied.observation?.hasPrefix("Error: permission denied: ") == true)
            #expect(denied.start == 4711 && denied.latency == 0)
            #expect(denied.span == "12bbe9831bfbb9c9")
            #expect(denied.trace == "cb5b1a1ef1e13b3c8b48c1e98c1ba65b")
        }
    }

    @Test func writesEverySpecialistsStepsUnderItsHandoff() throws {
        try withRecordedStore(["shipping.supervisor-refund-handoff"]) { _, database in
            let steps = try database.prepare(
                """
                SELECT seq, agent, handoff_call_index, step_index, model, finish_reason, thought, answer, tool_calls,
                    input_tokens, cached_input_tokens, output_tokens, cost_usd, start_ms, model_latency_ms,
                    tool_latency_ms
                FROM steps WHERE run_id = 'run-1' ORDER BY seq
                """
            ).rows { row in
                (
                    agent: row.text(1) ?? "", handoff: row.optionalInt(2), step: row.int(3), model: row.text(4),
                    finish: row.text(5), thought: row.text(6), answer: row.text(7), calls: row.int(8),
                    input: row.int(9),
                    cached: row.int(10), output: row.int(11), cost: row.double(12), start: row.double(13),
                    modelLatency: row.double(14), toolLatency: row.double(15)
                )
            }
            let calls = try database.prepare(
                "SELECT call_index, name, agent, handoff_call_index FROM tool_calls ORDER BY call_index"
            ).rows { row in
                "\(row.int(0)) \(row.text(1) ?? "") \(row.text(2) ?? "") \(row.optionalInt(3).map(String.init) ?? "-")"
            }

            #expect(
                calls == [
                    "0 ask_logistics supervisor -", "1 get_erp_order logistics 0", "2 track_shipment logistics 0",
                    "3 search_policy logistics 0", "4 ask_finance supervisor -", "5 refund_shipping_fee finance 4",
                ])
            // In the order they ran: the supervisor's first step, the logistics specialist's three, the supervisor's
            // second, the finance specialist's, then the supervisor's answer.
            #expect(
                steps.map { "\($0.agent)#\($0.step)" } == [
                    "supervisor#0", "logistics#0", "logistics#1", "logistics#2", "supervisor#1", "finance#0",
                    "finance#1",
                    "supervisor#2",
                ])
            #expect(steps.filter { $0.agent == "logistics" }.allSatisfy { $0.handoff == 0 })
            #expect(steps.filter { $0.agent == "finance" }.allSatisfy { $0.handoff == 4 })
            #expect(steps.filter { $0.agent == "supervisor" }.allSatisfy { $0.handoff == nil })
            let logistics = try #require(steps.first { $0.agent == "logistics" && $0.step == 1 })
            #expect(logistics.model == "gpt-4o" && logistics.finish == "tool_calls" && logistics.calls == 2)
            #expect(logistics.thought?.hasPrefix("Promised 2026-08-05 on FedEx") == true)
            #expect(logistics.input == 1544 && logistics.cached == 1408 && logistics.output == 73)
            #expect(logistics.cost == 0.00283 && logistics.start == 2947)
            #expect(logistics.modelLatency == 1641 && logistics.toolLatency == 340)
            #expect(steps.last?.answer?.contains("RF-20931") == true && steps.last?.finish == "stop")
        }
    }

    @Test func writesApprovalsValidationRefusalsAndSpans() throws {
        try withRecordedStore(["procurement.po-rejected", "procurement.malformed-quantity"]) { _, database in
            let approvals = try database.prepare(
                "SELECT name, outcome, approval_decision, approval_reason FROM tool_calls WHERE approval_decision IS NOT NULL"
            ).rows { "\($0.text(0) ?? "") \($0.text(1) ?? "") \($0.text(2) ?? ""): \($0.text(3) ?? "")" }
            #expect(
                approvals == [
                    "create_purchase_order rejected reject: Display purchases are on hold until the Q4 hardware standard "
                        + "is published on 2026-09-30; resubmit after that."
                ])

            let refused = try database.prepare(
                """
                SELECT call_index, validation_kind, validation_message, gateway_decision, arguments FROM tool_calls
                WHERE outcome = 'invalid' ORDER BY call_index
                """
            ).rows { ($0.int(0), $0.text(1), $0.text(2), $0.isNull(3), $0.text(4)) }
            #expect(refused.map(\.0) == [1, 2])
            #expect(refused.map(\.1) == ["malformedJSON", "schemaViolation"])
            #expect(refused[1].2?.hasPrefix("arguments do not match the schema of request_quote") == true)
            #expect(refused.allSatisfy { $0.3 })  // validation refused them before the gateway
            // Arguments that are not JSON are kept as the JSON string the report holds.
            #expect(refused[0].4?.hasPrefix("\"") == true)

            let spans = try database.prepare(
                """
                SELECT span_id, parent_span_id, kind, name, status, json_extract(attributes, '$.user') FROM spans
                WHERE scenario_id = 'procurement.po-rejected' ORDER BY start_ms, parent_span_id IS NOT NULL
                """
            ).rows { ($0.text(0), $0.text(1), $0.text(2), $0.text(3), $0.text(4), $0.text(5)) }
            #expect(spans.count == 2)
            #expect(spans.first?.1 == nil && spans.first?.2 == "agent" && spans.first?.5 != nil)
            #expect(spans.last?.1 == spans.first?.0 && spans.last?.2 == "routing")
        }
    }

    @Test func replacesTheAuditRowsOfAScenarioRunRecordedAgain() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("rehearsal.sqlite").path
            let store = try SQLiteStateStore(path: path)
            try store.beginRun(sampleRun("run-1"))
            let handoff = try SmallReport.scenarioRun(
                SmallReport.entry("shipping.supervisor-refund-handoff"), inRun: "run-1")
            try store.record(handoff, inRun: "run-1")
            // The same scenario id and trial, now with the denied-call scenario's entry and fewer rows.
            var again = try SmallReport.scenarioRun(SmallReport.entry("shipping.ticket-write-denied"), inRun: "run-1")
            again.scenarioID = handoff.scenarioID
            try store.record(again, inRun: "run-1")

            let database = try Connection(path: path)
            #expect(try count("scenario_runs", in: database) == 1)
            #expect(try count("steps", in: database) == 4)
            #expect(try count("tool_calls", in: database) == 4)
            #expect(try count("spans", in: database) == 2)
            let traces = try database.prepare("SELECT DISTINCT trace_id FROM tool_calls").rows { $0.text(0) }
            #expect(traces == ["cb5b1a1ef1e13b3c8b48c1e98c1ba65b"])
        }
    }

    @Test func makesANewDatabaseAtTheCurrentSchema() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("reports/rehearsal.sqlite").path
            _ = try SQLiteStateStore(path: path)
            let database = try Connection(path: path)
            #expect(try database.prepare("PRAGMA user_version").first { $0.int(0) } == SQLiteStateStore.schemaVersion)
            let tables = try database.prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"
            ).rows { $0.text(0) ?? "" }
            #expect(tables == ["runs", "scenario_runs", "spans", "steps", "tool_calls"])
        }
    }

    @Test func reopensAnExistingDatabaseKeepingEverything() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("rehearsal.sqlite").path
            let recorded = try SmallReport.scenarioRun(SmallReport.entry("returns.order-status"), inRun: "run-1")
            do {
                let store = try SQLiteStateStore(path: path)
                try store.beginRun(sampleRun("run-1"))
                try store.record(recorded, inRun: "run-1")
            }
            let reopened = try SQLiteStateStore(path: path)
            #expect(try reopened.scenarioRuns(inRun: "run-1") == [recorded])
            #expect(try reopened.run("run-1")?.status == .running)
        }
    }

    @Test func refusesADatabaseWrittenByANewerRehearsal() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("rehearsal.sqlite").path
            do {
                let future = try Connection(path: path)
                try future.execute("CREATE TABLE runs_v9 (id TEXT); PRAGMA user_version = 9")
            }
            let error = #expect(throws: StateStoreError.self) { _ = try SQLiteStateStore(path: path) }
            #expect(error?.code == "newerSchema")
            #expect(
                error?.message.hasPrefix(
                    "\(path) was written by a newer rehearsal (schema 9); this build knows schema "
                        + "\(SQLiteStateStore.schemaVersion)") == true)
            let untouched = try Connection(path: path)
            #expect(try untouched.prepare("PRAGMA user_version").first { $0.int(0) } == 9)
            #expect(try count("sqlite_schema", in: untouched) == 1)
        }
    }

    @Test func twoConnectionsWritingOneFileAtOnceLoseNothing() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("rehearsal.sqlite").path
            let entry = try SmallReport.entry("shipping.supervisor-refund-handoff")
            let perWriter = 200
            let failures = Mutex<[String]>([])
            let done = DispatchGroup()
            for writer in 0..<2 {
                done.enter()
                Thread {
                    defer { done.leave() }
                    do throws(StateStoreError) {
                        // Each thread opens its own store, as two `rehearsal run` processes would.
                        let store = try SQLiteStateStore(path: path)
                        let runID = "run-\(writer)"
                        try store.beginRun(sampleRun(runID))
                        for index in 0..<perWriter {
                            var scenario = sampleScenarioRun(String(format: "scenario-%03d", index), inRun: runID)
                            scenario.entry = entry
                            try store.record(scenario, inRun: runID)
                        }
                        try store.finishRun(
                            runID, summary: ["scenarios": .number(Double(perWriter))], finishedAt: "later")
                    } catch {
                        failures.withLock { $0.append("writer \(writer): \(error)") }
                    }
                }.start()
            }
            done.wait()

            #expect(failures.withLock { $0 } == [])
            let store = try SQLiteStateStore(path: path)
            for runID in ["run-0", "run-1"] {
                #expect(try store.run(runID)?.status == .complete)
                #expect(try store.scenarioRuns(inRun: runID).count == perWriter)
            }
            let database = try Connection(path: path)
            #expect(try count("scenario_runs", in: database) == 2 * perWriter)
            #expect(try count("steps", in: database) == 2 * perWriter * 8)
            #expect(try count("tool_calls", in: database) == 2 * perWriter * 6)
            #expect(try count("spans", in: database) == 2 * perWriter * 2)
            #expect(try database.prepare("PRAGMA integrity_check").first { $0.text(0) } == "ok")
        }
    }

    /// Opens a store in a new folder, records the named scenarios of the small report into run `run-1`, and calls
    /// `body` with the store and a second connection for raw queries.
    private func withRecordedStore(
        _ scenarioIDs: [String], _ body: (SQLiteStateStore, Connection) throws -> Void
    ) throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("rehearsal.sqlite").path
            let store = try SQLiteStateStore(path: path)
            try store.beginRun(sampleRun("run-1"))
            for id in scenarioIDs {
                try store.record(try SmallReport.scenarioRun(SmallReport.entry(id), inRun: "run-1"), inRun: "run-1")
            }
            try body(store, try Connection(path: path))
        }
    }

    private func count(_ table: String, in database: Connection) throws -> Int? {
        try database.prepare("SELECT count(*) FROM \(table)").first { $0.int(0) }
    }
}
