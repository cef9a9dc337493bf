import RehearsalCore
import RehearsalReports
import Testing

struct ReportPhrasesTests {
    /// The sample report with every run stopped by an error before a call was judged.
    func allErrored() throws -> ReportDocument {
        var json = try Golden.smallReportJSON()
        for index in 0..<(json["scenarios"]?.arrayValue?.count ?? 0) {
            json = json.replacingScenario(index) { scenario in
                scenario.with("stopReason", ["code": "error", "explanation": "no recording"])
                    .with("toolChoice", (scenario["toolChoice"] ?? [:]).with("argumentAccuracy", .null))
            }
        }
        let summary = try #require(json["summary"])
        let security = try #require(summary["security"])
        let neverCall = try #require(security["neverCall"])
        json = json.with("summary", summary.with("security", security.with("neverCall", neverCall.with("checked", 0).with("held", 0))))
        return try ReportDocument(json: json)
    }

    @Test func saysWhatWasNotMeasuredWhenEveryRunErrored() throws {
        let report = try allErrored()
        #expect(report.erroredRuns == report.scenarios.count)
        #expect(!report.hasFinishedRuns)
        #expect(report.argumentAccuracyPhrase == "none to compare")
        #expect(report.neverCallPhrase == "never-call checks not made (7 runs stopped with an error first)")
        let markdown = MarkdownSummaryWriter.render(report)
        #expect(markdown.contains("**Latency** (virtual): no run finished"))
        #expect(markdown.contains("arguments none to compare"))
        let html = HTMLReportWriter.render(report)
        #expect(html.contains("no run finished"))
        #expect(html.contains("never-call checks not made"))
    }

    @Test func reportsMeasuredFiguresAsNumbers() throws {
        let report = try Golden.smallReport()
        #expect(report.hasFinishedRuns)
        #expect(report.argumentAccuracyPhrase == "100.0%")
        #expect(report.neverCallPhrase == "never-call checks held in 5 of 5 runs")
    }

    @Test func neverClaimsASavingOfNothing() {
        #expect(ReportFormat.sweepVerdict(best: "threshold 0.38", bestQuality: 1, strongQuality: 1, savingsPct: 20)
            == "threshold 0.38 keeps 100.0% passing (always-strong 100.0%) at 20.0% less cost")
        #expect(ReportFormat.sweepVerdict(best: "always-strong", bestQuality: 1, strongQuality: 1, savingsPct: 0)
            == "no cheaper setting keeps the quality within tolerance; always-strong is the best point (100.0% passing)")
    }
}

struct ReportFormatTests {
    @Test(arguments: [
        (0.0, "$0"), (0.4148, "$0.4148"), (1.5, "$1.50"), (0.9999999999999999, "$1.00"), (0.99994, "$0.9999"), (0.99996, "$1.00"),
        (0.0099999999, "$0.0100"), (0.00123, "$0.00123"), (12.5, "$12.50"),
    ])
    func pricesPickTheirDecimalsByTheAmountAsPrinted(value: Double, text: String) {
        #expect(ReportFormat.usd(value) == text)
    }
}
