import RehearsalEvaluation

/// What `rehearsal compare` prints: the side-by-side table, then for each configuration against the reference the
/// verdicts and the flips, one line each. Strings from the runs are made inert for the terminal.
public enum ComparisonTextWriter {
    /// Flips listed per pair; the rest are in compare.md, compare.html and compare.json.
    public static let flipLimit = 20

    /// The comparison as terminal text, ending with a newline.
    /// - Parameters:
    ///   - comparison: What to print.
    ///   - color: ANSI colour: pass→fail red, fail→pass green, real verdicts bold. Callers honour `NO_COLOR`.
    public static func render(_ comparison: Comparison, color: Bool = false) -> String {
        func paint(_ text: String, _ style: TerminalText.Style) -> String { style.apply(text, enabled: color) }
        var table: [[String]] = [
            [
                "configuration", "router", "passed", "tool F1", "arguments", "cost", "p50", "p95", "router savings",
                "denied", "invalid", "never-call violated", "approvals",
            ]
        ]
        for (index, configuration) in comparison.configurations.enumerated() {
            var cells = [
                TerminalText.clipped(configuration.name, limit: 40) + (index == 0 ? " *" : ""),
                TerminalText.clipped(configuration.routerKind ?? "—", limit: 20),
                "\(configuration.passed)/\(configuration.runs) \(Comparison.percentOf(configuration.passRate))",
                ReportFormat.fraction(configuration.toolChoiceF1), Comparison.percentOf(configuration.argumentAccuracy),
                ReportFormat.usd(configuration.costUSD), ReportFormat.seconds(configuration.p50Ms),
                ReportFormat.seconds(configuration.p95Ms), ReportFormat.percent(configuration.savingsPct),
            ]
            if let security = configuration.security {
                cells += [
                    "\(security.deniedCalls)", "\(security.invalidCalls)",
                    "\(security.neverCallChecked - security.neverCallHeld)/\(security.neverCallChecked)",
                    "\(security.approvalsRequested)",
                ]
            } else {
                cells += ["–", "–", "–", "–"]
            }
            table.append(cells)
        }
        var text = HistoryWriter.layout(table)
        text += "* the reference: every other configuration is compared with it, run by run\n"
        for configuration in comparison.configurations where !configuration.missingFixtures.isEmpty {
            let shown = configuration.missingFixtures.prefix(5).map { TerminalText.clipped($0, limit: 80) }
            text +=
                paint("missing fixtures", .yellow) + " under \(TerminalText.clipped(configuration.name, limit: 40)): "
            text += shown.joined(separator: ", ") + (configuration.missingFixtures.count > 5 ? ", …" : "") + "\n"
        }
        for pair in comparison.pairs {
            let title =
                "\(TerminalText.clipped(pair.other, limit: 40)) vs \(TerminalText.clipped(pair.reference, limit: 40))"
            text += "\n" + paint(title, .bold) + "\n"
            text +=
                "  pass/fail  \(pair.flipFigures) → \(verdict(pair.flipConclusion, pair.flipVerdict, color: color))\n"
            text += "  cost       \(pair.deltaFigures(pair.cost, Comparison.signedUSD)) → "
            text +=
                verdict(
                    pair.deltaConclusion(pair.cost, more: "costs more", less: "costs less"), pair.cost.verdict,
                    color: color) + "\n"
            text += "  latency    \(pair.deltaFigures(pair.latency, Comparison.signedSeconds)) → "
            text +=
                verdict(
                    pair.deltaConclusion(pair.latency, more: "is slower", less: "is faster"), pair.latency.verdict,
                    color: color) + "\n"
            if let note = pair.exclusionNote { text += "  left out   \(TerminalText.inert(note))\n" }
            let rows = pair.flips + pair.missingFixtures
            for run in rows.prefix(flipLimit) {
                let mark: String
                let reason: String?
                switch run.flip {
                case .passToFail?:
                    mark = paint("pass→fail", .red)
                    reason = run.other.firstFailure
                case .failToPass?:
                    mark = paint("fail→pass", .green)
                    reason = run.reference.firstFailure.map { "was: " + $0 }
                case nil:
                    mark = paint("missing fixtures", .yellow)
                    reason =
                        run.reference.status == .missingFixtures && run.other.status == .missingFixtures
                        ? "on both sides"
                        : run.reference.status == .missingFixtures
                            ? "under \(pair.reference)" : "under \(pair.other)"
                }
                text += "  \(mark)  \(TerminalText.clipped(run.label, limit: 80))"
                if let reason { text += "  " + paint(TerminalText.clipped(reason, limit: 140), .dim) }
                text += "\n"
            }
            if rows.count > flipLimit {
                text += "  … and \(rows.count - flipLimit) more: see compare.md or compare.html\n"
            }
        }
        return text
    }

    /// A conclusion, in bold when the difference is real.
    private static func verdict(_ conclusion: String, _ verdict: SignificanceVerdict, color: Bool) -> String {
        let text = TerminalText.inert(conclusion)
        return verdict == .real ? TerminalText.Style.bold.apply(text, enabled: color) : text
    }
}
