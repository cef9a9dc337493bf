import RehearsalEvaluation

/// Writes `compare.html`: one self-contained page (no external resources, no script) that shows the comparison to a
/// person: every configuration side by side, a chart of cost against pass rate with one labelled point per
/// configuration, and for each configuration against the reference the verdicts, the flips (pass→fail in red,
/// fail→pass in green) with each side's first failure reason, and every run's cost and latency deltas.
///
/// It looks like report.html (the same style sheet) and is as strict: every text from the runs is escaped, and the
/// Content-Security-Policy allows no script at all, since the page needs none.
public enum ComparisonHTMLWriter {
    /// Characters of a failure reason shown in a table; the full reasons are in compare.json.
    static let reasonLimit = 300

    /// The page for `comparison`.
    public static func render(_ comparison: Comparison) -> String {
        var page = Page()
        page.text.reserveCapacity(40_000 + comparison.pairs.count * (comparison.pairs.first?.runs.count ?? 0) * 600)
        let names = comparison.configurations.map(\.name).joined(separator: ", ")
        let title = "Rehearsal comparison: \(comparison.suiteName) · \(names)"
        page += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="generator" content="rehearsal">
            <title>\(HTML.text(title))</title>
            <style>\(HTMLAssets.css)\(css)</style>
            </head>
            <body>

            """
        let count = comparison.configurations.count
        page += """
            <header class="page">
            <h1>Rehearsal comparison</h1>
            <p class="meta">suite <b>\(HTML.text(comparison.suiteName))</b> · \(count) configuration\(count == 1 ? "" : "s") · \
            reference <b>\(HTML.text(comparison.reference.name))</b>, which every other configuration is compared with, \
            run by run</p>
            </header>
            <main>

            """
        sideBySide(comparison, into: &page)
        page +=
            "<section aria-labelledby=\"h-chart\">\n<h2 id=\"h-chart\">Cost against pass rate</h2>\n<div class=\"charts single\">\n"
        page += ComparisonChart.costVersusPassRate(comparison)
        page += "</div>\n</section>\n"
        for (index, pair) in comparison.pairs.enumerated() { section(pair, index: index, into: &page) }
        page += "</main>\n"
        page += """
            <footer><p>Written by rehearsal from the configurations' reports. Times are virtual: sums of recorded \
            latencies, not the wall clock. Costs are list prices from the price table. Pass/fail: the exact McNemar test \
            on the flips, real at p &lt; \(McNemar.significanceLevel), and insufficient data below \
            \(McNemar.minimumFlips) flips. Cost and latency: a paired percentile bootstrap of the per-run deltas \
            (\(comparison.options.resamples) resamples, seed \(comparison.options.seed)), real when the interval excludes \
            0, and insufficient data below \(PairedBootstrap.minimumPairs) pairs. Every figure is also in compare.json.</p></footer>
            </body>
            </html>

            """
        return page.text
    }

    /// Rules beyond report.html's style sheet: the flip colours and the verdict tags.
    static let css = """
        tr.flip.pass-to-fail>*{background:var(--fail-bg)}
        tr.flip.fail-to-pass>*{background:var(--pass-bg)}
        tr.flip.missing>*{background:var(--warn-bg)}
        .tag{font-weight:600}
        .tag.real{color:var(--accent)}
        .tag.insufficientData{color:var(--warn)}
        .tag.notDistinguishable{color:var(--muted)}
        td.up{color:var(--fail)}
        td.down{color:var(--pass)}
        table.deltas td,table.deltas th{font-size:.85rem}
        details>summary{cursor:pointer;margin:.8rem 0}
        th.name{white-space:nowrap}
        table.side thead th{white-space:normal;vertical-align:bottom}
        table.side th,table.side td{padding:.45rem .55rem}
        dl.configurations{font-size:.9rem}
        dl.configurations dt{font-weight:600;margin-top:.5rem}
        dl.configurations dd{margin:0 0 0 1.2rem}
        .charts.single{grid-template-columns:minmax(0,760px)}
        """

    // MARK: - Sections

    private static func sideBySide(_ comparison: Comparison, into page: inout Page) {
        page += """
            <section aria-labelledby="h-side">
            <h2 id="h-side">Side by side</h2>
            <div class="table-wrap">
            <table class="side">
            <caption>One row per configuration, over the same scenario runs. Open a configuration's name for its own report.</caption>
            <thead><tr><th scope="col">Configuration</th><th scope="col">Router</th><th scope="col" class="num">Passed</th>\
            <th scope="col" class="num">Tool F1</th><th scope="col" class="num">Arguments</th><th scope="col" class="num">Cost</th>\
            <th scope="col" class="num">p50</th><th scope="col" class="num">p95</th><th scope="col" class="num">Router savings</th>\
            <th scope="col" class="num">Denied</th><th scope="col" class="num">Invalid</th>\
            <th scope="col" class="num">Never-call violated</th><th scope="col" class="num">Approvals</th></tr></thead>
            <tbody>

            """
        for (index, configuration) in comparison.configurations.enumerated() {
            var name = HTML.text(configuration.name)
            if let folder = configuration.reportFolder {
                name = "<a href=\"\(HTML.attribute(HTML.fragmentComponent(folder)))/report.html\">\(name)</a>"
            }
            if index == 0 { name += " <span class=\"muted\">(reference)</span>" }
            page +=
                "<tr><th scope=\"row\" class=\"name\">\(name)</th><td>\(HTML.text(configuration.routerKind ?? "—"))</td>"
            let cells =
                [
                    "\(configuration.passed)/\(configuration.runs) (\(Comparison.percentOf(configuration.passRate)))",
                    ReportFormat.fraction(configuration.toolChoiceF1),
                    Comparison.percentOf(configuration.argumentAccuracy),
                    ReportFormat.usd(configuration.costUSD), ReportFormat.seconds(configuration.p50Ms),
                    ReportFormat.seconds(configuration.p95Ms), ReportFormat.percent(configuration.savingsPct),
                ] + security(configuration)
            page += cells.map { "<td class=\"num\">\(HTML.text($0))</td>" }.joined() + "</tr>\n"
        }
        page += "</tbody>\n</table>\n</div>\n<dl class=\"configurations\">\n"
        for configuration in comparison.configurations {
            var facts: [String] = []
            if let routerKind = configuration.routerKind { facts.append("\(HTML.text(routerKind)) router") }
            if let file = configuration.file { facts.append("file <code>\(HTML.text(file))</code>") }
            if let digest = configuration.digest { facts.append("digest <code>\(HTML.text(digest))</code>") }
            page += "<dt>\(HTML.text(configuration.name))</dt><dd>"
            if let description = configuration.description { page += HTML.text(description) + " " }
            page += "<span class=\"muted\">\(facts.joined(separator: " · "))</span></dd>\n"
        }
        page += "</dl>\n"
        for configuration in comparison.configurations where !configuration.missingFixtures.isEmpty {
            let shown = configuration.missingFixtures.prefix(10).map { "<code>\(HTML.text($0))</code>" }.joined(
                separator: ", ")
            page += "<p class=\"muted\">\(HTML.text(configuration.name)): \(configuration.missingFixtures.count) run"
            page += "\(configuration.missingFixtures.count == 1 ? "" : "s") with missing fixtures: \(shown)"
            page += "\(configuration.missingFixtures.count > 10 ? ", …" : "").</p>\n"
        }
        page += "</section>\n"
    }

    private static func security(_ configuration: Comparison.Configuration) -> [String] {
        guard let security = configuration.security else { return ["—", "—", "—", "—"] }
        return [
            "\(security.deniedCalls)", "\(security.invalidCalls)",
            "\(security.neverCallChecked - security.neverCallHeld) of \(security.neverCallChecked)",
            "\(security.approvalsRequested)",
        ]
    }

    private static func section(_ pair: Comparison.Pair, index: Int, into page: inout Page) {
        page += "<section id=\"pair-\(index)\" aria-labelledby=\"h-pair-\(index)\">\n"
        page +=
            "<h2 id=\"h-pair-\(index)\">\(HTML.text(pair.other)) <span class=\"muted\">vs</span> \(HTML.text(pair.reference))</h2>\n"
        page += "<dl class=\"tiles\">\n"
        tile("Pass/fail", pair.flipVerdict, pair.flipFigures, pair.flipExplanation, into: &page)
        tile(
            "Cost per run", pair.cost.verdict, pair.deltaFigures(pair.cost, Comparison.signedUSD),
            pair.costExplanation, into: &page)
        tile(
            "Latency per run", pair.latency.verdict, pair.deltaFigures(pair.latency, Comparison.signedSeconds),
            pair.latencyExplanation, into: &page)
        page += "</dl>\n"
        if let note = pair.exclusionNote { page += "<p class=\"muted\">Left out: \(HTML.text(note)).</p>\n" }
        flips(pair, index: index, into: &page)
        deltas(pair, index: index, into: &page)
        page += "</section>\n"
    }

    private static func tile(
        _ label: String, _ verdict: SignificanceVerdict, _ figures: String, _ explanation: String, into page: inout Page
    ) {
        page += "<div class=\"tile\"><dt>\(HTML.text(label))</dt>"
        page += "<dd class=\"value\"><span class=\"tag \(verdict.code)\">\(HTML.text(verdict.phrase))</span></dd>"
        page += "<dd class=\"detail\">\(HTML.text(explanation)). \(HTML.text(figures)).</dd></div>\n"
    }

    private static func flips(_ pair: Comparison.Pair, index: Int, into page: inout Page) {
        let rows = pair.flips + pair.missingFixtures
        guard !rows.isEmpty else {
            page += "<p>No scenario run changed its verdict.</p>\n"
            return
        }
        page += """
            <h3>Flips</h3>
            <div class="table-wrap">
            <table id="flips-\(index)">
            <caption>Scenario runs whose verdict changed: pass→fail in red, fail→pass in green; runs with missing fixtures in yellow.</caption>
            <thead><tr><th scope="col">Change</th><th scope="col">Scenario</th><th scope="col">\(HTML.text(pair.reference))</th>\
            <th scope="col">\(HTML.text(pair.other))</th></tr></thead>
            <tbody>

            """
        for run in rows {
            let (rowClass, badge): (String, String)
            switch run.flip {
            case .passToFail?: (rowClass, badge) = ("pass-to-fail", "<span class=\"badge fail\">pass→fail</span>")
            case .failToPass?: (rowClass, badge) = ("fail-to-pass", "<span class=\"badge pass\">fail→pass</span>")
            case nil: (rowClass, badge) = ("missing", "<span class=\"badge invalid\">missing fixtures</span>")
            }
            page += "<tr class=\"flip \(rowClass)\"><td>\(badge)</td><th scope=\"row\">\(HTML.text(run.label))"
            if !run.title.isEmpty { page += "<span class=\"title\">\(HTML.text(run.title))</span>" }
            page += "</th><td>\(sideCell(run.reference))</td><td>\(sideCell(run.other))</td></tr>\n"
        }
        page += "</tbody>\n</table>\n</div>\n"
    }

    private static func sideCell(_ side: Comparison.Side) -> String {
        let model = side.model.map { " <span class=\"muted\">\(HTML.text($0))</span>" } ?? ""
        switch side.status {
        case .passed: return "<span class=\"badge pass\">pass</span>\(model)"
        case .missingFixtures:
            return "<span class=\"badge invalid\">missing fixtures</span> "
                + HTML.text(ReportFormat.oneLine(side.firstFailure ?? "", limit: reasonLimit))
        case .failed:
            return "<span class=\"badge fail\">fail</span>\(model) "
                + HTML.text(ReportFormat.oneLine(side.firstFailure ?? "no reason recorded", limit: reasonLimit))
        }
    }

    private static func deltas(_ pair: Comparison.Pair, index: Int, into page: inout Page) {
        page += """
            <details>
            <summary>Every scenario run (\(pair.runs.count)): cost and latency, \(HTML.text(pair.other)) minus \
            \(HTML.text(pair.reference))</summary>
            <div class="table-wrap">
            <table class="deltas" id="deltas-\(index)">
            <thead><tr><th scope="col">Scenario</th><th scope="col">Verdicts</th>\
            <th scope="col" class="num">Cost</th><th scope="col" class="num">Δ cost</th>\
            <th scope="col" class="num">Latency</th><th scope="col" class="num">Δ latency</th></tr></thead>
            <tbody>

            """
        for run in pair.runs {
            let verdicts = "\(verdictWord(run.reference)) → \(verdictWord(run.other))"
            page += "<tr><th scope=\"row\">\(HTML.text(run.label))</th><td>\(HTML.text(verdicts))</td>"
            page +=
                "<td class=\"num\">\(HTML.text("\(ReportFormat.usd(run.reference.costUSD)) → \(ReportFormat.usd(run.other.costUSD))"))</td>"
            page += deltaCell(
                run.hasMissingFixtures ? nil : run.costDeltaUSD, Comparison.signedUSD, inDeltas: run.isInDeltas)
            page +=
                "<td class=\"num\">\(HTML.text("\(ReportFormat.seconds(run.reference.latencyMs)) → \(ReportFormat.seconds(run.other.latencyMs))"))</td>"
            page += deltaCell(
                run.hasMissingFixtures ? nil : run.latencyDeltaMs, Comparison.signedSeconds, inDeltas: run.isInDeltas)
            page += "</tr>\n"
        }
        page += "</tbody>\n</table>\n</div>\n"
        page +=
            "<p class=\"muted\">Deltas in parentheses are left out of the intervals: a side stopped with an error.</p>\n"
        page += "</details>\n"
    }

    private static func verdictWord(_ side: Comparison.Side) -> String {
        switch side.status {
        case .passed: "pass"
        case .failed: side.stoppedWithError ? "fail (error)" : "fail"
        case .missingFixtures: "missing fixtures"
        }
    }

    private static func deltaCell(_ value: Double?, _ format: (Double) -> String, inDeltas: Bool) -> String {
        guard let value else { return "<td class=\"num\">—</td>" }
        let direction = value > 0 ? " up" : value < 0 ? " down" : ""
        let text = HTML.text(format(value))
        return "<td class=\"num\(direction)\">\(inDeltas ? text : "(\(text))")</td>"
    }
}
