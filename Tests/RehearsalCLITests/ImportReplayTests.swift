import Foundation
import RehearsalCLI
import RehearsalCore
import Testing

/// `rehearsal import` and `rehearsal replay` end to end, on trace files written from the formats' specifications
/// (Tests/RehearsalImportTests/Resources), on our own OTLP export, and on τ-bench's recorded runs when present.
struct ImportReplayTests {
    let scratch = Scratch()
    static let resources = CLIHarness.root + "/Tests/RehearsalImportTests/Resources"
    static let tauBench: String? = {
        let file = (ProcessInfo.processInfo.environment["REHEARSAL_TAU_BENCH_DATA"] ?? (CLIHarness.root as NSString).deletingLastPathComponent + "/shared/data/tau-bench")
            + "/airline/gpt-4o-trajectories.json"
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }()

    static func report(_ folder: String) throws -> JSONValue {
        try JSONParser.parse(String(contentsOfFile: folder + "/report.json", encoding: .utf8))
    }

    @Test func importsAChatLogIntoASuiteThatReplaysAndPasses() async throws {
        let out = try scratch.folder() + "/imported"
        let result = await CLIHarness.run(["import", ImportReplayTests.resources + "/openai-tool-loop.jsonl", "--out", out, "--prices", CLIHarness.root + "/scenarios/prices.json"])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(result.output.contains("(openai-chat-log)"), "the format is told from the file")
        for file in ["suite.json", "prices.json", "configs/imported.config.json"] { #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)") }
        let report = try scratch.folder()
        let run = await CLIHarness.run(["run", out + "/scenarios", "--out", report, "--no-db"])
        #expect(run.exitCode == .success, "\(run.output)")
        let entry = try #require(try ImportReplayTests.report(report)["scenarios"]?.arrayValue?.first)
        #expect(entry["toolCalls"]?.arrayValue?.isEmpty == false)
    }

    @Test func ourOwnOTLPExportImportsAndReplaysWithTheSameCallsCostsAndLatencies() async throws {
        let original = try scratch.folder()
        let traces = original + "/traces.jsonl"
        _ = await CLIHarness.run(["run", CLIHarness.root + "/scenarios/returns", "--no-db", "--no-sweep", "--out", original, "--otlp", traces])
        let imported = try scratch.folder() + "/imported"
        let result = await CLIHarness.run(["import", traces, "--out", imported, "--prices", CLIHarness.root + "/scenarios/prices.json"])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(result.output.contains("skeleton"), "our export carries no message content")
        let replayed = try scratch.folder()
        let run = await CLIHarness.run(["run", imported + "/scenarios", "--no-db", "--no-sweep", "--out", replayed])
        #expect(run.exitCode == .success, "\(run.output)")
        func runs(_ folder: String) throws -> [String: JSONValue] {
            var byID: [String: JSONValue] = [:]
            for entry in try ImportReplayTests.report(folder)["scenarios"]?.arrayValue ?? [] {
                byID[entry["id"]?.stringValue ?? ""] = [
                    "calls": .array((entry["toolCalls"]?.arrayValue ?? []).map { $0["name"] ?? .null }), "cost": entry["costUsd"] ?? .null,
                    "latency": entry["latencyMs"] ?? .null,
                ]
            }
            return byID
        }
        let before = try runs(original)
        #expect(!before.isEmpty)
        #expect(try runs(replayed) == before)
    }

    @Test func refusesAFolderThatIsNotEmptyAndTouchesNothingInIt() async throws {
        let out = try scratch.folder()
        try "mine".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["import", ImportReplayTests.resources + "/openai-tool-loop.jsonl", "--out", out])
        #expect(result.exitCode == .failure || result.exitCode == .usage)
        #expect(result.diagnostics.contains("is not empty"), "\(result.diagnostics)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["notes.txt"])
    }

    @Test func badInputIsExitTwoWithItsPlace() async throws {
        let out = try scratch.folder() + "/x"
        let malformed = await CLIHarness.run(["import", ImportReplayTests.resources + "/openai-malformed.jsonl", "--out", out])
        #expect(malformed.exitCode == .usage)
        #expect(malformed.diagnostics.contains("openai-malformed.jsonl:3:"), "\(malformed.diagnostics)")
        let format = await CLIHarness.run(["import", ImportReplayTests.resources + "/openai-tool-loop.jsonl", "--format", "har", "--out", out])
        #expect(format.exitCode == .usage)
        #expect(format.diagnostics.contains("otlp"), "names the formats it knows")
        let only = await CLIHarness.run(["import", ImportReplayTests.resources + "/openai-tool-loop.jsonl", "--only", "nothing", "--out", out])
        #expect(only.exitCode == .usage)
        let prefix = await CLIHarness.run(["import", ImportReplayTests.resources + "/openai-tool-loop.jsonl", "--only", "openai-tool", "--out", out])
        #expect(prefix.exitCode == .usage, "a prefix ends at a dot: openai-tool is not openai-tool-loop.1")
        let pricesFile = try scratch.folder() + "/prices.json"
        try #"{"source": "test", "date": "2026-01-01", "models": {"gpt-4o-mini": {"input": 0.15, "output": 0.6}}}"#.write(toFile: pricesFile, atomically: true, encoding: .utf8)
        let unpriced = await CLIHarness.run(["import", ImportReplayTests.resources + "/openai-tool-loop.jsonl", "--out", out, "--prices", pricesFile])
        #expect(unpriced.exitCode == .usage)
        #expect(unpriced.diagnostics.contains(pricesFile + ": $.models: no price for gpt-4o, which openai-tool-loop.1 used"), "\(unpriced.diagnostics)")
        let folderBaseline = await CLIHarness.run(["run", CLIHarness.root + "/scenarios/returns", "--no-db", "--baseline", ImportReplayTests.resources])
        #expect(folderBaseline.exitCode == .usage && folderBaseline.diagnostics.contains("is a folder; expected a baseline file"), "\(folderBaseline.diagnostics)")
        let missing = await CLIHarness.run(["replay", out + "/none.jsonl"])
        #expect(missing.exitCode == .usage && missing.diagnostics.contains("no such file"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func replaySaysPassAndWhatAnotherConfigurationWouldDo() async throws {
        let folder = try scratch.folder()
        let config = folder + "/mini.config.json"
        try #"{"name": "mini", "router": {"kind": "fixed", "tier": "strong"}, "models": {"*": {"cheap": "gpt-4o-mini", "strong": "gpt-4o-mini"}}}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run([
            "replay", ImportReplayTests.resources + "/openai-tool-loop.jsonl", "--out", folder + "/report", "--config", config,
            "--prices", CLIHarness.root + "/scenarios/prices.json",
        ])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(result.output.contains(": REPRODUCED"), "\(result.output)")
        // The log's calls ran on gpt-4o: another model's outcome is unknown, and the report says so.
        #expect(try ImportReplayTests.report(folder + "/report")["scenarios"]?.arrayValue?.first?["model"] == "gpt-4o")
        #expect(result.output.contains("recorded on gpt-4o"), "\(result.output)")
        #expect(result.output.contains("routed to gpt-4o-mini instead: the outcome is unknown without a recording of gpt-4o-mini"), "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/report/report.html"))
    }

    @Test func aRecordedModelCallThatFailedEndsTheReplayWhereItEndedTheRun() async throws {
        let folder = try scratch.folder()
        let result = await CLIHarness.run([
            "replay", ImportReplayTests.resources + "/openai-error.jsonl", "--out", folder + "/report", "--prices", CLIHarness.root + "/scenarios/prices.json",
        ])
        #expect(result.exitCode == .success, "\(result.output)\(result.diagnostics)")
        #expect(result.output.contains("openai-error.1: REPRODUCED (recorded: failed"), "\(result.output)")
        #expect(result.output.contains("the recorded run's model call 2 failed: HTTP 429"), "\(result.output)")
    }

    @Test func replayShowsTheCallValidationNowRefusesBesideTheRecordedOne() async throws {
        // In production the tool took an argument its schema does not allow; Rehearsal's validation refuses it, so
        // the replay leaves the recording at that call.
        let folder = try scratch.folder()
        let tools = #"[{"type":"function","function":{"name":"get_order","description":"Look up an order.","parameters":{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"],"additionalProperties":false}}}]"#
        let system = #"{"role":"system","content":"You look orders up."}"#
        let user = #"{"role":"user","content":"Where is ORD-7?"}"#
        let call = #"{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_order","arguments":"{\"id\":\"ORD-7\"}"}}]}"#
        let log = [
            #"{"latency_ms":500,"request":{"model":"gpt-4o","messages":[\#(system),\#(user)],"tools":\#(tools)},"response":{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":\#(call),"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":50,"completion_tokens":10,"total_tokens":60}}}"#,
            #"{"latency_ms":400,"request":{"model":"gpt-4o","messages":[\#(system),\#(user),\#(call),{"role":"tool","tool_call_id":"call_1","content":"{\"status\":\"shipped\"}"}],"tools":\#(tools)},"response":{"id":"c2","object":"chat.completion","created":2,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"ORD-7 has shipped."},"finish_reason":"stop"}],"usage":{"prompt_tokens":70,"completion_tokens":6,"total_tokens":76}}}"#,
        ].joined(separator: "\n") + "\n"
        let file = folder + "/prod.jsonl"
        try log.write(toFile: file, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["replay", file, "--out", folder + "/report", "--prices", CLIHarness.root + "/scenarios/prices.json"])
        #expect(result.exitCode == .failure, "\(result.diagnostics)")
        #expect(result.output.contains(": DIVERGED"), "\(result.output)")
        #expect(result.output.contains("left the recording at call 1 (outcome)"), "\(result.output)")
        let gateway = try #require(result.output.split(separator: "\n").first { $0.contains("gateway") })
        #expect(gateway.contains("allow") && gateway.contains("invalid:"), "\(gateway)")
    }

    @Test(.enabled(if: ImportReplayTests.tauBench != nil, "τ-bench's data (../shared/data/tau-bench) is not here; skipped, not passed"))
    func replayPointsAtTheWriteAFailedTauBenchRunGotWrong() async throws {
        let folder = try scratch.folder()
        let result = await CLIHarness.run([
            "replay", ImportReplayTests.tauBench!, "--only", "tau-bench.airline.task-0.trial-0", "--out", folder + "/report", "--keep", folder + "/suite",
            "--prices", CLIHarness.root + "/scenarios/prices.json",
        ])
        #expect(result.exitCode == .failure, "\(result.diagnostics)")
        #expect(result.output.contains("tau-bench.airline.task-0.trial-0: FAIL (recorded: failed, τ-bench reward 0.0)"), "\(result.output)")
        #expect(result.output.contains("followed the recording, which failed at step "), "\(result.output)")
        #expect(result.output.contains("wrote book_reservation with other arguments than expected"), "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/suite/scenarios/tau-bench.airline.task-0.trial-0.scenario.json"), "--keep keeps the suite")
    }
}
