import Foundation
import RehearsalCore
import RehearsalReports
import RehearsalScenarios
import Testing

struct GateSummaryWriterTests {
    /// Three runs that passed fail now, one fails as it did, one is new and one removed, and cost rose 50%.
    static func result() throws -> (report: ReportDocument, gate: GateResult) {
        let before = GateDocuments.ten + [GateRun("z.gone")]
        var after = GateDocuments.ten.map { run in
            var run = run
            run.costUSD *= 1.5
            return run
        }
        for index in [1, 4, 7] {
            after[index] = after[index].failing("missing expected call get_budget (run \(index))")
        }
        after.append(GateRun("a.new", passed: false, failure: "stopped by limit maxSteps"))
        var baselineRuns = before
        baselineRuns[8] = baselineRuns[8].failing("known")
        after[8] = after[8].failing("still known")
        let report = try GateDocuments.report(after)
        let gate = Gate().check(report, against: try GateDocuments.baseline(baselineRuns), named: "ci/baseline.json")
        return (report, gate)
    }

    @Test func theTerminalLinesNameEveryRegressionWithItsReason() throws {
        let (_, gate) = try GateSummaryWriterTests.result()
        let text = GateSummaryWriter.text(gate)
        #expect(text.hasPrefix("gate: FAILED against ci/baseline.json: \(gate.regressions.count) regressions\n"))
        for index in [1, 4, 7] {
            #expect(
                text.contains(
                    "  REGRESSION  s\(index): passed in the baseline, fails now: missing expected call get_budget (run \(index))\n"
                ))
        }
        let figures = try #require(gate.figures)
        let costs = "\(ReportFormat.usd(figures.baselineCostUSD)) → \(ReportFormat.usd(figures.currentCostUSD))"
        #expect(text.contains("  REGRESSION  cost rose 50.0% (\(costs)), more than the +10.0% allowed\n"), "\(text)")
        #expect(text.contains("  known       s8: failed in the baseline too: still known\n"))
        #expect(text.contains("  new         a.new (not in the baseline) fails: stopped by limit maxSteps\n"))
        #expect(text.contains("  removed     z.gone (in the baseline, not run now)\n"))
        #expect(!text.contains("\u{1B}["), "no colour unless asked")
        #expect(GateSummaryWriter.text(gate, color: true).contains("\u{1B}[31mREGRESSION\u{1B}[0m"))
    }

    @Test func theMarkdownSectionListsEveryRegressionInATable() throws {
        let (_, gate) = try GateSummaryWriterTests.result()
        let markdown = GateSummaryWriter.markdown(gate)
        #expect(
            markdown.contains("### ❌ Regression gate: \(gate.regressions.count) regressions against `ci/baseline.json`")
        )
        let rows = markdown.split(separator: "\n").filter {
            $0.hasPrefix("| `s") || $0.hasPrefix("| Cost |") || $0.hasPrefix("| Pass rate |")
        }
        for index in [1, 4, 7] {
            #expect(
                rows.contains {
                    $0.hasPrefix(
                        "| `s\(index)` | passed in the baseline, fails now: missing expected call get\\_budget (run \(index)) |"
                    )
                })
        }
        let figures = try #require(gate.figures)
        let costs = "\(ReportFormat.usd(figures.baselineCostUSD)) → \(ReportFormat.usd(figures.currentCostUSD))"
        #expect(
            markdown.contains(
                "| Cost | cost rose 50.0% (\(costs.replacingOccurrences(of: "$", with: "\\$"))), more than the +10.0% allowed |"
            ), "\(markdown)")
        #expect(markdown.contains("**Known failures** (failed in the baseline too, not regressions): `s8`"))
        #expect(
            markdown.contains(
                "**New since the baseline** (1 run, 1 failing; not regressions by themselves): `a.new` ❌ stopped by limit maxSteps"
            ))
        #expect(markdown.contains("**Removed since the baseline** (1 run, not regressions): `z.gone`"))
    }

    @Test func summaryMarkdownCarriesTheGateBeforeTheFailures() throws {
        let (report, gate) = try GateSummaryWriterTests.result()
        let summary = MarkdownSummaryWriter.render(report, gate: gate)
        let gateAt = try #require(summary.range(of: "### ❌ Regression gate"))
        let failuresAt = try #require(summary.range(of: "### Failures"))
        #expect(gateAt.lowerBound < failuresAt.lowerBound)
        #expect(!MarkdownSummaryWriter.render(report).contains("Regression gate"))
    }

    @Test func aPassingGateSaysSoAndListsItsImprovements() throws {
        var before = GateDocuments.ten
        before[0] = before[0].failing("was broken")
        let gate = Gate().check(
            try GateDocuments.report(GateDocuments.ten), against: try GateDocuments.baseline(before), named: "b.json")
        let markdown = GateSummaryWriter.markdown(gate)
        #expect(markdown.contains("### ✅ Regression gate: no regressions against `b.json`"))
        #expect(markdown.contains("**Improved**: `s0` passes now (failed in the baseline)"))
        #expect(!markdown.contains("| Regression |"))
        #expect(
            GateSummaryWriter.text(gate).hasPrefix("gate: passed against b.json: no regressions (10 runs compared)\n"))
    }

    @Test func cutsTheRegressionsToItsBudgetAndSaysHowManyAreLeftOut() throws {
        let before = (0..<400).map { GateRun("scenario.number-\($0)") }
        let after = before.map {
            $0.failing("a reason long enough to take some room in the table, repeated for every run")
        }
        let gate = Gate().check(
            try GateDocuments.report(after), against: try GateDocuments.baseline(before), named: "b.json")
        let markdown = GateSummaryWriter.markdown(gate, budget: 8_000)
        #expect(markdown.utf16.count <= 8_000)
        let shown = markdown.split(separator: "\n").filter { $0.hasPrefix("| `scenario.number-") }.count
        #expect(shown > 0 && shown < 400)
        #expect(
            markdown.contains(
                "… and \(gate.regressions.count - shown) more regressions, left out to keep this summary short"))
        // The terminal lists every one.
        #expect(
            GateSummaryWriter.text(gate).split(separator: "\n").filter { $0.contains("REGRESSION") }.count
                == gate.regressions.count)
    }

    @Test func escapesHostileReasonsInTheMarkdownAndTheTerminal() throws {
        let before = [GateRun("a")]
        let after = [GateRun("a").failing("x | <img src=x onerror=alert(1)> @octocat \u{1B}]52;c;ZXZpbA==\u{7}")]
        let gate = Gate().check(try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        let markdown = GateSummaryWriter.markdown(gate)
        let row = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| `a` |") })
        #expect(!row.contains("<img") && row.contains("x \\| &lt;img") && !row.contains("@octocat"))
        let text = GateSummaryWriter.text(gate)
        #expect(!text.contains("\u{1B}]52") && text.contains("\\u{1B}]52"))
    }
}
