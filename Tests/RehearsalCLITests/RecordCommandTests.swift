import Foundation
import RehearsalCLI
import Testing

struct RecordCommandTests {
    let scratch = Scratch()

    @Test func reRecordingTheBuiltInSuiteReproducesItsFixturesByteForByte() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let fixtures = suite + "/recorded"
        let result = await CLIHarness.run(["record", suite + "/scenarios", "--provider", "script:" + suite + "/scenarios/scripts", "--fixtures", fixtures])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(result.output.contains("recorded procurement.laptops-within-budget: "))
        for scenario in CLIHarness.scenarioIDs {
            for file in ["llm.jsonl", "api.jsonl"] {
                let committed = try String(contentsOfFile: "\(CLIHarness.root)/fixtures/\(scenario)/\(file)", encoding: .utf8)
                var recorded = try String(contentsOfFile: "\(fixtures)/\(scenario)/\(file)", encoding: .utf8)
                // Provenance names the script by the path it was given.
                recorded = recorded.replacingOccurrences(of: suite + "/", with: "")
                #expect(recorded == committed, "\(scenario)/\(file) differs from the committed recording")
            }
        }
        let replay = await CLIHarness.run(["run", suite + "/scenarios", "--fixtures", fixtures, "--config", CLIHarness.alwaysStrong, "--out", suite + "/out"])
        #expect(replay.exitCode == .success)
    }

    @Test func leavesFixturesAloneWhenTheScriptCannotFinishTheRun() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let script = suite + "/scenarios/scripts/procurement.budget-check.script.json"
        let text = try String(contentsOfFile: script, encoding: .utf8).replacingOccurrences(of: #""answer": "IT still has"#, with: #""thought": "IT still has"#)
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        let before = try String(contentsOfFile: suite + "/fixtures/procurement.budget-check/llm.jsonl", encoding: .utf8)
        let result = await CLIHarness.run(["record", suite + "/scenarios/procurement/budget-check.scenario.json", "--provider", "script:" + script])
        #expect(result.exitCode != .success)
        let after = try String(contentsOfFile: suite + "/fixtures/procurement.budget-check/llm.jsonl", encoding: .utf8)
        #expect(before == after)
    }

    @Test func recordsOnlyWhatIsMissingInMissingMode() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let result = await CLIHarness.run(["record", suite + "/scenarios", "--provider", "script:" + suite + "/scenarios/scripts", "--mode", "missing"])
        #expect(result.exitCode == .success)
        #expect(result.output.contains("recorded procurement.budget-check: 0 model and 0 API exchanges"))
    }

    /// Every fixture file of `suite` equals the committed one (provenance names scripts by the path given).
    func expectFixturesAsCommitted(in suite: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for scenario in CLIHarness.scenarioIDs {
            for file in ["llm.jsonl", "api.jsonl"] {
                let committed = try String(contentsOfFile: "\(CLIHarness.root)/fixtures/\(scenario)/\(file)", encoding: .utf8)
                let now = try String(contentsOfFile: "\(suite)/fixtures/\(scenario)/\(file)", encoding: .utf8).replacingOccurrences(of: suite + "/", with: "")
                #expect(now == committed, "\(scenario)/\(file) changed", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: ["gpt-5", "gpt-4o-mini,gpt-5", " , "])
    func refusesModelsTheScriptsDoNotKnowAndWritesNothing(models: String) async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let result = await CLIHarness.run(["record", suite + "/scenarios", "--provider", "script:" + suite + "/scenarios/scripts", "--models", models])
        #expect(result.exitCode == .usage)
        #expect(result.output.isEmpty)
        if models.contains("gpt-5") {
            #expect(result.diagnostics.contains("error: --models: unknown model gpt-5; the scripts know gpt-4o, gpt-4o-mini"), "\(result.diagnostics)")
        }
        try expectFixturesAsCommitted(in: suite)
    }

    @Test(arguments: ["gpt-4o", "gpt-4o-mini"])
    func recordingOneModelKeepsEveryOtherRecording(model: String) async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let result = await CLIHarness.run(["record", suite + "/scenarios", "--provider", "script:" + suite + "/scenarios/scripts", "--models", model])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(result.output.contains("recorded procurement.laptops-within-budget: "))
        // The scripts did not change, so the other model's, the classifier's and the routed runs' recordings are
        // all still there, and the re-recorded ones are the same, in the same places.
        try expectFixturesAsCommitted(in: suite)
        let validate = await CLIHarness.run(["validate", suite + "/scenarios"])
        #expect(validate.exitCode == .success, "\(validate.diagnostics)")
        let run = await CLIHarness.run(["run", suite + "/scenarios", "--out", suite + "/out"])
        let count = CLIHarness.scenarioIDs.count
        #expect(run.output.contains("\(count) scenarios: \(count - 1) passed, 1 failed"), "the default router's one failure, as before")
        #expect(!run.output.contains("stopped with an error"))
    }

    @Test func recordingOneModelReplacesOnlyItsExchanges() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let script = suite + "/scenarios/scripts/procurement.laptops-within-budget.script.json"
        let text = try String(contentsOfFile: script, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "I'll start by checking how much of the IT budget remains", with: "First, the IT budget that remains")
        #expect(edited != text)
        try edited.write(toFile: script, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run([
            "record", suite + "/scenarios/procurement/laptops-within-budget.scenario.json", "--provider", "script:" + script, "--models", "gpt-4o",
        ])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        func lines(_ folder: String, model: String?) throws -> [String] {
            try String(contentsOfFile: folder + "/procurement.laptops-within-budget/llm.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
                .filter { line in model.map { line.contains(#""model":"\#($0)""#) } ?? true }
        }
        let recorded = suite + "/fixtures"
        let committed = CLIHarness.root + "/fixtures"
        #expect(try lines(recorded, model: "gpt-4o-mini") == lines(committed, model: "gpt-4o-mini"), "the cheap model's and the classifier's recordings are kept")
        let strong = try lines(recorded, model: "gpt-4o")
        #expect(strong.count == 5)
        #expect(strong.allSatisfy { !$0.contains("I'll start by checking how much of the IT budget remains") }, "the old gpt-4o exchanges are replaced")
        #expect(strong.contains { $0.contains("First, the IT budget that remains") })
        let validate = await CLIHarness.run(["validate", suite + "/scenarios"])
        #expect(validate.exitCode == .success, "\(validate.diagnostics)")
    }

    @Test func leavesFixturesAloneWhenTheOtherModelsRecordingsNoLongerFit() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        // Both models call get_budget here: a new answer changes what gpt-4o-mini would be asked next.
        let script = suite + "/scenarios/scripts/procurement.budget-check.script.json"
        let text = try String(contentsOfFile: script, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"remaining_usd\": 68500", with: "\"remaining_usd\": 68400")
        #expect(edited != text)
        try edited.write(toFile: script, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["record", suite + "/scenarios/procurement/budget-check.scenario.json", "--provider", "script:" + script, "--models", "gpt-4o"])
        #expect(result.exitCode == .failure)
        #expect(result.diagnostics.contains("not recorded (fixtures left as they were)"))
        #expect(result.diagnostics.contains("record them too (--models gpt-4o,gpt-4o-mini)"), "\(result.diagnostics)")
        try expectFixturesAsCommitted(in: suite)
    }
}

struct ExecutableTests {
    let scratch = Scratch()

    /// The `rehearsal` binary `swift build` put beside the test bundle.
    static var binary: String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return folder.appendingPathComponent("rehearsal").path
    }

    @Test func theBuiltExecutableRunsTheSuiteWithExitCodes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no rehearsal executable at \(Self.binary); build the package first")
        let out = try scratch.folder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["run", "--config", "scenarios/configs/always-strong.config.json", "--out", out, "--db", out + "/history.sqlite"]
        process.currentDirectoryURL = URL(fileURLWithPath: CLIHarness.root)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let count = CLIHarness.scenarioIDs.count
        #expect(output.contains("\(count) scenarios: \(count) passed, 0 failed"))
        #expect(FileManager.default.fileExists(atPath: out + "/report.json"))

        let bad = Process()
        bad.executableURL = URL(fileURLWithPath: Self.binary)
        bad.arguments = ["run", "--no-such-flag"]
        bad.standardError = Pipe()
        try bad.run()
        bad.waitUntilExit()
        #expect(bad.terminationStatus == 2)
    }
}
