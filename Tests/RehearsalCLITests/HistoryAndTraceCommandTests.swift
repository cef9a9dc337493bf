import Foundation
import RehearsalCLI
import RehearsalCore
import Testing

/// `rehearsal history`, `rehearsal trace` and `rehearsal run --otlp` over a real run history.
struct HistoryAndTraceCommandTests {
    let scratch = Scratch()

    static let scenarios = CLIHarness.root + "/scenarios"

    /// A database holding a router run and then an always-cheap run of the built-in suite.
    func history() async throws -> (folder: String, database: String) {
        let folder = try scratch.folder()
        let database = folder + "/history.sqlite"
        for (index, config) in ["router", "always-cheap"].enumerated() {
            let result = await CLIHarness.run([
                "run", Self.scenarios, "--config", Self.scenarios + "/configs/\(config).config.json", "--out", folder + "/out-\(index)",
                "--db", database, "--no-sweep",
            ])
            #expect(result.exitCode != .usage, "\(result.diagnostics)")
        }
        return (folder, database)
    }

    func traceID(of scenario: String, inReportAt folder: String) throws -> String {
        let report = try JSONParser.parse(String(contentsOfFile: folder + "/report.json", encoding: .utf8))
        let entry = report["scenarios"]?.arrayValue?.first { $0["id"]?.stringValue == scenario }
        return try #require(entry?["traceId"]?.stringValue)
    }

    @Test func listsTheRunsNewestFirstAndAsJSON() async throws {
        let (_, database) = try await history()
        let text = await CLIHarness.run(["history", "--db", database])
        #expect(text.exitCode == .success, "\(text.diagnostics)")
        let lines = text.output.split(separator: "\n")
        #expect(lines.count >= 3)
        #expect(lines[1].contains("always-cheap") && lines[2].contains("router"), "newest first")
        let json = await CLIHarness.run(["history", "--db", database, "--json", "--last", "1"])
        let runs = try #require(try JSONParser.parse(json.output)["runs"]?.arrayValue)
        #expect(runs.count == 1)
        #expect(runs.first?["configuration"]?.stringValue == "always-cheap")
        #expect(runs.first?["status"]?.stringValue == "complete")
    }

    @Test func showsOneScenarioAcrossRunsAndWhenItStartedFailing() async throws {
        let (_, database) = try await history()
        let result = await CLIHarness.run(["history", "--db", database, "--scenario", "procurement.laptops-within-budget"])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(result.output.contains("last changed from pass to fail in run"), "\(result.output)")
        let unknown = await CLIHarness.run(["history", "--db", database, "--scenario", "nope"])
        #expect(unknown.exitCode == .usage)
        #expect(unknown.diagnostics.contains("no run has scenario nope"))
    }

    @Test func saysWhenThereIsNoHistoryYet() async throws {
        let folder = try scratch.folder()
        let result = await CLIHarness.run(["history", "--db", folder + "/none.sqlite"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("no run history here yet"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/none.sqlite"), "reading never creates a database")
        let noDB = await CLIHarness.run(["history", "--no-db"])
        #expect(noDB.exitCode == .usage)
    }

    @Test func showsWhereATraceWentWrongFromAPrefix() async throws {
        let (folder, database) = try await history()
        let id = try traceID(of: "shipping.ticket-write-denied", inReportAt: folder + "/out-1")
        let otlp = folder + "/trace.jsonl"
        let result = await CLIHarness.run(["trace", String(id.prefix(10)).uppercased(), "--db", database, "--otlp", otlp])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(result.output.hasPrefix("failed at step 3: called update_ticket, denied: missing scope tickets:write\n"), "\(result.output.prefix(200))")
        #expect(result.output.contains("trace     \(id)"))
        let lines = try String(contentsOfFile: otlp, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let span = try JSONParser.parse(String(lines[0]))["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first?["spans"]?.arrayValue?.first
        #expect(span?["traceId"]?.stringValue == id)
    }

    @Test func refusesAMissingOrMalformedTraceID() async throws {
        let (_, database) = try await history()
        let missing = await CLIHarness.run(["trace", "ffffffffffffffffffffffffffffffff", "--db", database])
        #expect(missing.exitCode == .usage)
        #expect(missing.diagnostics.contains("no scenario run with trace id ffffffffffffffffffffffffffffffff"))
        let malformed = await CLIHarness.run(["trace", "not-hex", "--db", database])
        #expect(malformed.exitCode == .usage)
        #expect(malformed.diagnostics.contains("up to 32 hex digits"))
    }

    @Test func exportsTheWholeRunAsOTLPLines() async throws {
        let folder = try scratch.folder()
        let otlp = folder + "/traces.jsonl"
        let result = await CLIHarness.run(["run", Self.scenarios, "--out", folder, "--no-db", "--no-sweep", "--otlp", otlp])
        #expect(result.exitCode != .usage, "\(result.diagnostics)")
        let report = try JSONParser.parse(String(contentsOfFile: folder + "/report.json", encoding: .utf8))
        let traceIDs = (report["scenarios"]?.arrayValue ?? []).compactMap { $0["traceId"]?.stringValue }
        let lines = try String(contentsOfFile: otlp, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == traceIDs.count)
        let exported = try lines.map { line in
            try JSONParser.parse(String(line))["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first?["spans"]?.arrayValue?.first?["traceId"]?.stringValue
        }
        #expect(exported == traceIDs, "one TracesData per scenario run, with report.json's trace ids")
    }
}
