import Foundation
import RehearsalCLI
import RehearsalCore
import RehearsalReports
import Testing

/// `--save-baseline`, `--baseline` and `--fail-on-regression` end to end, on the built-in suite and broken copies of
/// it, for `rehearsal run` and for `rehearsal report` over a report already written.
struct BaselineGateTests {
    let scratch = Scratch()

    let scenarios = CLIHarness.root + "/scenarios"

    /// A run's report as the writers read it.
    func report(in folder: String) throws -> ReportDocument {
        try ReportDocument.parse(
            String(contentsOfFile: folder + "/report.json", encoding: .utf8), file: folder + "/report.json")
    }

    /// Saves a baseline of `suite` under `config` (the suite's default when nil) and returns its path and the report folder.
    func savedBaseline(of suite: String, config: String? = nil) async throws -> (baseline: String, out: String) {
        let out = try scratch.folder()
        let baseline = try scratch.folder() + "/baseline.json"
        let result = await CLIHarness.run(
            ["run", suite, "--no-sweep", "--no-db", "--out", out, "--save-baseline", baseline]
                + (config.map { ["--config", $0] } ?? []))
        #expect(result.exitCode != .usage, "\(result.diagnostics)")
        #expect(result.output.contains("baseline: \(baseline)"))
        return (baseline, out)
    }

    @Test func aRerunOfTheSameSuitePassesTheGateWithItsKnownFailure() async throws {
        let (baseline, first) = try await savedBaseline(of: scenarios)
        let saved = try Baseline.parse(String(contentsOfFile: baseline, encoding: .utf8), file: baseline)
        #expect(saved.runs.map(\.id) == CLIHarness.scenarioIDs)
        let failing = try report(in: first).scenarios.filter { !$0.passed }.map(\.id)
        #expect(!failing.isEmpty, "the default router fails a scenario; this test is about that known failure")

        let out = try scratch.folder()
        let gated = await CLIHarness.run([
            "run", scenarios, "--no-sweep", "--no-db", "--out", out, "--baseline", baseline, "--fail-on-regression",
        ])
        #expect(gated.exitCode == .success, "a failure the baseline has too does not fail the gate: \(gated.output)")
        #expect(
            gated.output.contains(
                "gate: passed against \(baseline): no regressions (\(saved.runs.count) runs compared, \(failing.count) known failure"
            ))
        for id in failing { #expect(gated.output.contains("  known       \(id): failed in the baseline too")) }
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("### ✅ Regression gate: no regressions against"))

        // Without the gate, the same run exits 1 for the scenario that failed: the usual code.
        let plain = await CLIHarness.run([
            "run", scenarios, "--no-sweep", "--no-db", "--out", try scratch.folder(), "--baseline", baseline,
        ])
        #expect(plain.exitCode == .failure)
        #expect(plain.output.contains("gate: passed"))
    }

    @Test func aScenarioBrokenSinceTheBaselineFailsTheGateByName() async throws {
        let suite = try scratch.copyOfBuiltInSuite() + "/scenarios"
        let (baseline, _) = try await savedBaseline(of: suite, config: CLIHarness.alwaysStrong)
        // Expect a tracking number the recordings do not give: the scenario now fails, for real.
        let file = suite + "/returns/order-status.scenario.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("1Z84A7W90312665874"))
        try text.replacingOccurrences(of: "1Z84A7W90312665874", with: "1Z84A7W90312665875").write(
            toFile: file, atomically: true, encoding: .utf8)

        let out = try scratch.folder()
        let gated = await CLIHarness.run([
            "run", suite, "--no-sweep", "--no-db", "--out", out, "--config", CLIHarness.alwaysStrong, "--baseline",
            baseline, "--fail-on-regression",
        ])
        #expect(gated.exitCode == .failure)
        let broken = try #require(try report(in: out).scenarios.first { $0.id == "returns.order-status" })
        let reason = try #require(broken.failures.first)
        #expect(gated.output.contains("gate: FAILED against \(baseline):"))
        #expect(
            gated.output.contains("  REGRESSION  returns.order-status: passed in the baseline, fails now: \(reason)\n"),
            "\(gated.output)")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("### ❌ Regression gate:"))
        #expect(summary.contains("| `returns.order-status` | passed in the baseline, fails now: "))

        // Without --fail-on-regression: the same report, and the usual exit code (a scenario failed).
        let plain = await CLIHarness.run([
            "run", suite, "--no-sweep", "--no-db", "--out", try scratch.folder(), "--config", CLIHarness.alwaysStrong,
            "--baseline", baseline,
        ])
        #expect(plain.exitCode == .failure)
        #expect(plain.output.contains("  REGRESSION  returns.order-status: "))
    }

    /// The baseline is the default router; the run is always-strong, which passes everything and costs more.
    @Test func aCostlierRouterFailsTheGateOnCostOnlyWithTheFlag() async throws {
        let (baseline, first) = try await savedBaseline(of: scenarios)
        let out = try scratch.folder()
        let gated = await CLIHarness.run([
            "run", scenarios, "--no-sweep", "--no-db", "--out", out, "--config", CLIHarness.alwaysStrong, "--baseline",
            baseline, "--fail-on-regression",
        ])
        let before = try report(in: first).summary.costUSD
        let after = try report(in: out).summary.costUSD
        let pct = (after - before) / before * 100
        #expect(pct > 10, "always-strong costs more than the router")
        #expect(gated.exitCode == .failure)
        #expect(
            gated.output.contains(
                "  REGRESSION  cost rose \(ReportFormat.percent(pct)) (\(ReportFormat.usd(before)) → \(ReportFormat.usd(after))), more than the +10.0% allowed"
            ), "\(gated.output)")
        #expect(gated.output.contains("  note: the configuration digest differs from the baseline's"))
        #expect(gated.output.contains("  improved    procurement.po-rejected: failed in the baseline, passes now"))
        #expect(!gated.output.contains("REGRESSION  procurement."), "no scenario regressed")

        // Every scenario passed, so without the flag the run exits 0 and still reports the regression.
        let plain = await CLIHarness.run([
            "run", scenarios, "--no-sweep", "--no-db", "--out", try scratch.folder(), "--config",
            CLIHarness.alwaysStrong, "--baseline", baseline,
        ])
        #expect(plain.exitCode == .success)
        #expect(plain.output.contains("gate: FAILED"))

        // A threshold above the rise, from the flag: the gate passes.
        let allowed = String(Int(pct.rounded(.up)) + 1)
        let lenient = await CLIHarness.run([
            "run", scenarios, "--no-sweep", "--no-db", "--out", try scratch.folder(), "--config",
            CLIHarness.alwaysStrong, "--baseline", baseline,
            "--fail-on-regression", "--max-cost-increase", allowed,
        ])
        #expect(lenient.exitCode == .success, "\(lenient.output)")
    }

    @Test func theConfigurationsGateThresholdsApplyAndFlagsOverrideThem() async throws {
        let (baseline, first) = try await savedBaseline(of: scenarios)
        let folder = try scratch.folder()
        let config = folder + "/strong.config.json"
        var object = try #require(
            try JSONParser.parse(String(contentsOfFile: CLIHarness.alwaysStrong, encoding: .utf8)).objectValue)
        object["gate"] = ["maxCostIncreasePct": 1000]
        try JSONValue.object(object).serialized(.pretty).write(toFile: config, atomically: true, encoding: .utf8)
        let out = try scratch.folder()
        let lenient = await CLIHarness.run([
            "run", scenarios, "--no-sweep", "--no-db", "--out", out, "--config", config, "--baseline", baseline,
            "--fail-on-regression",
        ])
        #expect(lenient.exitCode == .success, "\(lenient.output)")
        #expect(lenient.output.contains("max rise 1000.0%"))
        #expect(try report(in: out).summary.costUSD > report(in: first).summary.costUSD)

        let strict = await CLIHarness.run([
            "run", scenarios, "--no-sweep", "--no-db", "--out", try scratch.folder(), "--config", config, "--baseline",
            baseline, "--fail-on-regression",
            "--max-cost-increase", "0",
        ])
        #expect(strict.exitCode == .failure)
    }

    @Test func addedAndRemovedScenariosAreListedNotRegressions() async throws {
        let (baseline, _) = try await savedBaseline(of: scenarios + "/returns", config: CLIHarness.alwaysStrong)
        let out = try scratch.folder()
        let gated = await CLIHarness.run([
            "run", scenarios + "/returns", scenarios + "/shipping/ticket-status.scenario.json", "--no-sweep", "--no-db",
            "--out", out,
            "--config", CLIHarness.alwaysStrong, "--baseline", baseline, "--fail-on-regression", "--max-accuracy-drop",
            "0",
        ])
        #expect(gated.exitCode == .success, "\(gated.output)")
        #expect(gated.output.contains("  new         shipping.ticket-status (not in the baseline) passes"))

        // The family's files one by one but one: that scenario is removed since the baseline.
        let returns = try FileManager.default.contentsOfDirectory(atPath: scenarios + "/returns").filter {
            $0 != "order-status.scenario.json"
        }.sorted()
        let fewer = await CLIHarness.run(
            ["run"] + returns.map { scenarios + "/returns/" + $0 } + [
                "--no-sweep", "--no-db", "--out", try scratch.folder(), "--config", CLIHarness.alwaysStrong,
                "--baseline", baseline, "--fail-on-regression",
            ])
        #expect(fewer.exitCode == .success, "\(fewer.output)")
        #expect(fewer.output.contains("  removed     returns.order-status (in the baseline, not run now)"))
        #expect(fewer.output.contains("over the \(returns.count) runs both have"))
    }

    @Test func reportGatesAReportAlreadyWrittenWithTheSameCode() async throws {
        let (baseline, _) = try await savedBaseline(of: scenarios)
        let out = try scratch.folder()
        let run = await CLIHarness.run([
            "run", scenarios, "--no-sweep", "--no-db", "--out", out, "--config", CLIHarness.alwaysStrong, "--baseline",
            baseline, "--fail-on-regression",
        ])
        let summaryOfRun = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)

        let rendered = try scratch.folder()
        let gated = await CLIHarness.run([
            "report", out, "--out", rendered, "--baseline", baseline, "--fail-on-regression",
        ])
        #expect(gated.exitCode == run.exitCode)
        #expect(gated.exitCode == .failure)
        #expect(gated.output.contains("gate: FAILED against \(baseline)"))
        #expect(
            try String(contentsOfFile: rendered + "/summary.md", encoding: .utf8) == summaryOfRun,
            "the same gate section as the run wrote")

        let plain = await CLIHarness.run(["report", out, "--out", try scratch.folder(), "--baseline", baseline])
        #expect(plain.exitCode == .success, "rendering with a regression is not a failure without --fail-on-regression")
        #expect(plain.output.contains("gate: FAILED"))
    }

    @Test func reportSavesTheSameBaselineAsTheRun() async throws {
        let (baseline, out) = try await savedBaseline(of: scenarios)
        let again = try scratch.folder() + "/again.json"
        let result = await CLIHarness.run([
            "report", out + "/report.json", "--out", try scratch.folder(), "--save-baseline", again,
        ])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(try String(contentsOfFile: again, encoding: .utf8) == String(contentsOfFile: baseline, encoding: .utf8))
    }

    @Test(arguments: [
        (["--fail-on-regression"], "--fail-on-regression compares with a baseline; add --baseline FILE"),
        (["--max-cost-increase", "5"], "--max-cost-increase compares with a baseline; add --baseline FILE"),
        (
            ["--baseline", "b.json", "--max-cost-increase", "lots"],
            "--max-cost-increase needs a percentage of 0 or more"
        ),
        (["--baseline", "b.json", "--max-p95-increase", "-1"], "--max-p95-increase needs a percentage of 0 or more"),
        (
            ["--baseline", "b.json", "--max-accuracy-drop", "2"],
            "--max-accuracy-drop needs a share of runs between 0 and 1"
        ),
        (
            ["--baseline", "b.json", "--max-accuracy-drop", "nan"],
            "--max-accuracy-drop needs a share of runs between 0 and 1"
        ),
        (["--baseline", ""], "--baseline needs a file name"),
        (["--shard", "1/4", "--baseline", "b.json"], "--baseline needs the whole suite, not a shard"),
    ])
    func refusesBadGateOptionsAsUsageErrors(arguments: [String], message: String) async throws {
        let out = try scratch.folder() + "/out"
        let result = await CLIHarness.run(["run", scenarios, "--no-db", "--out", out] + arguments)
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("error: " + message), "\(result.diagnostics)")
        #expect(!FileManager.default.fileExists(atPath: out))
        if !arguments.contains("--shard") {
            let report = await CLIHarness.run(["report", CLIHarness.root + "/nowhere"] + arguments)
            #expect(report.exitCode == .usage)
        }
    }

    @Test func aMissingOrInvalidBaselineIsExitTwoAndNothingIsWritten() async throws {
        let folder = try scratch.folder()
        let out = folder + "/out"
        let missing = await CLIHarness.run([
            "run", scenarios, "--no-db", "--out", out, "--baseline", folder + "/none.json", "--fail-on-regression",
        ])
        #expect(missing.exitCode == .usage)
        #expect(missing.diagnostics.contains("error: \(folder)/none.json: no such baseline file"))

        let invalid = folder + "/baseline.json"
        try "{\n  \"kind\": \"rehearsal-baseline\",\n  \"schemaVersion\": 1,\n  \"suite\": {\"name\": 3}\n}\n".write(
            toFile: invalid, atomically: true, encoding: .utf8)
        let database = folder + "/history.sqlite"
        let bad = await CLIHarness.run(["run", scenarios, "--db", database, "--out", out, "--baseline", invalid])
        #expect(bad.exitCode == .usage)
        #expect(
            bad.diagnostics.contains("error: \(invalid):4:21: $.suite.name: expected a string, found number 3"),
            "\(bad.diagnostics)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["baseline.json"],
            "no report, no database")

        let report = await CLIHarness.run([
            "report", CLIHarness.root + "/Tests/RehearsalReportsTests/Resources/small-report.json", "--out", out,
            "--baseline", invalid,
        ])
        #expect(report.exitCode == .usage)
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
