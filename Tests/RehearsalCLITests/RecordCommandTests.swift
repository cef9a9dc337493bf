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
        process.arguments = ["run", "--config", "scenarios/configs/always-strong.config.json", "--out", out]
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
