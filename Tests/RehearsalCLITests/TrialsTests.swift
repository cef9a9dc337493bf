import Foundation
import RehearsalCLI
import RehearsalCore
import Testing

struct TrialsTests {
    let scratch = Scratch()

    /// A copy of the suite where budget-check's script has two trials: in the second, the cheap model misreads
    /// the budget.
    func suiteWithTwoTrials() throws -> (suite: String, scenario: String) {
        let suite = try scratch.copyOfBuiltInSuite()
        let scriptFile = suite + "/scenarios/scripts/procurement.budget-check.script.json"
        guard case .object(var script) = try JSONParser.parse(String(contentsOfFile: scriptFile, encoding: .utf8)) else { throw CocoaError(.fileReadCorruptFile) }
        let first: JSONValue = ["models": script["models"]!, "routing": script["routing"] ?? [:], "tools": script["tools"] ?? []]
        let wrong = first.serialized().replacingOccurrences(of: "IT still has $68,500 unspent", with: "IT still has $86,500 unspent")
        script["trials"] = [first, try JSONParser.parse(wrong)]
        script["models"] = nil
        script["routing"] = nil
        script["tools"] = nil
        try JSONValue.object(script).serialized(.pretty).write(toFile: scriptFile, atomically: true, encoding: .utf8)
        return (suite, suite + "/scenarios/procurement/budget-check.scenario.json")
    }

    @Test func recordsAndReplaysTrialsAndEstimatesPassAtKAndPassHatK() async throws {
        let (suite, scenario) = try suiteWithTwoTrials()
        let recorded = await CLIHarness.run(["record", scenario, "--provider", "script:" + suite + "/scenarios/scripts"])
        #expect(recorded.exitCode == .success, "\(recorded.diagnostics)")
        #expect(recorded.output.contains(", 2 trials)"))
        let cheap = await CLIHarness.run(["run", scenario, "--trials", "2", "--config", suite + "/scenarios/configs/always-cheap.config.json", "--out", suite + "/out"])
        #expect(cheap.exitCode == .failure)
        let report = try JSONParser.parse(String(contentsOfFile: suite + "/out/report.json", encoding: .utf8))
        let reliability = try #require(report["summary"]?["reliability"])
        #expect(reliability["trials"] == 2)
        #expect(reliability["passHat"] == [0.5, 0])
        #expect(reliability["passAt"] == [0.5, 1])
        #expect(report["scenarios"]?.arrayValue?.map { $0["trial"] } == [0, 1])
        let traceIDs = report["scenarios"]?.arrayValue?.compactMap { $0["traceId"]?.stringValue } ?? []
        #expect(Set(traceIDs).count == 2, "each trial has its own trace")
        let strong = await CLIHarness.run(["run", scenario, "--trials", "2", "--config", CLIHarness.alwaysStrong, "--out", suite + "/out2"])
        #expect(strong.exitCode == .success, "the strong model answers right in both trials")
        #expect(strong.output.contains("1 scenario × 2 trials") && strong.output.contains("2 runs: 2 passed, 0 failed"))
        let validated = await CLIHarness.run(["validate", scenario])
        #expect(validated.exitCode == .success)
        #expect(validated.diagnostics.isEmpty, "every trial's recordings are replayed: \(validated.diagnostics)")
    }

    @Test func refusesMoreTrialsThanWereRecorded() async throws {
        let (suite, scenario) = try suiteWithTwoTrials()
        _ = await CLIHarness.run(["record", scenario, "--provider", "script:" + suite + "/scenarios/scripts"])
        let three = await CLIHarness.run(["run", scenario, "--trials", "3", "--out", suite + "/out"])
        #expect(three.exitCode == .usage)
        #expect(three.diagnostics.contains("--trials 3 needs recordings for 3 trials; these scenarios have fewer: procurement.budget-check (2)"))
        let other = await CLIHarness.run(["run", suite + "/scenarios/procurement/certified-vendors.scenario.json", "--trials", "2", "--out", suite + "/out"])
        #expect(other.exitCode == .usage)
        #expect(other.diagnostics.contains("procurement.certified-vendors (1)"))
        #expect(!FileManager.default.fileExists(atPath: suite + "/out"))
    }
}
