import Foundation
import RehearsalCore
import RehearsalReports
import Testing

struct HTMLReportWriterTests {
    @Test func matchesItsGolden() throws {
        try Golden.assert(HTMLReportWriter.render(try Golden.smallReport()), matches: "small-report.html")
    }

    @Test func writesOneRowPerScenarioRunAndOneDataBlockEach() throws {
        let report = try Golden.smallReport()
        let html = HTMLReportWriter.render(report)
        #expect(html.occurrences(of: "<tr class=\"row ") == report.scenarios.count)
        #expect(html.occurrences(of: "<script type=\"application/json\" id=\"data-") == report.scenarios.count)
        #expect(html.occurrences(of: "<tr class=\"row fail\"") == 1)
    }

    @Test func escapesRunTextWhereverItLands() throws {
        let html = HTMLReportWriter.render(try Golden.smallReport())
        // The planted markup must never appear as markup: not in the title, the rows, the charts or the data.
        #expect(!html.contains("<script>document.title"))
        #expect(!html.contains("</script><script>document"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<svg onload"))
        #expect(!html.contains("\"'><svg"))
        #expect(html.contains("built-in &lt;script&gt;document.title='pwned-suite'&lt;/script&gt;"))
        #expect(html.contains("arrive &quot;&#39;&gt;&lt;svg onload=document.title=&#39;pwned-title&#39;&gt;"), "in an attribute, quotes are escaped too")
        #expect(html.contains(#"\u003c/script\u003e\u003cscript\u003edocument.title"#), "in a JSON block, < and > are escaped")
    }

    @Test func exactlyOneExecutableScriptPinnedByTheContentSecurityPolicy() throws {
        let html = HTMLReportWriter.render(try Golden.smallReport())
        // Every <script> but the last is a JSON data block, which the browser never runs.
        let scripts = html.components(separatedBy: "<script").dropFirst()
        #expect(scripts.filter { !$0.hasPrefix(" type=\"application/json\"") }.count == 1)
        let policy = try #require(html.slice(from: "http-equiv=\"Content-Security-Policy\" content=\"", to: "\""))
        #expect(policy.contains("default-src 'none'"))
        let pinned = try #require(policy.slice(from: "script-src 'sha256-", to: "'"))
        let body = try #require(html.slice(from: "<script>", to: "</script>"))
        var hasher = SHA256()
        hasher.update(body)
        #expect(pinned == base64(hasher.finalize()), "the CSP hash must be the hash of the page's own script, or the browser blocks it")
    }

    @Test func rendersTheSameReportToTheSameBytes() throws {
        let report = try Golden.smallReport()
        #expect(HTMLReportWriter.render(report) == HTMLReportWriter.render(report))
    }

    @Test func cutsVeryLongObservationsInThePageOnly() throws {
        let long = String(repeating: "x", count: HTMLReportWriter.textLimit + 500)
        let json = try Golden.smallReportJSON().replacingScenario(0) { scenario in
            var calls = scenario["toolCalls"]?.arrayValue ?? []
            calls[0] = calls[0].with("observation", .string(long))
            return scenario.with("toolCalls", .array(calls))
        }
        let html = HTMLReportWriter.render(try ReportDocument(json: json))
        #expect(!html.contains(long))
        #expect(html.contains("[500 more characters in report.json]"))
    }

    @Test(arguments: [
        ("a<b>&c", "a&lt;b&gt;&amp;c", "a&lt;b&gt;&amp;c"),
        ("say \"hi\" it's", "say \"hi\" it's", "say &quot;hi&quot; it&#39;s"),
        ("plain", "plain", "plain"),
    ])
    func escapesTextAndAttributes(input: String, text: String, attribute: String) {
        #expect(HTML.text(input) == text)
        #expect(HTML.attribute(input) == attribute)
    }

    @Test func keepsScriptJSONValidAndInert() throws {
        let value: JSONValue = ["text": "</script><!-- & \u{2028}"]
        let embedded = HTML.scriptJSON(value)
        #expect(!embedded.contains("<") && !embedded.contains(">") && !embedded.contains("&") && !embedded.contains("\u{2028}"))
        #expect(try JSONParser.parse(embedded) == value, "the escapes read back to the same value")
    }

    @Test func percentEncodesFragmentLinks() {
        #expect(HTML.fragmentComponent("returns.order-status#1") == "returns.order-status%231")
        #expect(HTML.fragmentComponent("a b&c") == "a%20b%26c")
    }

    private func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | (Int($1.element) << (16 - 8 * $1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
            }
            index += 3
        }
        return out
    }
}
