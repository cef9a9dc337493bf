import Foundation
import RehearsalCore
import RehearsalReports
import Testing

/// report.html in a real browser: what Chromium builds from the page, its script run.
@Suite(.enabled(if: Browser.isAvailable, Browser.skipReason))
struct HTMLReportBrowserTests {
    let report: ReportDocument
    let html: String

    init() throws {
        report = try Golden.smallReport()
        html = HTMLReportWriter.render(report)
    }

    /// The title the page was written with, as it reads in the DOM. A planted payload that ran would change it.
    var writtenTitle: String { html.slice(from: "<title>", to: "</title>") ?? "" }

    /// The opening tags of the scenario rows, from just after `<tr class="row `.
    func rowTags(in dom: String) -> [String] {
        dom.components(separatedBy: "<tr class=\"row ").dropFirst().map { String($0.prefix { $0 != ">" }) }
    }

    /// The opened detail row: from its start to the next scenario row or the end of the table (the page writes the
    /// table's closing tag on a line of its own; the detail's own tables close inline).
    func detailRow(in dom: String) -> String? {
        guard let start = dom.range(of: "<tr class=\"detail\"") else { return nil }
        let rest = dom[start.upperBound...]
        let end = rest.range(of: "<tr class=\"row ")?.lowerBound ?? rest.range(of: "\n</table>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func buildsEveryScenarioRowAndRunsNoInjectedScript() throws {
        let dom = try Browser.dom(of: html)
        #expect(dom.occurrences(of: "<tr class=\"row ") == report.scenarios.count)
        #expect(dom.slice(from: "<title>", to: "</title>") == writtenTitle, "a payload setting document.title ran")
        #expect(!dom.contains("<img"), "planted markup became an element")
        #expect(!dom.contains("<svg onload"))
        #expect(dom.contains("\(report.scenarios.count) of \(report.scenarios.count) scenario runs"))
        #expect(!dom.contains("id=\"detail-"), "details are rendered only when opened")
    }

    @Test func filtersToTheFailuresFromTheAddress() throws {
        let dom = try Browser.dom(of: html, fragment: "failed=1")
        let failing = report.scenarios.filter { !$0.passed }.count
        #expect(dom.contains("\(failing) of \(report.scenarios.count) scenario runs"))
        let rows = rowTags(in: dom)
        #expect(rows.count == report.scenarios.count)
        #expect(rows.filter { $0.hasPrefix("pass") }.allSatisfy { $0.contains(" hidden") }, "every passing row is hidden")
        #expect(rows.filter { $0.hasPrefix("fail") }.allSatisfy { !$0.contains(" hidden") }, "the failing row stays visible")
    }

    @Test func searchesAcrossIdsToolsAndReasons() throws {
        // A tool name finds the runs that called it; they are the only rows left showing.
        let dom = try Browser.dom(of: html, fragment: "q=request_quote")
        let matching = report.scenarios.filter { row in
            (row.json["toolCalls"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == "request_quote" }
        }
        #expect(matching.count > 0 && matching.count < report.scenarios.count)
        #expect(dom.contains("\(matching.count) of \(report.scenarios.count) scenario runs"))
        #expect(rowTags(in: dom).filter { !$0.contains(" hidden") }.count == matching.count)
    }

    @Test func opensAScenarioFromTheAddressAndShowsRunTextAsText() throws {
        let dom = try Browser.dom(of: html, fragment: "open=returns.order-status")
        let detail = try #require(detailRow(in: dom))
        #expect(detail.contains("Reasoning chain"))
        #expect(detail.contains("Step 1"))
        #expect(detail.contains("&lt;/script&gt;&lt;script&gt;document.title=\"pwned\"&lt;/script&gt;"), "the final answer's markup is text")
        #expect(detail.contains("&lt;script&gt;document.title=\"pwned-obs\"&lt;/script&gt;"), "the observation's markup is text")
        #expect(dom.slice(from: "<title>", to: "</title>") == writtenTitle)
        #expect(dom.contains("aria-expanded=\"true\""))
    }

    @Test func showsTheFirstDivergenceOfAFailedRun() throws {
        let diverging = try #require(report.scenarios.first { $0.json["divergence"].map { $0 != .null } ?? false })
        let dom = try Browser.dom(of: html, fragment: "open=" + HTML.fragmentComponent(diverging.label))
        let detail = try #require(detailRow(in: dom))
        let description = try #require(diverging.json["divergence"]?["description"]?.stringValue)
        #expect(detail.contains(HTML.text(description)))
        #expect(detail.contains("first divergence"))
    }

    @Test func sortsByCostFromTheAddress() throws {
        let dom = try Browser.dom(of: html, fragment: "sort=cost:desc")
        let expensive = try #require(report.scenarios.max { $0.costUSD < $1.costUSD })
        let firstRow = try #require(dom.slice(from: "<tr class=\"row ", to: ">"))
        #expect(firstRow.contains("data-label=\"\(expensive.label)\""))
        #expect(dom.contains("aria-sort=\"descending\""))
    }

    /// The sample's scenarios cloned under new ids until there are `count`: a report larger than one page of rows.
    func largeReport(_ count: Int) throws -> ReportDocument {
        let json = try Golden.smallReportJSON()
        let originals = json["scenarios"]?.arrayValue ?? []
        let clones: [JSONValue] = (0..<count).map { index in
            let original = originals[index % originals.count]
            let id = "\(original["id"]?.stringValue ?? "s").copy-\(String(format: "%04d", index))"
            return original.with("id", .string(id))
        }
        return try ReportDocument(json: json.with("scenarios", .array(clones)))
    }

    @Test func laysOutOnlyTheFirstPageOfALargeTable() throws {
        let report = try largeReport(HTMLReportWriter.pageSize + 50)
        let dom = try Browser.dom(of: HTMLReportWriter.render(report))
        let rows = rowTags(in: dom)
        #expect(rows.count == report.scenarios.count)
        #expect(rows.filter { !$0.contains(" hidden") }.count == HTMLReportWriter.pageSize)
        #expect(dom.contains("\(report.scenarios.count) of \(report.scenarios.count) scenario runs, the first \(HTMLReportWriter.pageSize) shown"))
        #expect(dom.contains("Show 50 more"))
    }

    @Test func opensARowBeyondTheFirstPage() throws {
        let report = try largeReport(HTMLReportWriter.pageSize + 50)
        let last = try #require(report.scenarios.map(\.label).max())
        let dom = try Browser.dom(of: HTMLReportWriter.render(report), fragment: "open=" + HTML.fragmentComponent(last))
        let tag = try #require(rowTags(in: dom).first { $0.contains("data-label=\"\(last)\"") })
        #expect(!tag.contains(" hidden"))
        #expect(detailRow(in: dom)?.contains("Reasoning chain") == true)
    }
}
