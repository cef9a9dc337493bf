import Foundation
import RehearsalCLI
import RehearsalCore
import Testing

struct RunCommandTests {
    let scratch = Scratch()

    let scenarios = CLIHarness.root + "/scenarios"

    @Test func passesEveryBuiltInScenarioOnTheStrongModel() async throws {
        let out = try scratch.folder()
        let result = await CLIHarness.run(["run", scenarios, "--config", CLIHarness.alwaysStrong, "--out", out])
        let count = CLIHarness.scenarioIDs.count
        #expect(result.exitCode == .success, "\(result.output)")
        #expect(result.output.contains("\(count) scenarios: \(count) passed, 0 failed"))
        let report = try JSONParser.parse(String(contentsOfFile: out + "/report.json", encoding: .utf8))
        #expect(report["scenarios"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == CLIHarness.scenarioIDs)
    }

    @Test func runsTheDefaultRouterAndSaysWhatItSaved() async throws {
        let out = try scratch.folder()
        let result = await CLIHarness.run(["run", scenarios, "--out", out])
        let report = try JSONParser.parse(String(contentsOfFile: out + "/report.json", encoding: .utf8))
        let failed = try #require(report["summary"]?["failed"]?.numberValue)
        #expect(result.exitCode == (failed == 0 ? .success : .failure))
        #expect(result.output.contains("config router (rules router)"))
        let router = try #require(report["summary"]?["router"])
        #expect((router["savingsPct"]?.numberValue ?? 0) > 0)
        #expect((router["strongShare"]?.numberValue ?? 0) > 0 && (router["strongShare"]?.numberValue ?? 1) < 1)
        #expect(CLIHarness.line(of: "procurement.laptops-within-budget", in: result.output).hasPrefix(["PASS", "procurement.laptops-within-budget", "gpt-4o"]))
        #expect(CLIHarness.line(of: "procurement.budget-check", in: result.output).hasPrefix(["PASS", "procurement.budget-check", "gpt-4o-mini"]))
    }

    @Test func exitsOneWhenAScenarioFailsAndSaysWhy() async throws {
        let out = try scratch.folder()
        let result = await CLIHarness.run(["run", scenarios, "--config", scenarios + "/configs/always-cheap.config.json", "--out", out])
        #expect(result.exitCode == .failure)
        #expect(CLIHarness.line(of: "procurement.laptops-within-budget", in: result.output).hasPrefix(["FAIL", "procurement.laptops-within-budget", "gpt-4o-mini"]))
        #expect(result.output.contains("↳ missing expected call get_budget"))
        #expect(result.output.contains("1 run stopped by a limit (maxSteps 1)"), "the safety line names the limits that stopped runs")
    }

    @Test func producesTheSameReportTwiceApartFromTheEnvironment() async throws {
        let first = try scratch.folder()
        let second = try scratch.folder()
        _ = await CLIHarness.run(["run", scenarios, "--out", first, "--parallel", "1"])
        _ = await CLIHarness.run(["run", scenarios, "--out", second, "--parallel", "2"])
        func stripped(_ folder: String) throws -> String {
            guard case .object(var members) = try JSONParser.parse(String(contentsOfFile: folder + "/report.json", encoding: .utf8)) else { return "" }
            members["environment"] = nil
            return JSONValue.object(members).serialized()
        }
        #expect(try stripped(first) == stripped(second))
    }

    @Test func rejectsInvalidInputWithItsPlaceAndWritesNothing() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/scenarios/procurement/budget-check.scenario.json"
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: #""agent": "finance""#, with: #""agent": "finanse""#)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let out = suite + "/out"
        let result = await CLIHarness.run(["run", suite + "/scenarios", "--out", out])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("budget-check.scenario.json:6:12: $.agent: unknown agent \"finanse\""))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func rejectsAMalformedFixtureNamingFileAndLine() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/fixtures/procurement.budget-check/api.jsonl"
        try "{\"tool\": \"get_budget\",\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["run", suite + "/scenarios", "--out", suite + "/out"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("procurement.budget-check/api.jsonl:1:"))
    }

    @Test func rejectsAMissingFixturesFolderAndWritesNothing() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let out = suite + "/out"
        let missing = suite + "/no-such-fixtures"
        let given = await CLIHarness.run(["run", suite + "/scenarios", "--fixtures", missing, "--out", out])
        #expect(given.exitCode == .usage)
        #expect(given.diagnostics == "error: \(missing): no such fixtures folder; --fixtures must name the folder `rehearsal record` wrote the recordings to\n")
        #expect(given.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
        let file = await CLIHarness.run(["run", suite + "/scenarios", "--fixtures", suite + "/scenarios/suite.json", "--out", out])
        #expect(file.exitCode == .usage)
        #expect(file.diagnostics.contains("suite.json: not a folder"))
        // The suite's own folder, gone.
        try FileManager.default.removeItem(atPath: suite + "/fixtures")
        let suiteFolder = await CLIHarness.run(["run", suite + "/scenarios", "--out", out])
        #expect(suiteFolder.exitCode == .usage)
        #expect(suiteFolder.diagnostics.contains("/fixtures: no such fixtures folder; the suite reads its recordings from there"), "\(suiteFolder.diagnostics)")
        let validate = await CLIHarness.run(["validate", suite + "/scenarios"])
        #expect(validate.exitCode == .usage)
        #expect(validate.diagnostics.contains("no such fixtures folder"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func claimsNothingForRunsThatStoppedWithAnError() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let empty = try scratch.folder()
        let result = await CLIHarness.run(["run", suite + "/scenarios", "--fixtures", empty, "--out", suite + "/out"])
        #expect(result.exitCode == .failure)
        let count = CLIHarness.scenarioIDs.count
        #expect(result.output.contains("\(count) scenarios: 0 passed, \(count) failed"))
        #expect(result.output.contains("· arguments none to compare\n"))
        #expect(result.output.contains("router: no routed run finished (every run stopped with an error) · no strong-model share, no savings"))
        #expect(result.output.contains("latency (virtual): no run finished · "))
        #expect(result.output.contains("never-call checks not made ("), "\(result.output)")
        #expect(!result.output.contains("never-call checks held"))
        #expect(result.output.contains("· \(count) runs stopped with an error"))
        #expect(!result.diagnostics.contains("scripted approval"), "no run got far enough to ask: \(result.diagnostics)")
        let report = try JSONParser.parse(String(contentsOfFile: suite + "/out/report.json", encoding: .utf8))
        #expect(report["summary"]?["security"]?["neverCall"]?["checked"] == 0)
        #expect(report["summary"]?["router"]?["strongShare"] == 0)
    }

    @Test func failsAScenarioWhoseRecordingNoLongerMatches() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/scenarios/agents/finance.agent.json"
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "Northwind Traders", with: "Northwind Trading")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["run", suite + "/scenarios", "--out", suite + "/out"])
        #expect(result.exitCode == .failure)
        #expect(result.output.contains("no recording for model call 1"))
        let report = try String(contentsOfFile: suite + "/out/report.json", encoding: .utf8)
        #expect(report.contains(#"$.messages[0].content: differs at character"#))
        #expect(report.contains("Northwind Traders") && report.contains("Northwind Trading"))
    }

    @Test func refusesAModelWithoutAPrice() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        try #"{"source": "t", "date": "2026-01-01", "models": {"gpt-4o": {"input": 1, "output": 1}}}"#.write(toFile: suite + "/prices.json", atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["run", suite + "/scenarios", "--prices", suite + "/prices.json", "--out", suite + "/out"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("no price for model \"gpt-4o-mini\""))
        // Without the baseline, only the models the configuration routes to need prices.
        try #"{"source": "t", "date": "2026-01-01", "models": {"gpt-4o-mini": {"input": 1, "output": 1}}}"#.write(toFile: suite + "/prices.json", atomically: true, encoding: .utf8)
        let cheapOnly = await CLIHarness.run([
            "run", suite + "/scenarios", "--prices", suite + "/prices.json", "--config", suite + "/scenarios/configs/always-cheap.config.json",
            "--no-baseline", "--no-sweep", "--out", suite + "/out",
        ])
        #expect(cheapOnly.exitCode == .failure, "\(cheapOnly.diagnostics)")
        #expect(cheapOnly.output.contains("\(CLIHarness.scenarioIDs.count) scenarios: "))
        // The router sweep replays on the strong model too, so with it the missing price is a usage error.
        let swept = await CLIHarness.run([
            "run", suite + "/scenarios", "--prices", suite + "/prices.json", "--config", suite + "/scenarios/configs/always-cheap.config.json",
            "--no-baseline", "--out", suite + "/out",
        ])
        #expect(swept.exitCode == .usage)
        #expect(swept.diagnostics.contains("no price for model \"gpt-4o\""))
    }

    @Test func leavesOutOfTheSweepWhatCannotBeReplayed() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/fixtures/procurement.budget-check/llm.jsonl"
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").filter { !$0.contains(#""model":"gpt-4o-mini""#) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["run", suite + "/scenarios", "--config", suite + "/scenarios/configs/always-strong.config.json", "--out", suite + "/out"])
        #expect(result.exitCode == .success, "\(result.output)")
        #expect(result.output.contains("router sweep: 1 run left out, a replay could not finish (procurement.budget-check)"))
        let report = try JSONParser.parse(String(contentsOfFile: suite + "/out/report.json", encoding: .utf8))
        #expect(report["summary"]?["routerSweep"]?["excluded"] == ["procurement.budget-check"])
    }

    @Test func saysTheSweepWasSkippedWhenEveryRunIsExcluded() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/scenarios/procurement/laptops-within-budget.scenario.json"
        guard case .object(var scenario) = try JSONParser.parse(String(contentsOfFile: file, encoding: .utf8)) else { return }
        scenario["approvals"] = []
        try JSONValue.object(scenario).serialized(.pretty).write(toFile: file, atomically: true, encoding: .utf8)
        // Approved at the terminal; the sweep's replays take scripted approvals only, so each of them stops.
        let result = await CLIHarness.run(["run", file, "--out", suite + "/out"], input: ["a"], terminal: true)
        #expect(result.exitCode == .success, "\(result.output)\(result.diagnostics)")
        #expect(result.output.contains(
            "router sweep: skipped: the only run was excluded, a replay could not finish (procurement.laptops-within-budget: always-cheap: step "),
            "\(result.output)")
        #expect(result.output.contains("approval requested for create_purchase_order but the scenario scripts no decision for it"))
        #expect(!result.output.contains("keeps 0.0% passing"))
        let sweep = try #require(try JSONParser.parse(String(contentsOfFile: suite + "/out/report.json", encoding: .utf8))["summary"]?["routerSweep"])
        #expect(sweep["points"] == [])
        #expect(sweep["best"] == .null)
        #expect(sweep["excluded"] == ["procurement.laptops-within-budget"])
    }

    @Test func asksAtTheTerminalForAnUnscriptedApproval() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/scenarios/procurement/laptops-within-budget.scenario.json"
        guard case .object(var scenario) = try JSONParser.parse(String(contentsOfFile: file, encoding: .utf8)) else { return }
        scenario["approvals"] = []
        try JSONValue.object(scenario).serialized(.pretty).write(toFile: file, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["run", file, "--out", suite + "/out", "--no-baseline"], input: ["a"], terminal: true)
        #expect(result.exitCode == .success, "\(result.output)\(result.diagnostics)")
        #expect(result.diagnostics.contains("Approval needed: create_purchase_order for u-1042"))
        let refused = await CLIHarness.run(["run", file, "--out", suite + "/out2", "--no-baseline", "--no-input"], terminal: true)
        #expect(refused.exitCode == .failure)
        #expect(refused.output.contains("scenario scripts no decision"))
    }
}

struct CommandLineTests {
    let scratch = Scratch()

    @Test func printsHelpAndVersion() async {
        let help = await CLIHarness.run(["--help"])
        #expect(help.exitCode == .success)
        #expect(help.output.contains("Usage: rehearsal <command> [options]"))
        #expect(help.output.contains("run       Replay scenarios"))
        #expect(help.output.contains("validate  Check scenarios"))
        let runHelp = await CLIHarness.run(["run", "--help"])
        #expect(runHelp.output.contains("Usage: rehearsal run [PATH...] [options]"))
        #expect(runHelp.output.contains("--out, -o DIR"))
        let version = await CLIHarness.run(["--version"])
        #expect(version.output == "rehearsal \(RehearsalCommandLine.version)\n")
    }

    @Test(arguments: ["run", "record", "validate", "report"])
    func alignsEveryOptionsDescriptionIncludingHelp(command: String) async throws {
        let help = await CLIHarness.run([command, "--help"])
        #expect(help.exitCode == .success)
        let lines = help.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "Options:"))
        let rows = lines[(start + 1)...].prefix { !$0.isEmpty }
        #expect(rows.filter { $0.hasPrefix("  -h, --help ") }.count == 1, "\(help.output)")
        for (index, row) in rows.enumerated() where row.hasPrefix("  -") {
            let characters = Array(row)
            if row.dropFirst(2).contains("  ") {
                // The description starts at column 24, after at least two spaces.
                #expect(String(characters[22..<24]) == "  " && characters[24] != " ", "misaligned: \(row)")
            } else {
                // A label too long for the column: its description is on the next line, at column 24.
                let next = Array(rows[rows.startIndex + index + 1])
                #expect(next.prefix(24).allSatisfy { $0 == " " } && next[24] != " ", "misaligned: \(row)")
            }
        }
    }

    @Test func printsTheReasonAndTheUsageOnAUsageError() async {
        let result = await CLIHarness.run(["run", "--outt", "x"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.hasPrefix("error: unknown option --outt; did you mean --out?\n\nUsage: rehearsal run [PATH...] [options]\n\nOptions:\n  --out, -o DIR "))
        #expect(result.diagnostics.hasSuffix("  -h, --help            Show this help\n"))
        #expect(!result.diagnostics.contains("for usage"))
        let record = await CLIHarness.run(["record"])
        #expect(record.diagnostics.hasPrefix("error: --provider is required (script:FILE or script:DIR)\n\nUsage: rehearsal record [PATH...] --provider script:FILE|DIR [options]\n"))
        let unknown = await CLIHarness.run(["frobnicate"])
        #expect(unknown.diagnostics.contains("\n\nUsage: rehearsal <command> [options]\n\nCommands:\n  run "))
    }

    @Test(arguments: [
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["run", "--outt", "x"], "unknown option --outt; did you mean --out?"),
        (["run", "--parallel", "zero"], "--parallel needs a positive integer"),
        (["run", "--out"], "option --out needs a value (DIR)"),
        (["record"], "--provider is required"),
        (["record", "--provider", "openai"], "unknown provider openai"),
        ([String](), "Usage: rehearsal <command>"),
    ])
    func rejectsBadUsageWithExitTwo(arguments: [String], message: String) async {
        let result = await CLIHarness.run(arguments)
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains(message))
    }
}
