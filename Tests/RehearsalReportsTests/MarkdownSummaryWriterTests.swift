import Foundation
import RehearsalCore
import RehearsalReports
import Testing

struct MarkdownSummaryWriterTests {
    @Test func matchesTheGoldenForTheSmallReport() throws {
        try Golden.assert(MarkdownSummaryWriter.render(try Golden.smallReport()), matches: "small-report.summary.md")
    }

    @Test func headsTheSummaryWithTheVerdictAndItsCounts() throws {
        let failing = MarkdownSummaryWriter.render(try Golden.smallReport())
        #expect(failing.hasPrefix("## ❌ 1 of 7 scenarios failed · "))

        let json = try Golden.smallReportJSON()
        var scenarios = try #require(json["scenarios"]?.arrayValue)
        scenarios = scenarios.map { $0.with("passed", true).with("failures", []) }
        let summary = try #require(json["summary"]).with("passed", 7).with("failed", 0)
        let passing = MarkdownSummaryWriter.render(
            try ReportDocument(json: json.with("scenarios", .array(scenarios)).with("summary", summary)))
        #expect(passing.hasPrefix("## ✅ 7 of 7 scenarios passed · "))
        #expect(!passing.contains("### Failures"))
    }

    @Test func countsRunsWhenScenariosRanSeveralTrials() throws {
        let json = try Golden.smallReportJSON()
        let scenario = try #require(json["scenarios"]?.arrayValue?[3])
        let trials = (0..<3).map {
            scenario.with("trial", .number(Double($0))).with("passed", .bool($0 != 1)).with(
                "failures", $0 == 1 ? ["wrong date"] : [])
        }
        let summary = try #require(json["summary"]).with("scenarios", 3).with("passed", 2).with("failed", 1)
            .with(
                "reliability",
                [
                    "trials": 3, "passAt": [0.6666666666666667, 1, 1],
                    "passHat": [0.6666666666666666, 0.3333333333333333, 0],
                ])
        let text = MarkdownSummaryWriter.render(
            try ReportDocument(json: json.with("scenarios", .array(trials)).with("summary", summary)))
        #expect(text.hasPrefix("## ❌ 1 of 3 runs failed · "))
        #expect(text.contains("| `returns.order-status#1` | gpt-4o-mini | wrong date |"))
        #expect(text.contains("**Reliability** over 3 trials: pass^1 0.67, pass^2 0.33, pass^3 0.00 · pass@3 1.00"))
    }

    @Test func listsEachFailureWithItsFirstReasonAndEveryRunInTheDetails() throws {
        let report = try Golden.smallReport()
        let text = MarkdownSummaryWriter.render(report)
        let failureRows = Self.rows(of: "### Failures", in: text)
        #expect(failureRows.count == report.summary.failed)
        #expect(
            failureRows.first?.hasPrefix("| `procurement.po-rejected` | gpt-4o-mini | final answer does not mention")
                == true)
        #expect(failureRows.first?.hasSuffix(" (+1 more) |") == true)
        let detailRows = Self.rows(of: "<summary>", in: text)
        #expect(detailRows.count == report.scenarios.count)
        #expect(detailRows.filter { $0.hasPrefix("| ❌ |") }.count == report.summary.failed)
    }

    @Test func escapesHostileTextSoItCanNeitherBreakTheTableNorAddMarkup() throws {
        let reason =
            "a | b `code` [x](javascript:alert(1)) <img src=x onerror=alert(1)> <!-- **bold** @octocat $x$ \\| end\nsecond line\u{2028}third\u{1}"
        let json = try Golden.smallReportJSON().replacingScenario(1) {
            $0.with("failures", [.string(reason)]).with("model", "<b>m|x</b>")
        }
        let text = MarkdownSummaryWriter.render(try ReportDocument(json: json))
        let row = try #require(Self.rows(of: "### Failures", in: text).first)
        #expect(Self.unescapedPipes(in: row) == 4)
        #expect(!row.contains("<") && !row.contains("\u{1}") && !row.contains("\u{2028}"))
        #expect(row.contains("second line third"))
        #expect(
            row.contains("\\`code\\`") && row.contains("\\[x\\]") && row.contains("\\*\\*bold\\*\\*")
                && row.contains("\\$x\\$"))
        #expect(row.contains("&lt;img src=x onerror=alert(1)&gt; &lt;!-- "))
        #expect(row.contains("@\u{2060}octocat") && !row.contains("@octocat"))
        #expect(row.contains(" \\\\\\| end"))
        #expect(row.contains("| &lt;b&gt;m\\|x&lt;/b&gt; |"))

        // The planted suite name and failure reason of the small report: no HTML reaches the comment but ours.
        let small = MarkdownSummaryWriter.render(try Golden.smallReport())
        var stripped = small
        for tag in ["<details>", "</details>", "<summary>", "</summary>", "<sub>", "</sub>"] {
            stripped = stripped.replacingOccurrences(of: tag, with: "")
        }
        #expect(!stripped.contains("<"))
        #expect(small.contains("built-in &lt;script&gt;document.title='pwned-suite'&lt;/script&gt;"))
        #expect(small.contains("&lt;b&gt;&amp;amp;&lt;/b&gt; \\]\\]&gt;"))
    }

    @Test func staysUnderTheLimitForFiveThousandFailingScenarios() throws {
        let json = try Golden.smallReportJSON()
        let template = try #require(json["scenarios"]?.arrayValue?[1])
        let long = String(repeating: "the final answer | does not <mention> `the` expected & [text] ", count: 12)
        let scenarios: [JSONValue] = (0..<5_000).map { index in
            template.with("id", .string("family\(index % 7).scenario-\(index)")).with(
                "family", .string("family\(index % 7)")
            )
            .with("failures", [.string("\(index): " + long), "second reason"])
        }
        let summary = try #require(json["summary"]).with("scenarios", 5_000).with("passed", 0).with("failed", 5_000)
        let report = try ReportDocument(json: json.with("scenarios", .array(scenarios)).with("summary", summary))

        let text = MarkdownSummaryWriter.render(report)
        #expect(text.utf16.count <= 65_000)
        #expect(text.count <= 65_000)
        #expect(text.hasPrefix("## ❌ 5000 of 5000 scenarios failed · "))
        let shown = Self.rows(of: "### Failures", in: text).count
        #expect(shown > 50)
        #expect(text.contains("\n… and \(5_000 - shown) more failures; see report.html / report.json.\n"))
        #expect(text.contains("The list of all 5000 scenarios is left out"))
        #expect(!text.contains("<details>"))

        let small = MarkdownSummaryWriter.render(report, limit: 8_000)
        #expect(small.utf16.count <= 8_000)
        #expect(small.contains("more failures; see report.html / report.json."))
    }

    @Test func keepsEvenATinyLimit() throws {
        let text = MarkdownSummaryWriter.render(try Golden.smallReport(), limit: 300)
        #expect(text.utf16.count <= 300)
        #expect(text.hasPrefix("## ❌ 1 of 7 scenarios failed"))
    }

    /// The rows of the table that follows the first line containing `marker`.
    static func rows(of marker: String, in text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains(marker) }),
            let header = lines[start...].firstIndex(where: { $0.hasPrefix("|") })
        else { return [] }
        // The header, then the delimiter row, then the rows up to the first line that is not one.
        return Array(lines[(header + 2)...].prefix { $0.hasPrefix("|") })
    }

    /// The `|` that end table cells: those not escaped by an odd run of backslashes.
    static func unescapedPipes(in row: String) -> Int {
        var count = 0
        var backslashes = 0
        for character in row {
            if character == "|" && backslashes % 2 == 0 { count += 1 }
            backslashes = character == "\\" ? backslashes + 1 : 0
        }
        return count
    }
}

