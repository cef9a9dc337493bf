import RehearsalScenarios

/// Writes a ``GateResult`` for people: lines for the terminal summary, and a section of `summary.md` for the pull
/// request. Both list every regression with its scenario and reason (the Markdown within its size budget), then
/// what improved, the known failures, the runs added and removed since the baseline, and notes on a changed
/// configuration or price table.
public enum GateSummaryWriter {
    /// Entries shown per informational list (improvements, known failures, added, removed); regressions are all shown.
    static let listLimit = 10
    /// Characters of a failure reason shown.
    static let reasonLimit = 200

    // MARK: - Terminal

    /// The gate's lines for the terminal summary, ending with a newline.
    /// - Parameters:
    ///   - result: What the gate found.
    ///   - color: Whether to colour the verdict and the regressions (ANSI).
    public static func text(_ result: GateResult, color: Bool = false) -> String {
        typealias Style = TerminalText.Style
        var lines: [String] = []
        let name = TerminalText.clipped(result.baselineName, limit: 200)
        let count = result.regressions.count
        if result.passed {
            var verdict = Style.green.apply("gate: passed", enabled: color) + " against \(name): no regressions"
            var context = [
                "\(result.figures?.comparedRuns ?? 0) run\(result.figures?.comparedRuns == 1 ? "" : "s") compared"
            ]
            if !result.stillFailing.isEmpty {
                context.append("\(result.stillFailing.count) known failure\(result.stillFailing.count == 1 ? "" : "s")")
            }
            verdict += " (" + context.joined(separator: ", ") + ")"
            lines.append(verdict)
        } else {
            lines.append(
                Style.red.apply("gate: FAILED", enabled: color)
                    + " against \(name): \(count) regression\(count == 1 ? "" : "s")")
        }
        if let figures = result.figures {
            lines.append("  " + figureLine(figures, thresholds: result.thresholds))
        } else {
            lines.append("  no scenario run in common with the baseline: the suite figures are not compared")
        }
        for finding in result.regressions {
            lines.append(
                "  " + Style.red.apply("REGRESSION", enabled: color) + "  "
                    + TerminalText.clipped(subject(finding) + finding.reason, limit: reasonLimit + 80))
        }
        for finding in result.improvements.prefix(listLimit) {
            lines.append(
                "  improved    " + TerminalText.clipped(subject(finding) + finding.reason, limit: reasonLimit + 80))
        }
        lines += more(result.improvements.count, noun: "improvement", indent: "  improved    ")
        for run in result.stillFailing.prefix(listLimit) {
            lines.append(
                "  known       "
                    + TerminalText.clipped(
                        run.label + ": failed in the baseline too: " + (run.firstFailure ?? "no reason recorded"),
                        limit: reasonLimit + 80))
        }
        lines += more(result.stillFailing.count, noun: "known failure", indent: "  known       ")
        for run in result.added.prefix(listLimit) {
            let verdict = run.passed ? "passes" : "fails: " + (run.firstFailure ?? "no reason recorded")
            lines.append(
                "  new         "
                    + TerminalText.clipped(run.label + " (not in the baseline) " + verdict, limit: reasonLimit + 80))
        }
        lines += more(result.added.count, noun: "new run", indent: "  new         ")
        for run in result.removed.prefix(listLimit) {
            lines.append(
                "  removed     "
                    + TerminalText.clipped(run.label + " (in the baseline, not run now)", limit: reasonLimit + 80))
        }
        lines += more(result.removed.count, noun: "removed run", indent: "  removed     ")
        for note in notes(result) { lines.append("  note: " + TerminalText.clipped(note, limit: 400)) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func more(_ count: Int, noun: String, indent: String) -> [String] {
        count > listLimit
            ? [indent + "… and \(count - listLimit) more \(noun)\(count - listLimit == 1 ? "" : "s")"] : []
    }

    /// The suite figures on one line: each side, the change and the threshold.
    static func figureLine(_ figures: GateResult.Figures, thresholds: GateThresholds) -> String {
        let rate =
            "pass rate \(ReportFormat.percent(figures.baselinePassRate * 100)) → \(ReportFormat.percent(figures.currentPassRate * 100))"
            + " (\(signedPoints(-figures.passRateDrop)), max drop \(Gate.points(thresholds.maxAccuracyDrop)))"
        let cost =
            "cost \(ReportFormat.usd(figures.baselineCostUSD)) → \(ReportFormat.usd(figures.currentCostUSD))"
            + " (\(signedPercent(figures.costIncreasePct, from: figures.baselineCostUSD, to: figures.currentCostUSD)), max rise \(ReportFormat.percent(thresholds.maxCostIncreasePct)))"
        let latency =
            "p95 \(ReportFormat.seconds(figures.baselineP95Ms)) → \(ReportFormat.seconds(figures.currentP95Ms))"
            + " (\(signedPercent(figures.p95IncreasePct, from: figures.baselineP95Ms, to: figures.currentP95Ms)), max rise \(ReportFormat.percent(thresholds.maxP95IncreasePct)))"
        return
            "\(rate) · \(cost) · \(latency), over the \(figures.comparedRuns) run\(figures.comparedRuns == 1 ? "" : "s") both have"
    }

    // MARK: - Markdown

    /// The gate's section of `summary.md`, at most `budget` characters (UTF-16 code units), ending with a newline.
    ///
    /// The verdict, the figures table and the regressions come first; when the regressions do not all fit, the table
    /// is cut with a note of how many are left out (the terminal summary lists them all). The informational lists
    /// follow while they fit.
    /// - Parameters:
    ///   - result: What the gate found.
    ///   - budget: The most characters the section may have.
    public static func markdown(_ result: GateResult, budget: Int = 30_000) -> String {
        typealias MD = MarkdownSummaryWriter
        let count = result.regressions.count
        var text =
            result.passed
            ? "\n### ✅ Regression gate: no regressions against \(MD.code(result.baselineName))\n\n"
            : "\n### ❌ Regression gate: \(count) regression\(count == 1 ? "" : "s") against \(MD.code(result.baselineName))\n\n"
        if let figures = result.figures {
            text += figureTable(figures, thresholds: result.thresholds)
        } else {
            text += "No scenario run in common with the baseline: the suite figures are not compared.\n"
        }
        var optional: [String] = []
        if !result.improvements.isEmpty {
            optional.append(
                "**Improved**: "
                    + list(
                        result.improvements.map { finding in
                            finding.scenario.map { MD.code($0) + " passes now (failed in the baseline)" }
                                ?? MD.inline(finding.reason, limit: 300)
                        }))
        }
        if !result.stillFailing.isEmpty {
            optional.append(
                "**Known failures** (failed in the baseline too, not regressions): "
                    + list(result.stillFailing.map { MD.code($0.label) }))
        }
        if !result.added.isEmpty {
            let failing = result.added.filter { !$0.passed }.count
            optional.append(
                "**New since the baseline** (\(result.added.count) run\(result.added.count == 1 ? "" : "s"), \(failing) failing; not regressions by themselves): "
                    + list(
                        result.added.map { run in
                            MD.code(run.label)
                                + (run.passed
                                    ? " ✅"
                                    : " ❌ " + MD.inline(run.firstFailure ?? "no reason recorded", limit: reasonLimit))
                        }))
        }
        if !result.removed.isEmpty {
            optional.append(
                "**Removed since the baseline** (\(result.removed.count) run\(result.removed.count == 1 ? "" : "s"), not regressions): "
                    + list(result.removed.map { MD.code($0.label) }))
        }
        for note in notes(result) {
            optional.append("ℹ️ " + MD.inline(note.prefix(1).uppercased() + note.dropFirst(), limit: 400))
        }
        let optionalText = optional.map { "\n" + $0 + "\n" }.joined()

        if !result.regressions.isEmpty {
            var table = "\n| Regression | Reason |\n|---|---|\n"
            let reserve = 120
            var shown = 0
            for finding in result.regressions {
                let row =
                    "| \(finding.scenario.map(MD.code) ?? label(finding.kind)) | \(MD.inline(finding.reason, limit: reasonLimit + 40)) |\n"
                guard MD.length(text + table + row) + reserve <= budget else { break }
                table += row
                shown += 1
            }
            if shown < count {
                table +=
                    "\n… and \(count - shown) more regression\(count - shown == 1 ? "" : "s"), left out to keep this summary short; the run's terminal summary lists every one.\n"
            }
            text += table
        }
        if MD.length(text + optionalText) <= budget {
            text += optionalText
        } else {
            for part in optional where MD.length(text + "\n" + part + "\n") <= budget { text += "\n" + part + "\n" }
        }
        return MD.length(text) <= budget ? text : ""
    }

    private static func figureTable(_ figures: GateResult.Figures, thresholds: GateThresholds) -> String {
        var table = "| | Baseline | Now | Change | Allowed |\n|---|--:|--:|--:|--:|\n"
        table +=
            "| Pass rate | \(ReportFormat.percent(figures.baselinePassRate * 100)) | \(ReportFormat.percent(figures.currentPassRate * 100)) | "
            + "\(signedPoints(-figures.passRateDrop)) | drop ≤ \(Gate.points(thresholds.maxAccuracyDrop)) |\n"
        table +=
            "| Cost | \(ReportFormat.usd(figures.baselineCostUSD)) | \(ReportFormat.usd(figures.currentCostUSD)) | "
            + "\(signedPercent(figures.costIncreasePct, from: figures.baselineCostUSD, to: figures.currentCostUSD)) | rise ≤ \(ReportFormat.percent(thresholds.maxCostIncreasePct)) |\n"
        table +=
            "| p95 latency (virtual) | \(ReportFormat.seconds(figures.baselineP95Ms)) | \(ReportFormat.seconds(figures.currentP95Ms)) | "
            + "\(signedPercent(figures.p95IncreasePct, from: figures.baselineP95Ms, to: figures.currentP95Ms)) | rise ≤ \(ReportFormat.percent(thresholds.maxP95IncreasePct)) |\n"
        let finished =
            figures.finishedRuns == figures.comparedRuns
            ? "" : " (the p95 over the \(figures.finishedRuns) that finished on both sides)"
        table +=
            "\nOver the \(figures.comparedRuns) scenario run\(figures.comparedRuns == 1 ? "" : "s") both have\(finished): "
            + "runs added or removed since the baseline do not move these figures.\n"
        return table
    }

    private static func list(_ items: [String]) -> String {
        let shown = items.prefix(listLimit).joined(separator: " · ")
        return items.count > listLimit ? shown + " · … and \(items.count - listLimit) more" : shown
    }

    // MARK: - Shared wording

    /// What a finding is about, with a colon, for a line that goes on with its reason: `procurement.po-rejected: `.
    private static func subject(_ finding: GateResult.Finding) -> String {
        finding.scenario.map { $0 + ": " } ?? ""
    }

    private static func label(_ kind: GateResult.Finding.Kind) -> String {
        switch kind {
        case .scenario: "Scenario"
        case .passRate: "Pass rate"
        case .cost: "Cost"
        case .p95Latency: "p95 latency"
        }
    }

    /// Informational notes: a changed configuration digest, suite or price table.
    static func notes(_ result: GateResult) -> [String] {
        var notes: [String] = []
        let baseline = result.baseline
        let current = result.current
        if result.configurationChanged {
            notes.append(
                "the configuration digest differs from the baseline's (\(baseline.configurationDigest ?? "none") → \(current.configurationDigest ?? "none"), "
                    + "configuration \(baseline.configurationName) → \(current.configurationName)): the router, limits, matcher or model overrides changed, so the runs themselves may differ"
            )
        } else if baseline.configurationName != current.configurationName {
            notes.append(
                "the configuration is named \(current.configurationName), the baseline's \(baseline.configurationName); the digest is the same"
            )
        }
        if baseline.suiteName != current.suiteName {
            notes.append("the suite is \(current.suiteName), the baseline's was \(baseline.suiteName)")
        }
        if result.pricesChanged {
            let describe = { (prices: Baseline.Prices?) in prices.map { "\($0.source), \($0.date)" } ?? "unknown" }
            notes.append(
                "the price table differs from the baseline's (\(describe(baseline.prices)) → \(describe(current.prices))): cost moves with it"
            )
        }
        return notes
    }

    /// A change in share of runs as signed percentage points: `+2.9 points`, `−2.9 points`, `±0.0 points`.
    static func signedPoints(_ share: Double) -> String {
        let magnitude = Gate.points(abs(share))
        if abs(share) <= Gate.tolerance { return "±" + magnitude }
        return (share > 0 ? "+" : "−") + magnitude
    }

    /// A change in percent: `+8.5%`, `−3.0%`, `±0.0%`, or `from 0` when the old value is 0.
    static func signedPercent(_ pct: Double?, from old: Double, to new: Double) -> String {
        guard let pct else { return new == old ? "±0.0%" : "from 0" }
        if abs(pct) <= Gate.tolerance { return "±0.0%" }
        return (pct > 0 ? "+" : "−") + ReportFormat.percent(abs(pct))
    }
}
