/// Writes `summary.md`: the run in a few lines of GitHub-flavoured Markdown, for a pull-request comment or a CI
/// step summary (`cat summary.md >> "$GITHUB_STEP_SUMMARY"`).
///
/// It holds a heading with the verdict, suite and configuration; the headline figures as the terminal prints them
/// (tool choice, cost and tokens, virtual latency, router, router sweep, safety, reliability over trials); a table
/// of the failing runs with their first reason; and, in a collapsed `<details>`, every run. The output stays under
/// `limit` characters however large the suite: the failure table is cut with a note saying how many rows are left
/// out, and the list of every run is left out whole when it does not fit.
///
/// Text from the run (suite and scenario names, models, failure reasons) is escaped for Markdown and HTML: it can
/// neither break a table, nor add markup, links or HTML to the comment, nor mention (and so notify) a GitHub user.
public enum MarkdownSummaryWriter {
    /// Characters of a failure reason shown in the table; the full reasons are in report.json and report.html.
    static let reasonLimit = 240
    /// Characters of a name (suite, configuration, model, scenario) shown anywhere.
    static let nameLimit = 120

    /// The summary of `report`, ending with a newline.
    /// - Parameters:
    ///   - report: The report to summarize.
    ///   - gate: The regression gate's verdict against a baseline, shown after the figures (with `--baseline`).
    ///   - limit: The most characters (UTF-16 code units, which is how browsers and GitHub's API count, and never
    ///     fewer than Swift's `count`) the summary may have. The default stays under GitHub's 65,536-character limit
    ///     on a comment with room for a line a bot may add.
    /// - Returns: The Markdown, at most `limit` characters long.
    public static func render(_ report: ReportDocument, gate: GateResult? = nil, limit: Int = 65_000) -> String {
        var head = heading(report) + figures(report)
        let footer =
            "\n<sub>Times are virtual: the sums of recorded latencies, not the wall clock. "
            + "Every run in detail: report.html and report.json.</sub>\n"
        // The gate's regressions are what a pull request is blocked on: they come before the failure table, with at
        // most half the room left so the failures still show.
        if let gate { head += GateSummaryWriter.markdown(gate, budget: (limit - length(head) - length(footer)) / 2) }
        var budget = limit - length(head) - length(footer)
        let failures = failureSection(report, budget: budget)
        budget -= length(failures)
        let details = detailsSection(report, budget: budget)
        return clipped(head + failures + details + footer, to: limit)
    }

    // MARK: - Sections

    /// The table of failing runs, cut to `budget` with a note of how many rows are left out; empty when none failed.
    private static func failureSection(_ report: ReportDocument, budget: Int) -> String {
        let failing = report.scenarios.filter { !$0.passed }
        guard !failing.isEmpty else { return "" }
        var section = "\n### Failures\n\n| Scenario | Model | First reason |\n|---|---|---|\n"
        var used = length(section)
        // Room for the notes that say what was left out: of this table, and of the list of every run.
        let noteRoom = 100 + length(detailsNote(report))
        var shown = 0
        for run in failing {
            let row = failureRow(run)
            let rowLength = length(row)
            guard used + rowLength + noteRoom <= budget else { break }
            section += row
            used += rowLength
            shown += 1
        }
        if shown < failing.count {
            let left = failing.count - shown
            let note = "\n… and \(left) more failure\(left == 1 ? "" : "s"); see report.html / report.json.\n"
            section += note
            used += length(note)
        }
        return used <= budget ? section : ""
    }

    /// Every run in a collapsed table when it fits in `budget` whole, else a note that it was left out.
    private static func detailsSection(_ report: ReportDocument, budget: Int) -> String {
        guard !report.scenarios.isEmpty else { return "" }
        let end = "\n</details>\n"
        var details =
            "\n<details>\n<summary>All \(report.scenarios.count) \(runNoun(report, count: report.scenarios.count))</summary>\n\n"
        details += "| | Scenario | Model | Tool F1 | Cost | Latency |\n|---|---|---|--:|--:|--:|\n"
        var used = length(details) + length(end)
        for run in report.scenarios {
            let row = scenarioRow(run)
            details += row
            used += length(row)
            // A part of the list would be an arbitrary part: all of it or none.
            guard used <= budget else {
                let note = detailsNote(report)
                return length(note) <= budget ? note : ""
            }
        }
        return details + end
    }

    private static func detailsNote(_ report: ReportDocument) -> String {
        "\nThe list of all \(report.scenarios.count) \(runNoun(report, count: report.scenarios.count)) is left out to keep this summary short; see report.html.\n"
    }

    private static func heading(_ report: ReportDocument) -> String {
        let summary = report.summary
        let noun = runNoun(report, count: summary.scenarios)
        let verdict: String
        if summary.scenarios == 0 {
            verdict = "⚠️ No scenarios ran"
        } else if summary.failed == 0 {
            verdict = "✅ \(summary.passed) of \(summary.scenarios) \(noun) passed"
        } else {
            verdict = "❌ \(summary.failed) of \(summary.scenarios) \(noun) failed"
        }
        var text = "## \(verdict) · \(inline(report.suiteName)) · \(inline(report.configuration.name))\n\n"
        var context: [String] = []
        if let kind = report.configuration.routerKind { context.append("\(inline(kind)) router") }
        if let digest = report.configuration.digest { context.append("configuration digest \(code(digest))") }
        if let startedAt = report.startedAt { context.append("started \(inline(startedAt))") }
        if let version = report.toolVersion { context.append("rehearsal \(inline(version))") }
        if !context.isEmpty { text += context.joined(separator: " · ") + "\n\n" }
        return text
    }

    /// The headline figures, one bullet per line of the terminal summary.
    private static func figures(_ report: ReportDocument) -> String {
        let summary = report.summary
        var lines: [String] = []
        lines.append(
            "**Tool choice**: F1 \(ReportFormat.fraction(summary.f1)) (precision \(ReportFormat.fraction(summary.precision)), "
                + "recall \(ReportFormat.fraction(summary.recall))) · exact trajectories \(ReportFormat.percent(summary.exactMatchRate * 100)) · "
                + "arguments \(report.argumentAccuracyPhrase)")
        var cost =
            "**Cost**: \(ReportFormat.usd(summary.costUSD)) · tokens \(summary.inputTokens) in (\(summary.cachedInputTokens) cached), \(summary.outputTokens) out"
        if let prices = report.prices { cost += " · prices of \(inline(prices.date))" }
        lines.append(cost)
        var latency =
            "**Latency** (virtual): p50 \(ReportFormat.seconds(summary.p50Ms)) · p95 \(ReportFormat.seconds(summary.p95Ms))"
        if let p99 = summary.p99Ms { latency += " · p99 \(ReportFormat.seconds(p99))" }
        if !report.hasFinishedRuns { latency = "**Latency** (virtual): no run finished" }
        lines.append(latency)
        let share = ReportFormat.percent(summary.strongShare * 100)
        lines.append(
            summary.baselineUSD > 0
                ? "**Router**: \(share) of tasks to the strong model · always-strong would cost \(ReportFormat.usd(summary.baselineUSD)) → saved \(ReportFormat.percent(summary.savingsPct))"
                : "**Router**: \(share) of tasks to the strong model · no always-strong baseline")
        if let sweep = summary.routerSweep {
            if let best = sweep.best, let savings = sweep.bestSavingsPct {
                let strong = sweep.points.first { $0.name == "always-strong" }?.quality ?? 0
                var line =
                    "**Router sweep** (\(inline(sweep.classifierConfiguration ?? "no classifier"))): "
                    + inline(ReportFormat.sweepVerdict(best: best.name, bestQuality: best.quality, strongQuality: strong, savingsPct: savings), limit: 400)
                if let apgr = sweep.apgrCalls { line += " · APGR \(ReportFormat.fraction(apgr))" }
                if let cpt = sweep.cpt80Calls { line += " · CPT(80%) \(ReportFormat.percent(cpt * 100)) strong calls" }
                lines.append(line)
            }
            if !sweep.excluded.isEmpty {
                let shown = sweep.excluded.prefix(3).map { inline($0) }.joined(separator: ", ")
                lines.append(
                    "**Router sweep**: "
                        + (sweep.points.isEmpty
                            ? "skipped: \(sweep.excluded.count == 1 ? "the only run was" : "all \(sweep.excluded.count) runs were") excluded, a replay could not finish "
                            : "\(sweep.excluded.count) run\(sweep.excluded.count == 1 ? "" : "s") left out, a replay could not finish ")
                        + "(\(shown)\(sweep.excluded.count > 3 ? ", …" : ""))")
            }
        }
        if let security = summary.security {
            var line =
                "**Safety**: \(security.deniedCalls) call\(security.deniedCalls == 1 ? "" : "s") denied, \(security.invalidCalls) invalid · "
                + report.neverCallPhrase
            if security.approvalsRequested > 0 {
                line +=
                    " · \(security.approvalsRequested) approval\(security.approvalsRequested == 1 ? "" : "s") "
                    + "(\(security.approvalsGranted) granted, \(security.approvalsEdited) edited, \(security.approvalsRejected) rejected)"
            }
            let errors = report.scenarios.filter { $0.stopReason == "error" }.count
            if errors > 0 { line += " · \(errors) run\(errors == 1 ? "" : "s") stopped with an error" }
            lines.append(line)
        }
        if let reliability = summary.reliability, reliability.trials > 1 {
            let figures = reliability.passHat.enumerated().map {
                "pass^\($0.offset + 1) \(ReportFormat.fraction($0.element))"
            }
            lines.append(
                "**Reliability** over \(reliability.trials) trials: " + figures.joined(separator: ", ")
                    + " · pass@\(reliability.trials) \(ReportFormat.fraction(reliability.passAt.last ?? 0))")
        }
        return lines.map { "- " + $0 + "\n" }.joined()
    }

    private static func failureRow(_ run: ReportDocument.ScenarioRow) -> String {
        let more = run.failures.count > 1 ? " (+\(run.failures.count - 1) more)" : ""
        let reason = run.failures.first.map { inline($0, limit: reasonLimit) } ?? "no reason recorded"
        return "| \(code(run.label)) | \(inline(run.model ?? "—")) | \(reason)\(more) |\n"
    }

    private static func scenarioRow(_ run: ReportDocument.ScenarioRow) -> String {
        let f1 = run.f1.map(ReportFormat.fraction) ?? "—"
        return "| \(run.passed ? "✅" : "❌") | \(code(run.label)) | \(inline(run.model ?? "—")) | \(f1) | "
            + "\(ReportFormat.usd(run.costUSD)) | \(ReportFormat.seconds(run.latencyMs)) |\n"
    }

    /// `runs` when the report has several trials per scenario (the counts are then of runs), else `scenarios`.
    private static func runNoun(_ report: ReportDocument, count: Int) -> String {
        let trials = report.summary.reliability?.trials ?? 1
        let noun = trials > 1 || report.scenarios.contains { $0.trial > 0 } ? "run" : "scenario"
        return count == 1 ? noun : noun + "s"
    }

    // MARK: - Escaping

    /// `text` on one line, cut to `limit`, as Markdown that shows it literally inside a paragraph, heading or table
    /// cell.
    ///
    /// Markdown punctuation gets a backslash (so no emphasis, link, code span, math or strikethrough starts, and
    /// `|` cannot end a table cell); `&`, `<` and `>` become entities (so no HTML tag, comment or autolink
    /// forms); an `@` gets a word joiner after it (so no GitHub mention notifies anyone); control characters go.
    static func inline(_ text: String, limit: Int = nameLimit) -> String {
        var out = ""
        for scalar in ReportFormat.oneLine(text, limit: limit).unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "|", "~", "$", "#":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "@": out += "@\u{2060}"
            default:
                if scalar.value >= 0x20 && scalar.value != 0x7F { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// `text` as a code span when it is plain enough to be one safely inside a table (ids, digests), else as
    /// ``inline(_:limit:)`` text: a backslash, backtick or pipe inside a code span cannot be escaped reliably.
    static func code(_ text: String) -> String {
        let plain =
            !text.isEmpty && text.count <= nameLimit
            && text.unicodeScalars.allSatisfy {
                $0.value > 0x20 && $0.value < 0x7F && $0 != "`" && $0 != "\\" && $0 != "|"
            }
        return plain ? "`\(text)`" : inline(text)
    }

    // MARK: - Size

    /// How long `text` is as GitHub counts: UTF-16 code units.
    static func length(_ text: String) -> Int { text.utf16.count }

    /// `text` cut to at most `limit` UTF-16 code units at the end of a line, a last resort for limits too small for
    /// the heading and figures themselves.
    static func clipped(_ text: String, to limit: Int) -> String {
        guard length(text) > limit else { return text }
        var out = ""
        var used = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineLength = line.utf16.count + 1
            guard used + lineLength <= limit else { break }
            out += line + "\n"
            used += lineLength
        }
        return out
    }
}
