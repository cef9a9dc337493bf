import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalReports
import RehearsalScenarios

/// The human summary `rehearsal run` prints: a line per scenario, then the totals.
struct SummaryPrinter {
    var color: Bool

    /// The summary of `report`, the regression gate's verdict when there is one, then where the report was written.
    func render(_ report: RunReport, reportPaths: [String], gate: GateResult? = nil) -> String {
        var lines: [String] = []
        let configuration = report.configuration
        let trials = report.reliability.trials
        let scenarios = trials > 1 ? report.results.count / trials : report.results.count
        let trialNote = trials > 1 ? " × \(trials) trials" : ""
        lines.append("rehearsal \(RehearsalCommandLine.version) · suite \(report.suiteName) · config \(configuration.name) (\(configuration.router.kind) router) · \(scenarios) scenario\(scenarios == 1 ? "" : "s")\(trialNote)")
        let idWidth = min(56, report.results.map { $0.scenario.id.count }.max() ?? 10)
        let modelWidth = report.results.map { ($0.run.model ?? "-").count }.max() ?? 1
        for result in report.results {
            let verdict = result.passed ? paint("PASS", 32) : paint("FAIL", 31)
            let calls = result.run.toolCalls.count
            lines.append(
                "  \(verdict)  \(pad(result.scenario.id, idWidth))  \(pad(result.run.model ?? "-", modelWidth))  \(pad("\(calls) call\(calls == 1 ? "" : "s")", 8))  \(pad(ReportFormat.usd(result.costUSD), 9))  \(ReportFormat.seconds(result.latencyMs))")
            if let first = result.failures.first {
                let more = result.failures.count > 1 ? " (+\(result.failures.count - 1) more)" : ""
                lines.append("        " + paint("↳ " + ReportFormat.oneLine(first, limit: 150) + more, 2))
            }
        }
        let summary = report.summary
        lines.append("")
        let noun = trials > 1 ? "run" : "scenario"
        lines.append("\(summary.scenarios) \(noun)\(summary.scenarios == 1 ? "" : "s"): \(paint("\(summary.passed) passed", 32)), \(summary.failed == 0 ? "0 failed" : paint("\(summary.failed) failed", 31))")
        // With nothing paired, the report's 1 is a convention, not a measurement: say so.
        let arguments = summary.argumentPairs == 0 ? "none to compare" : ReportFormat.percent(summary.argumentAccuracy * 100)
        lines.append("tool choice: F1 \(ReportFormat.fraction(summary.f1)) (precision \(ReportFormat.fraction(summary.precision)), recall \(ReportFormat.fraction(summary.recall))) · exact trajectories \(ReportFormat.percent(summary.exactMatchRate * 100)) · arguments \(arguments)")
        let tokens = summary.tokens
        lines.append("tokens: \(tokens.input) in (\(tokens.cachedInput) cached), \(tokens.output) out · cost \(ReportFormat.usd(summary.costUSD))")
        let router = summary.router
        if router.routedRuns == 0 && router.baselineUSD == 0 {
            lines.append("router: no routed run finished (every run stopped with an error) · no strong-model share, no savings")
        } else if router.baselineUSD > 0 {
            lines.append("router: \(ReportFormat.percent(router.strongShare * 100)) of tasks to the strong model · always-strong would cost \(ReportFormat.usd(router.baselineUSD)) → saved \(ReportFormat.percent(router.savingsPct))")
        } else {
            lines.append("router: \(ReportFormat.percent(router.strongShare * 100)) of tasks to the strong model · no always-strong baseline")
        }
        if let sweep = report.routerSweep, sweep.isEmpty {
            // Every run left out: there is nothing to report but why.
            let count = sweep.exclusions.count
            let reason = sweep.exclusions.first.map { " (\($0.id): " + ReportFormat.oneLine($0.reason, limit: 160) + (count > 1 ? "; …" : "") + ")" } ?? ""
            lines.append("router sweep: skipped: \(count == 1 ? "the only run was" : "all \(count) runs were") excluded, a replay could not finish\(reason)")
        } else if let sweep = report.routerSweep, !sweep.excluded.isEmpty {
            lines.append("router sweep: \(sweep.excluded.count) run\(sweep.excluded.count == 1 ? "" : "s") left out, a replay could not finish (\(sweep.excluded.prefix(3).joined(separator: ", "))\(sweep.excluded.count > 3 ? ", …" : ""))")
        }
        if let sweep = report.routerSweep, let best = sweep.best, let savings = sweep.bestSavingsPct {
            let strong = sweep.points.first { $0.name == "always-strong" }?.quality ?? 0
            var line = "router sweep (\(report.sweepClassifier ?? "no classifier")): " + ReportFormat.sweepVerdict(best: best.name, bestQuality: best.quality, strongQuality: strong, savingsPct: savings)
            if let apgr = sweep.apgrCalls { line += " · APGR \(ReportFormat.fraction(apgr))" }
            if let cpt = sweep.cpt80Calls { line += " · CPT(80%) \(ReportFormat.percent(cpt * 100)) strong calls" }
            lines.append(line)
        }
        let security = summary.security
        // Percentiles leave out runs that stopped with an error; with none left there is nothing to rank.
        let percentiles = security.errors.count == summary.scenarios
            ? "no run finished"
            : "p50 \(ReportFormat.seconds(summary.p50Ms)), p95 \(ReportFormat.seconds(summary.p95Ms)), p99 \(ReportFormat.seconds(summary.p99Ms))"
        lines.append("latency (virtual): \(percentiles) · in model calls \(ReportFormat.seconds(summary.modelMs)), in tools \(ReportFormat.seconds(summary.toolMs)) (summed over runs)")
        var safety = "safety: \(security.deniedCalls) call\(security.deniedCalls == 1 ? "" : "s") denied, \(security.invalidCalls) invalid · "
        let unchecked = security.neverCallUnchecked.count
        if security.neverCallChecked.isEmpty && unchecked > 0 {
            safety += "never-call checks not made (\(unchecked) run\(unchecked == 1 ? "" : "s") stopped with an error first)"
        } else {
            safety += "never-call checks held in \(security.neverCallHeld) of \(security.neverCallChecked.count) runs"
            if unchecked > 0 { safety += " (\(unchecked) more not checked: stopped with an error first)" }
        }
        if security.approvalsRequested > 0 {
            safety += " · \(security.approvalsRequested) approval\(security.approvalsRequested == 1 ? "" : "s") (\(security.approvalsGranted) granted, \(security.approvalsEdited) edited, \(security.approvalsRejected) rejected)"
        }
        let limited = security.limitsHit.values.reduce(0) { $0 + $1.count }
        if limited > 0 {
            let byLimit = security.limitsHit.keys.sorted().map { "\($0) \(security.limitsHit[$0]!.count)" }.joined(separator: ", ")
            safety += " · \(limited) run\(limited == 1 ? "" : "s") stopped by a limit (\(byLimit))"
        }
        if !security.errors.isEmpty { safety += " · \(security.errors.count) run\(security.errors.count == 1 ? "" : "s") stopped with an error" }
        lines.append(safety)
        if report.reliability.trials > 1 {
            let figures = report.reliability.passHat.enumerated().map { "pass^\($0.offset + 1) \(ReportFormat.fraction($0.element))" }
            lines.append("reliability over \(report.reliability.trials) trials: " + figures.joined(separator: ", ") + " · pass@\(report.reliability.trials) \(ReportFormat.fraction(report.reliability.passAt.last ?? 0))")
        }
        if let gate { lines.append(String(render(gate).dropLast())) }
        // The JSON first (scripts look for it), then the page a person opens, then the rest by name.
        if let json = reportPaths.first {
            lines.append("report: \(json)")
            let rest = reportPaths.dropFirst()
            if let html = rest.first(where: { $0.hasSuffix(".html") }) {
                let others = rest.filter { $0 != html }.map { Path.name(of: $0) }
                lines.append("open:   \(html)\(others.isEmpty ? "" : " (beside it: \(others.joined(separator: ", ")))")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The regression gate's verdict, regressions, improvements, known failures, added and removed runs, and notes.
    func render(_ gate: GateResult) -> String {
        GateSummaryWriter.text(gate, color: color)
    }

    private func paint(_ text: String, _ code: Int) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
