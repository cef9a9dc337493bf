import Foundation
import RehearsalCore

/// Writes `report.html`: one self-contained page (no external assets, no server) that a person opens from disk or
/// from a CI artifact to see what passed, what failed and why.
///
/// The page is built here, as text: the headline figures, the charts (inline SVG), and one table row per scenario
/// run. A scenario's detail (its reasoning chain, calls, checks and expected vs actual trajectory) is rendered by
/// the page's one script only when the row is opened, from a JSON block per scenario, so a report of thousands of
/// scenarios stays fast. Untrusted text (model output, tool results, scenario text) is escaped wherever it lands,
/// the script builds the detail with `textContent` only, and a Content-Security-Policy allows no script but the
/// page's own (by its hash), so nothing from a run can execute.
public enum HTMLReportWriter {
    /// Observations and thoughts longer than this are cut in the page (the full text stays in report.json).
    public static let textLimit = 4_000

    /// Rows laid out at first (the rest wait behind "Show more"): thousands of rows take the browser seconds to lay out.
    public static let pageSize = 250

    /// The page for `report`.
    public static func render(_ report: ReportDocument) -> String {
        var page = Page()
        page.reserve(report.scenarios.count)
        let summary = report.summary
        let title = "Rehearsal: \(report.suiteName) · \(report.configuration.name) · \(summary.passed) of \(summary.scenarios) passed"
        page += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '\(scriptHash)'">
            <meta name="generator" content="rehearsal\(report.toolVersion.map { " " + HTML.attribute($0) } ?? "")">
            <title>\(HTML.text(title))</title>
            <style>\(HTMLAssets.css)</style>
            </head>
            <body>
            <a class="skip" href="#scenarios">Skip to the scenarios</a>

            """
        header(report, into: &page)
        page += "<main>\n"
        glance(report, into: &page)
        failures(report, into: &page)
        charts(report, into: &page)
        scenarioTable(report, into: &page)
        configuration(report, into: &page)
        page += "</main>\n"
        page += """
            <footer><p>Written by rehearsal\(report.toolVersion.map { " " + HTML.text($0) } ?? "") from report.json (schema version \(report.schemaVersion)). \
            Times are virtual: sums of recorded latencies, not the wall clock. Costs are list prices from the price table. \
            Every figure is also in report.json.</p></footer>

            """
        for (index, scenario) in report.scenarios.enumerated() {
            page += "<script type=\"application/json\" id=\"data-\(index)\">"
            page += HTML.scriptJSON(detailJSON(scenario.json))
            page += "</script>\n"
        }
        page += "<script>\(HTMLAssets.script)</script>\n</body>\n</html>\n"
        return page.text
    }

    /// The CSP source for the page's script: `sha256-` and the base64 of its digest.
    static let scriptHash: String = {
        var hasher = SHA256()
        hasher.update(HTMLAssets.script)
        return "sha256-" + Data(hasher.finalize()).base64EncodedString()
    }()

    // MARK: - Sections

    private static func header(_ report: ReportDocument, into page: inout Page) {
        let summary = report.summary
        let verdict = summary.failed == 0
            ? "<span class=\"verdict pass\">All \(summary.scenarios) passed</span>"
            : "<span class=\"verdict fail\">\(summary.failed) of \(summary.scenarios) failed</span>"
        var facts = [
            "suite <b>\(HTML.text(report.suiteName))</b>",
            "configuration <b>\(HTML.text(report.configuration.name))</b>\(report.configuration.routerKind.map { " (\(HTML.text($0)) router)" } ?? "")",
        ]
        if let prices = report.prices { facts.append("prices of \(HTML.text(prices.date))") }
        if let startedAt = report.startedAt { facts.append("run started <time datetime=\"\(HTML.attribute(startedAt))\">\(HTML.text(startedAt))</time>") }
        page += """
            <header class="page">
            <h1>Rehearsal report \(verdict)</h1>
            <p class="meta">\(facts.joined(separator: " · "))</p>
            \(report.configuration.description.map { "<p class=\"meta\">\(HTML.text($0))</p>" } ?? "")
            </header>

            """
    }

    private static func glance(_ report: ReportDocument, into page: inout Page) {
        let s = report.summary
        var tiles: [(String, String, String)] = [
            ("Passed", "\(s.passed) of \(s.scenarios)", s.failed == 0 ? "every scenario run passed" : "\(s.failed) failed"),
            ("Tool-choice F1", ReportFormat.fraction(s.f1),
             "precision \(ReportFormat.fraction(s.precision)) · recall \(ReportFormat.fraction(s.recall)) · exact trajectories \(ReportFormat.percent(s.exactMatchRate * 100)) · arguments \(report.argumentAccuracyPhrase)"),
            ("Cost", ReportFormat.usd(s.costUSD),
             "\(grouped(s.inputTokens)) input tokens (\(grouped(s.cachedInputTokens)) cached) · \(grouped(s.outputTokens)) output"),
            report.hasFinishedRuns
                ? ("Latency p50, virtual", ReportFormat.seconds(s.p50Ms),
                   "p95 \(ReportFormat.seconds(s.p95Ms))\(s.p99Ms.map { " · p99 \(ReportFormat.seconds($0))" } ?? "") per scenario run, end to end")
                : ("Latency, virtual", "no run finished", "every run stopped with an error"),
            ("Router savings", ReportFormat.percent(s.savingsPct),
             "against always-strong at \(ReportFormat.usd(s.baselineUSD)) · \(ReportFormat.percent(s.strongShare * 100)) of tasks to the strong model"),
        ]
        if let sweep = s.routerSweep, let best = sweep.best {
            tiles.append((
                "Best router threshold", best.threshold.map { String(format: "%.2f", $0) } ?? best.name,
                "\(ReportFormat.percent(best.quality * 100)) passing at \(ReportFormat.usd(best.costUSD))\(sweep.bestSavingsPct.map { $0 > 0 ? ", \(ReportFormat.percent($0)) below always-strong" : ", no cheaper than always-strong" } ?? "")\(sweep.apgrCalls.map { " · APGR \(ReportFormat.fraction($0))" } ?? "")"
            ))
        }
        if let security = s.security {
            var detail = [report.neverCallPhrase,
                          "\(security.approvalsRequested) approvals (\(security.approvalsGranted) granted, \(security.approvalsEdited) edited, \(security.approvalsRejected) rejected)"]
            let limits = security.limitsHit.values.reduce(0, +)
            if limits > 0 { detail.append("\(limits) runs stopped by a limit") }
            tiles.append(("Safety", "\(security.deniedCalls) denied", "\(security.invalidCalls) invalid calls caught · " + detail.joined(separator: " · ")))
        }
        if let reliability = s.reliability, reliability.trials > 1 {
            let hats = reliability.passHat.enumerated().map { "pass^\($0.offset + 1) \(ReportFormat.fraction($0.element))" }
            tiles.append(("Reliability", "pass^\(reliability.trials) \(ReportFormat.fraction(reliability.passHat.last ?? 0))",
                          "\(reliability.trials) trials · " + hats.joined(separator: " · ")))
        }
        page += "<section aria-labelledby=\"h-glance\">\n<h2 id=\"h-glance\">At a glance</h2>\n<dl class=\"tiles\">\n"
        for (label, value, detail) in tiles {
            page += "<div class=\"tile\"><dt>\(HTML.text(label))</dt><dd class=\"value\">\(HTML.text(value))</dd><dd class=\"detail\">\(HTML.text(detail))</dd></div>\n"
        }
        page += "</dl>\n</section>\n"
    }

    /// The failed runs at the top, each linking to its detail: the first thing a reader of a red run wants.
    private static func failures(_ report: ReportDocument, into page: inout Page) {
        let failed = report.scenarios.filter { !$0.passed }
        guard !failed.isEmpty else { return }
        page += "<section aria-labelledby=\"h-failures\">\n<h2 id=\"h-failures\">What failed</h2>\n<ul class=\"failed-list\">\n"
        for scenario in failed.prefix(50) {
            let reason = scenario.failures.first ?? "failed"
            let more = scenario.failures.count > 1 ? " <span class=\"muted\">(+\(scenario.failures.count - 1) more)</span>" : ""
            page += "<li><a href=\"#open=\(HTML.attribute(HTML.fragmentComponent(scenario.label)))\">\(HTML.text(scenario.label))</a>: \(HTML.text(ReportFormat.oneLine(reason, limit: 300)))\(more)</li>\n"
        }
        page += "</ul>\n"
        if failed.count > 50 {
            page += "<p class=\"muted\">… and \(failed.count - 50) more: tick “Failures only” in the table below.</p>\n"
        }
        page += "</section>\n"
    }

    private static func charts(_ report: ReportDocument, into page: inout Page) {
        page += "<section aria-labelledby=\"h-charts\">\n<h2 id=\"h-charts\">Charts</h2>\n<div class=\"charts\">\n"
        page += ReportCharts.costVersusAccuracy(report)
        page += ReportCharts.latencyDistribution(report)
        page += ReportCharts.costPerScenario(report)
        page += "</div>\n</section>\n"
    }

    private static func scenarioTable(_ report: ReportDocument, into page: inout Page) {
        let families = Array(Set(report.scenarios.map(\.family))).sorted()
        page += """
            <section id="scenarios" aria-labelledby="h-scenarios">
            <h2 id="h-scenarios">Scenarios</h2>
            <form class="controls" role="search" aria-label="Filter the scenarios">
            <label>Search <input type="search" id="q" placeholder="id, title, model, tool, reason" autocomplete="off"></label>
            <label>Family <select id="family"><option value="">all</option>
            """
        for family in families { page += "<option value=\"\(HTML.attribute(family))\">\(HTML.text(family))</option>" }
        page += """
            </select></label>
            <label class="check"><input type="checkbox" id="failed-only"> Failures only</label>
            <output id="count" aria-live="polite">\(report.scenarios.count) of \(report.scenarios.count) scenario runs\(report.scenarios.count > pageSize ? ", the first \(pageSize) shown" : "")</output>
            </form>
            <noscript><p class="muted">Sorting, filtering and the step-by-step details need JavaScript; the figures are also in report.json.</p></noscript>
            <div class="table-wrap">
            <table id="scenario-table" data-page-size="\(pageSize)">
            <caption>One row per scenario run. Open a scenario to see its reasoning chain, every tool call and what was expected.</caption>
            <thead><tr>
            <th scope="col" aria-sort="ascending"><button type="button" data-sort="label">Scenario</button></th>
            <th scope="col" class="opt"><button type="button" data-sort="family">Family</button></th>
            <th scope="col"><button type="button" data-sort="model">Model, and why</button></th>
            <th scope="col"><button type="button" data-sort="passed">Result</button></th>
            <th scope="col" class="num"><button type="button" data-sort="f1">Tool F1</button></th>
            <th scope="col" class="num"><button type="button" data-sort="cost">Cost</button></th>
            <th scope="col" class="num"><button type="button" data-sort="latency">Latency</button></th>
            <th scope="col" class="opt">First failure</th>
            </tr></thead>
            <tbody>

            """
        for (index, scenario) in report.scenarios.enumerated() { row(scenario, index: index, into: &page) }
        page += "</tbody>\n</table>\n</div>\n"
        let hidden = report.scenarios.count > pageSize ? "" : " hidden"
        page += "<p class=\"more\"><button type=\"button\" id=\"show-more\"\(hidden)>Show more</button><button type=\"button\" id=\"show-all\"\(hidden)>Show all \(report.scenarios.count)</button></p>\n</section>\n"
    }

    private static func row(_ scenario: ReportDocument.ScenarioRow, index: Int, into page: inout Page) {
        let calledTools = (scenario.json["toolCalls"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let search = ([scenario.label, scenario.title, scenario.family, scenario.model ?? "", scenario.routingReason ?? ""] + scenario.failures + calledTools)
            .joined(separator: " ").lowercased()
        let model = scenario.model ?? "—"
        let why = [scenario.routingTier, scenario.routingReason].compactMap { $0 }.joined(separator: ": ")
        let reason = scenario.failures.first.map { ReportFormat.oneLine($0, limit: 160) } ?? ""
        let f1 = scenario.f1.map(ReportFormat.fraction) ?? "—"
        page += "<tr class=\"row \(scenario.passed ? "pass" : "fail")\" id=\"row-\(index)\"\(index >= pageSize ? " hidden" : "") data-i=\"\(index)\""
        page += " data-label=\"\(HTML.attribute(scenario.label))\" data-family=\"\(HTML.attribute(scenario.family))\""
        page += " data-model=\"\(HTML.attribute(model))\" data-passed=\"\(scenario.passed ? 1 : 0)\""
        page += " data-f1=\"\(scenario.f1.map { String($0) } ?? "-1")\" data-cost=\"\(scenario.costUSD)\" data-latency=\"\(scenario.latencyMs)\""
        page += " data-search=\"\(HTML.attribute(search))\">"
        page += "<th scope=\"row\"><button type=\"button\" class=\"open\" aria-expanded=\"false\" aria-controls=\"detail-\(index)\">\(HTML.text(scenario.label))</button>"
        if !scenario.title.isEmpty { page += "<span class=\"title\">\(HTML.text(scenario.title))</span>" }
        page += "</th>"
        page += "<td class=\"opt\">\(HTML.text(scenario.family))</td>"
        page += "<td>\(HTML.text(model))\(why.isEmpty ? "" : "<span class=\"why\">\(HTML.text(why))</span>")</td>"
        page += "<td>\(scenario.passed ? "<span class=\"badge pass\">pass</span>" : "<span class=\"badge fail\">fail</span>")</td>"
        page += "<td class=\"num\">\(f1)</td><td class=\"num\">\(ReportFormat.usd(scenario.costUSD))</td><td class=\"num\">\(ReportFormat.seconds(scenario.latencyMs))</td>"
        page += "<td class=\"opt reason\">\(HTML.text(reason))</td></tr>\n"
    }

    private static func configuration(_ report: ReportDocument, into page: inout Page) {
        page += "<section aria-labelledby=\"h-config\">\n<h2 id=\"h-config\">Configuration</h2>\n"
        var facts: [String] = []
        if let file = report.configuration.file { facts.append("file <code>\(HTML.text(file))</code>") }
        if let digest = report.configuration.digest { facts.append("digest <code>\(HTML.text(digest))</code>") }
        if let version = report.toolVersion { facts.append("rehearsal \(HTML.text(version))") }
        if let prices = report.prices { facts.append("prices: \(HTML.text(prices.source)), \(HTML.text(prices.date))") }
        if !facts.isEmpty { page += "<p class=\"meta\">\(facts.joined(separator: " · "))</p>\n" }
        if let configuration = report.json["configuration"] {
            page += "<details><summary>The configuration as resolved</summary><pre>\(HTML.text(configuration.serialized(.pretty)))</pre></details>\n"
        }
        page += "</section>\n"
    }

    // MARK: - Data for the detail views

    /// A scenario's entry as the page's script needs it: without the trace spans (the steps and calls carry the
    /// same times) and with very long texts cut, so the page stays small.
    static func detailJSON(_ scenario: JSONValue) -> JSONValue {
        guard case .object(var members) = scenario else { return scenario }
        if members["passed"]?.boolValue == false {
            // Where it went wrong, located as `rehearsal trace` and `rehearsal replay` say it.
            let diagnosis = TraceDiagnosis(of: scenario)
            members["diagnosis"] = ["summary": .string(diagnosis.summary), "callIndex": diagnosis.callIndex.map { .number(Double($0)) } ?? .null]
        }
        members["spans"] = nil
        members["toolCalls"] = members["toolCalls"].map(cutLongTexts)
        members["steps"] = members["steps"].map(cutLongTexts)
        return .object(members)
    }

    private static func cutLongTexts(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map(cutLongTexts))
        case .object(var members):
            for key in ["observation", "thought", "answer", "task"] {
                if case .string(let text)? = members[key], text.count > textLimit {
                    members[key] = .string(String(text.prefix(textLimit)) + "… [\(text.count - textLimit) more characters in report.json]")
                }
            }
            if let handoff = members["handoff"] { members["handoff"] = cutLongTexts(handoff) }
            if let steps = members["steps"] { members["steps"] = cutLongTexts(steps) }
            return .object(members)
        default:
            return value
        }
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out += "," }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }
}

/// The page as it is written, with room reserved up front for large suites.
struct Page {
    var text = ""

    mutating func reserve(_ scenarios: Int) { text.reserveCapacity(64_000 + scenarios * 8_000) }

    static func += (page: inout Page, fragment: String) { page.text += fragment }
}
