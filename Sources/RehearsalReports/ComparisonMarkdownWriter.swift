import RehearsalEvaluation

/// Writes `compare.md`: the comparison in GitHub-flavoured Markdown, for a pull-request comment or a CI step summary
/// (`cat compare.md >> "$GITHUB_STEP_SUMMARY"`).
///
/// It holds the side-by-side table of every configuration, then for each configuration against the reference the
/// verdicts (pass/fail flips with the exact McNemar test, cost and latency deltas with their bootstrap intervals)
/// and a table of the flips with each side's first failure reason. Text from the runs is escaped as in
/// `summary.md` (``MarkdownSummaryWriter``): it can neither break a table nor add markup, links, HTML or mentions.
/// The output stays under `limit` characters: each flip table is cut at ``flipLimit`` rows with a note, and the
/// whole is cut at a line end as a last resort.
public enum ComparisonMarkdownWriter {
    /// Flip rows shown per pair; the rest are in compare.json and compare.html.
    public static let flipLimit = 50
    /// Characters of a failure reason shown in a table.
    static let reasonLimit = 160

    /// The comparison in Markdown, ending with a newline.
    /// - Parameters:
    ///   - comparison: What to write.
    ///   - limit: The most characters (UTF-16 code units, as GitHub counts) the text may have.
    /// - Returns: The Markdown.
    public static func render(_ comparison: Comparison, limit: Int = 65_000) -> String {
        var text = heading(comparison) + sideBySide(comparison)
        for pair in comparison.pairs { text += section(pair) }
        text += "\n<sub>Times are virtual: the sums of recorded latencies, not the wall clock. "
        text +=
            "Statistics: exact McNemar test on the flips (real at p < 0.05, at least \(McNemar.minimumFlips) flips); "
        text += "paired percentile bootstrap of the per-run deltas (real when the interval excludes 0, at least "
        text += "\(PairedBootstrap.minimumPairs) pairs). Every figure: compare.json and compare.html.</sub>\n"
        return clipped(text, to: limit)
    }

    // MARK: - Sections

    private static func heading(_ comparison: Comparison) -> String {
        let count = comparison.configurations.count
        var text = "## Comparing \(count) configuration\(count == 1 ? "" : "s") · \(inline(comparison.suiteName))\n\n"
        text += "Reference: **\(inline(comparison.reference.name))**. "
        text +=
            comparison.pairs.isEmpty
            ? "There is nothing to compare it with.\n\n"
            : "Each other configuration is compared with it run by run: the same scenarios and trials.\n\n"
        return text
    }

    private static func sideBySide(_ comparison: Comparison) -> String {
        var text = "| Configuration | Router | Passed | Tool F1 | Arguments | Cost | p50 | p95 | Router savings | "
        text += "Denied | Invalid | Never-call violated | Approvals |\n"
        text += "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
        for (index, configuration) in comparison.configurations.enumerated() {
            let security = configuration.security
            var cells = [
                inline(configuration.name) + (index == 0 ? " (reference)" : ""),
                inline(configuration.routerKind ?? "—"),
                "\(configuration.passed)/\(configuration.runs) (\(Comparison.percentOf(configuration.passRate)))",
                ReportFormat.fraction(configuration.toolChoiceF1), Comparison.percentOf(configuration.argumentAccuracy),
                ReportFormat.usd(configuration.costUSD), ReportFormat.seconds(configuration.p50Ms),
                ReportFormat.seconds(configuration.p95Ms), ReportFormat.percent(configuration.savingsPct),
            ]
            if let security {
                cells += [
                    "\(security.deniedCalls)", "\(security.invalidCalls)",
                    "\(security.neverCallChecked - security.neverCallHeld) of \(security.neverCallChecked)",
                    "\(security.approvalsRequested)",
                ]
            } else {
                cells += ["—", "—", "—", "—"]
            }
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        let missing = comparison.configurations.filter { !$0.missingFixtures.isEmpty }
        for configuration in missing {
            let shown = configuration.missingFixtures.prefix(5).map(code).joined(separator: ", ")
            let more = configuration.missingFixtures.count > 5 ? ", …" : ""
            text += "\n⚠️ **\(inline(configuration.name))**: \(configuration.missingFixtures.count) run"
            text += "\(configuration.missingFixtures.count == 1 ? "" : "s") with missing fixtures (\(shown)\(more)).\n"
        }
        return text
    }

    private static func section(_ pair: Comparison.Pair) -> String {
        var text = "\n### \(inline(pair.other)) vs \(inline(pair.reference))\n\n"
        text += "- **Pass/fail**: " + line(pair.flipFigures, pair.flipVerdict, pair.flipExplanation)
        text +=
            "- **Cost**: "
            + line(pair.deltaFigures(pair.cost, Comparison.signedUSD), pair.cost.verdict, pair.costExplanation)
        text +=
            "- **Latency**: "
            + line(
                pair.deltaFigures(pair.latency, Comparison.signedSeconds), pair.latency.verdict, pair.latencyExplanation
            )
        if let note = pair.exclusionNote { text += "- **Left out**: \(inline(note, limit: 400))\n" }
        let flips = pair.flips
        let missing = pair.missingFixtures
        guard !flips.isEmpty || !missing.isEmpty else { return text + "\nNo scenario run changed its verdict.\n" }
        text += "\n| Change | Scenario | \(inline(pair.reference)) | \(inline(pair.other)) |\n|---|---|---|---|\n"
        for run in flips.prefix(flipLimit) {
            let mark = run.flip == .passToFail ? "🔴 pass→fail" : "🟢 fail→pass"
            text += "| \(mark) | \(code(run.label)) | \(cell(run.reference)) | \(cell(run.other)) |\n"
        }
        for run in missing.prefix(flipLimit) {
            text += "| ⚠️ missing fixtures | \(code(run.label)) | \(cell(run.reference)) | \(cell(run.other)) |\n"
        }
        let left = max(0, flips.count - flipLimit) + max(0, missing.count - flipLimit)
        if left > 0 { text += "\n… and \(left) more row\(left == 1 ? "" : "s"); see compare.html / compare.json.\n" }
        return text
    }

    /// Figures, then the verdict in bold and its explanation: `… → **real**: router costs more than always-cheap`.
    private static func line(_ figures: String, _ verdict: SignificanceVerdict, _ explanation: String) -> String {
        "\(inline(figures)) → **\(verdict.phrase)**: \(inline(explanation, limit: 400))\n"
    }

    private static func cell(_ side: Comparison.Side) -> String {
        switch side.status {
        case .passed: return "✅ passed"
        case .missingFixtures: return "⚠️ missing fixtures"
        case .failed: return "❌ " + (side.firstFailure.map { inline($0, limit: reasonLimit) } ?? "failed")
        }
    }

    // MARK: - Text

    private static func inline(_ text: String, limit: Int = MarkdownSummaryWriter.nameLimit) -> String {
        MarkdownSummaryWriter.inline(text, limit: limit)
    }

    private static func code(_ text: String) -> String { MarkdownSummaryWriter.code(text) }

    private static func clipped(_ text: String, to limit: Int) -> String { MarkdownSummaryWriter.clipped(text, to: limit) }
}
