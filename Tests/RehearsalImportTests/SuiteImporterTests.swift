import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalImport
import RehearsalReplay
import RehearsalScenarios
import RehearsalTesting
import Testing

/// Importing a hand-built trace end to end: the suite files, fixtures recorded through the engine, and a replay
/// that follows the recording.
struct SuiteImporterTests {
    static let prices = """
        {"source": "test", "date": "2026-01-01", "models": {"gpt-4o": {"input": 2.5, "cachedInput": 1.25, "output": 10}}}
        """

    static func refundTrace(skeleton: Bool = false) -> ImportedTrace {
        let order: JSONValue = ["type": "object", "properties": ["order_id": ["type": "string"]], "required": ["order_id"]]
        let refund: JSONValue = [
            "type": "object", "properties": ["order_id": ["type": "string"], "amount": ["type": "number"]], "required": ["order_id", "amount"],
        ]
        return ImportedTrace(
            id: "prod.refund-ord-1", title: "Refund ORD-1", source: .init(format: "test", file: "trace.json", location: "line 1", provider: "openai"),
            agent: .init(id: "support-bot", systemPrompt: skeleton ? "" : "You help customers with refunds.", model: "gpt-4o", temperature: 0),
            tools: [
                .init(name: "get_order", description: "Look up an order.", parameters: order, sideEffect: .read),
                .init(name: "issue_refund", description: "Refund an order.", parameters: refund, sideEffect: .write),
            ],
            input: skeleton ? "" : "Please refund ORD-1, it arrived broken.",
            turns: [
                .init(text: nil, calls: [.init(name: "get_order", arguments: skeleton ? nil : #"{"order_id":"ORD-1"}"#)], usage: TokenUsage(input: 120, output: 14), latencyMs: 640),
                .init(text: nil, calls: [.init(name: "issue_refund", arguments: skeleton ? nil : #"{"order_id":"ORD-1","amount":20}"#)], usage: TokenUsage(input: 190, cachedInput: 100, output: 20), latencyMs: 710),
                .init(text: skeleton ? nil : "Refunded $20 on ORD-1.", usage: TokenUsage(input: 240, cachedInput: 180, output: 9), latencyMs: 380),
            ],
            toolResults: [
                .init(name: "get_order", arguments: ["order_id": "ORD-1"], output: skeleton ? nil : #"{"id":"ORD-1","total":20}"#, latencyMs: 80),
                .init(name: "issue_refund", arguments: ["order_id": "ORD-1", "amount": 20], output: skeleton ? nil : #"{"refund_id":"RF-9"}"#, latencyMs: 120),
            ],
            skeleton: skeleton)
    }

    /// Writes `plan` and the fixtures recorded from `traces` into a new folder; returns it.
    static func imported(_ traces: [ImportedTrace]) async throws -> (folder: String, recordings: [SuiteImporter.Recording]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rehearsal-import-\(UUID().uuidString)").path
        let plan = try SuiteImporter.files(for: traces, suiteName: "prod", prices: prices)
        for file in plan.files {
            let path = folder + "/" + file.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let fileSystem = LocalFileSystem()
        let suite = try SuiteLoader(fileSystem: fileSystem).load(paths: [folder + "/scenarios"])
        let table = try JSONFile.decode(PriceTable.self, from: prices, file: "prices.json")
        var recordings: [SuiteImporter.Recording] = []
        for trace in traces {
            let scenario = try #require(suite.scenarios.first { $0.id == trace.id })
            let recording = await SuiteImporter.record(trace, scenario: scenario, suite: suite, prices: table)
            let fixtures = suite.fixtureFolder(for: scenario)
            try FileManager.default.createDirectory(atPath: fixtures, withIntermediateDirectories: true)
            try JSONFile.lines(recording.llm.map(\.json)).write(toFile: FixtureSet.llmFile(in: fixtures), atomically: true, encoding: .utf8)
            try JSONFile.lines(recording.api.map(\.json)).write(toFile: FixtureSet.apiFile(in: fixtures), atomically: true, encoding: .utf8)
            recordings.append(recording)
        }
        return (folder, recordings)
    }

    @Test func anImportedTraceReplaysAsRecordedAndPasses() async throws {
        let trace = SuiteImporterTests.refundTrace()
        let (folder, recordings) = try await SuiteImporterTests.imported([trace])
        #expect(recordings[0].problems.isEmpty, "\(recordings[0].problems)")
        #expect(recordings[0].llm.count == 3 && recordings[0].api.count == 2)
        #expect(recordings[0].llm.allSatisfy { $0.provenance.source == .imported })
        let outcome = try await RehearsalSuite.load(folder + "/scenarios").run()
        #expect(outcome.failed == 0, "\(outcome)")
        let result = try #require(outcome.results.first)
        #expect(result.toolCalls.map(\.name) == ["get_order", "issue_refund"])
        // The recorded tokens and latencies, not estimates: 3 model calls and 2 tool calls on the virtual clock.
        #expect(result.latencyMs == 640 + 80 + 710 + 120 + 380)
        let expectedCost = (120.0 * 2.5 + 14 * 10 + 90 * 2.5 + 100 * 1.25 + 20 * 10 + 60 * 2.5 + 180 * 1.25 + 9 * 10) / 1_000_000
        #expect(abs(result.costUSD - expectedCost) < 1e-12)
    }

    @Test func theImportedSuiteSaysWhereItCameFromAndWhatItExpects() throws {
        let plan = try SuiteImporter.files(for: [SuiteImporterTests.refundTrace()], suiteName: "prod", prices: SuiteImporterTests.prices)
        let paths = plan.files.map(\.path)
        #expect(paths.first == "suite.json")
        #expect(Set(paths).isSuperset(of: ["prices.json", "configs/imported.config.json", "agents/support-bot.agent.json", "tools/get_order.tool.json", "tools/issue_refund.tool.json", "scenarios/prod.refund-ord-1.scenario.json"]))
        let scenario = try JSONParser.parse(try #require(plan.files.first { $0.path.hasPrefix("scenarios/") }).text)
        #expect(scenario["expect"]?["trajectory"] == "strict")
        #expect(scenario["expect"]?["toolCalls"]?.arrayValue?[1]["arguments"] == ["order_id": "ORD-1", "amount": 20])
        #expect(scenario["description"]?.stringValue?.contains("trace.json, line 1") == true)
        #expect(plan.notes.isEmpty, "both tools say their side effect")
    }

    @Test func aSkeletonReplaysInOrderWithTheSequenceMatcher() async throws {
        let trace = SuiteImporterTests.refundTrace(skeleton: true)
        let (folder, recordings) = try await SuiteImporterTests.imported([trace])
        #expect(recordings[0].problems.isEmpty, "\(recordings[0].problems)")
        let config = try String(contentsOfFile: folder + "/configs/imported.config.json", encoding: .utf8)
        #expect(config.contains("\"sequence\""))
        let outcome = try await RehearsalSuite.load(folder + "/scenarios").run()
        #expect(outcome.failed == 0, "\(outcome)")
        #expect(outcome.results.first?.toolCalls.map(\.name) == ["get_order", "issue_refund"])
    }

    @Test func aScopeTakenAwayMakesTheReplayLeaveTheRecordingAtThatCall() async throws {
        let (folder, _) = try await SuiteImporterTests.imported([SuiteImporterTests.refundTrace()])
        let file = folder + "/scenarios/prod.refund-ord-1.scenario.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"call:issue_refund\"", with: "\"call:nothing\"").write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try await RehearsalSuite.load(folder + "/scenarios").run()
        let result = try #require(outcome.results.first)
        #expect(!result.passed)
        // The model was told the call was denied, a conversation the recording never had: the replay stops there.
        #expect(result.toolCalls.map(\.outcome) == [.executed, .denied])
        #expect(result.failures.first?.contains("no recording for model call 3") == true, "\(result.failures)")
    }

    @Test func twoTracesWithOneIdAreRefused() {
        let trace = SuiteImporterTests.refundTrace()
        #expect(throws: InputError.self) { try SuiteImporter.files(for: [trace, trace], suiteName: "x", prices: SuiteImporterTests.prices) }
    }
}
