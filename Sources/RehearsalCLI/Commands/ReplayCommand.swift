import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalImport
import RehearsalReports
import RehearsalScenarios

/// `rehearsal replay`: imports a recorded trace, replays it through the engine, and says whether it passes and
/// where it left the recording or broke its expectations; with `--config`, what another configuration would have
/// done and cost.
struct ReplayCommand: Command {
    static let name = "replay"
    static let abstract = "Replay a recorded trace: the verdict, the divergent step, and what another configuration would do"

    static let options: [OptionSpec] = [
        .option("--config", "-c", value: "FILE", help: "Also price and route the recording under this configuration (counterfactual)"),
        .option("--keep", value: "DIR", help: "Keep the imported suite in DIR (default: a temporary folder, removed)"),
        .option("--out", "-o", value: "DIR", help: "Report folder for the replay (default: reports/replay)"),
    ] + TraceImport.options

    static var help: String {
        """
        Usage: rehearsal replay FILE [options]

        Imports FILE as `rehearsal import` does (into a temporary folder, or DIR with --keep), replays every trace
        through the engine under the configuration it ran with, and prints for each its verdict and the divergence
        report: the first call where the replay left the recording (the recorded and the replayed call side by
        side: tool, arguments, gateway decision, outcome) and what followed, or, when it followed the recording,
        the step that broke its expectations. The report is written to DIR (report.html shows every step).

        With --config OTHER.json it also replays under OTHER (its router, models and prices): what the recorded run
        costs at OTHER's prices, and whether OTHER's router would have sent it to another model, in which case the
        outcome is unknown without that model's recording and is reported so, with the recorded tokens priced at
        that model's rates.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        A trace that carries what it should have done (τ-bench's ground truth) is judged on it: PASS or FAIL. One that
        does not (a production trace, a chat log) is expected to do what it did: REPRODUCED, or DIVERGED at the call
        shown; the recorded verdict, when the trace has one (an error status, a failed run), is printed beside it.

        Exit codes: 0 every trace passes or is reproduced, 1 one is not, 2 bad usage or a file that does not read.

        """
    }

    var file: String
    var format: String?
    var prices: String?
    var only: [String]
    var config: String?
    var keep: String?
    var out: String

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: ReplayCommand.options)
        guard let file = parsed.positionals.first else { throw UsageError("name the trace file to replay") }
        guard parsed.positionals.count == 1 else { throw UsageError("one trace file at a time; got \(parsed.positionals.count) paths") }
        self.file = file
        format = parsed.value("--format")
        prices = parsed.value("--prices")
        only = parsed.values["--only"] ?? []
        config = parsed.value("--config")
        keep = parsed.value("--keep")
        out = parsed.value("--out") ?? "reports/replay"
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let (format, traces) = try TraceImport.read(file, format: format, only: only, context: context)
        let priceTable = try TraceImport.prices(prices, context: context)
        if let config, context.fileSystem.kind(of: config) != .file { throw InputError(file: config, message: "no such file") }
        let folder = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("rehearsal-replay-\(UUID().uuidString)").path
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let stem = ImportCommand.stem(of: file)
        let imported = try await TraceImport.write(traces, into: folder, suiteName: stem, prices: priceTable, context: context)
        for id in imported.problems.keys.sorted() {
            context.diagnostics("warning: \(id): the recording does not replay to its end even as imported: \(imported.problems[id]!.joined(separator: "; "))\n")
        }
        let scenarios = Path.join(folder, "scenarios")

        // The replay under the configuration the traces ran with.
        let loaded = try LoadedSuite.load(paths: [scenarios], configPath: nil, pricesPath: nil, fixturesPath: nil, baseline: false, context: context)
        let outcome = await SuiteExecution(loaded: loaded, baseline: false, sweep: false, parallelism: context.parallelism).run()
        var report = RunReport(
            suiteName: loaded.suite.name, configuration: loaded.configuration, prices: loaded.prices, results: outcome.results,
            environment: ["startedAt": .string(RunCommand.timestamp(context.now())), "replayOf": .string(file), "format": .string(format)])
        report.routerSweep = nil
        let document = JSONReportWriter.document(report, toolVersion: RehearsalCommandLine.version)
        let written = try ReportFiles.write(json: document, text: document.serialized(.pretty) + "\n", to: out, context: context)

        let byID = Dictionary(uniqueKeysWithValues: traces.map { ($0.id, $0) })
        var text = "replayed \(traces.count) trace\(traces.count == 1 ? "" : "s") from \(file) (\(format)) under \(loaded.configuration.name)\n\n"
        for result in outcome.results {
            guard let trace = byID[result.scenario.id] else { continue }
            text += ReplayCommand.verdict(result, trace: trace)
        }

        if let config {
            let other = try LoadedSuite.load(paths: [scenarios], configPath: config, pricesPath: nil, fixturesPath: nil, baseline: false, context: context)
            let otherOutcome = await SuiteExecution(loaded: other, baseline: false, sweep: false, parallelism: context.parallelism).run()
            text += "counterfactual under \(other.configuration.name) (\(config)): prices of \(other.prices.date)\n"
            if other.configuration.models.isEmpty {
                // An imported agent's cheap and strong models are both the one its trace ran on.
                text += "  note: \(config) names no models, and an imported agent's cheap and strong models are both the model its trace used, so only prices can differ; to route elsewhere add \"models\": {\"*\": {\"cheap\": …, \"strong\": …}}\n"
            }
            for (result, recorded) in zip(otherOutcome.results, outcome.results) {
                guard let trace = byID[result.scenario.id] else { continue }
                text += ReplayCommand.counterfactual(result, recorded: recorded, trace: trace, prices: other.prices)
            }
            text += "\n"
        }
        context.output(text)
        context.output("report: \(written[0])\nopen:   \(Path.join(out, "report.html"))\n")
        if let keep { context.output("suite:  \(keep) (rehearsal run \(Path.join(keep, "scenarios")))\n") }
        // A trace judged on what it did fails when the replay left the recording, even where its calls still match.
        let reproduced = outcome.results.allSatisfy { result in
            guard let trace = byID[result.scenario.id] else { return result.passed }
            return result.passed && (trace.expectations != nil || RecordingDivergence.first(trace: trace, run: result.run) == nil)
        }
        return reproduced ? .success : .failure
    }

    /// One trace's verdict and, when it went wrong, where.
    static func verdict(_ result: ScenarioResult, trace: ImportedTrace) -> String {
        // A trace with ground truth (τ-bench) is judged on it; one without is expected to do what it did, so its
        // verdict is whether the replay reproduces the recording.
        let divergence = RecordingDivergence.first(trace: trace, run: result.run)
        let verdict = trace.expectations != nil ? (result.passed ? "PASS" : "FAIL") : (result.passed && divergence == nil ? "REPRODUCED" : "DIVERGED")
        var text = "\(result.scenario.id): \(verdict)"
        if let recorded = trace.recordedVerdict { text += " (recorded: \(recorded.passed ? "passed" : "failed"), \(recorded.detail))" }
        text += "\n"
        if let failed = trace.failedTurn {
            text += "  the recorded run's model call \(failed + 1) failed: \(clip(trace.turns[failed].error ?? "")); the replay plays the \(failed) call\(failed == 1 ? "" : "s") before it\n"
        }
        if let divergence {
            text += "  left the recording at call \(divergence.index + 1) (\(divergence.difference)):\n"
            let rows: [(String, String?, String?)] = [
                ("step", "\(divergence.recorded.step)", "\(divergence.replayed.step)"), ("tool", divergence.recorded.tool, divergence.replayed.tool),
                ("arguments", divergence.recorded.arguments, divergence.replayed.arguments), ("gateway", divergence.recorded.gateway, divergence.replayed.gateway),
                ("outcome", divergence.recorded.outcome, divergence.replayed.outcome),
            ]
            let width = max(24, rows.map { clip($0.1 ?? "(none)").count }.max() ?? 0)
            text += "    \("".padding(toLength: 10, withPad: " ", startingAt: 0))\("recorded".padding(toLength: width + 2, withPad: " ", startingAt: 0))replayed\n"
            for (label, mine, theirs) in rows {
                let left = clip(mine ?? "(none)")
                text += "    \(label.padding(toLength: 10, withPad: " ", startingAt: 0))\(left.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(clip(theirs ?? "(none)"))\n"
            }
            text += "  then: \(divergence.then)\n"
        } else if !result.passed {
            // No engine or configuration change: what the recorded run itself did wrong, located as `rehearsal trace` does.
            text += "  followed the recording, which \(TraceDiagnosis(of: JSONReportWriter.entry(for: result)).summary)\n"
        }
        for failure in result.failures.prefix(3) { text += "  - \(failure)\n" }
        if result.failures.count > 3 { text += "  - … and \(result.failures.count - 3) more (see the report)\n" }
        text += "  cost \(ReportFormat.usd(result.costUSD)) · latency \(ReportFormat.seconds(result.latencyMs)) · trace \(result.run.traceID.hex)\n\n"
        return text
    }

    /// What `result` (the replay under another configuration) says about the recorded run `recorded`.
    static func counterfactual(_ result: ScenarioResult, recorded: ScenarioResult, trace: ImportedTrace, prices: PriceTable) -> String {
        let recordedModel = trace.agent.model
        let usage = recorded.run.usageByModel.values.reduce(TokenUsage.zero, +)
        let head = "  \(result.scenario.id): recorded on \(recordedModel), \(ReportFormat.usd(recorded.costUSD))"
        guard let routed = result.run.model else {
            return head + "; the other router could not route it (\(result.run.stopReason.explanation)): which model it would pick is unknown\n"
        }
        if routed == recordedModel {
            let verdict = result.passed ? "passes" : "fails (\(result.failures.first ?? "see the report"))"
            return head + "; same model under this configuration: \(ReportFormat.usd(result.costUSD)) at its prices, and it \(verdict)\n"
        }
        var line = head + "; routed to \(routed) instead: the outcome is unknown without a recording of \(routed)"
        if let cost = try? prices.cost(of: usage, on: routed) {
            let measured = trace.turns.allSatisfy { $0.usage != nil } ? "recorded" : "estimated (the trace recorded none for some calls)"
            line += "; the \(usage.input) input and \(usage.output) output tokens of the recording, \(measured), would cost \(ReportFormat.usd(cost)) at \(routed)'s price (if it used as many)"
        } else {
            line += "; the price table has no price for \(routed)"
        }
        return line + "\n"
    }

    static func clip(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 60 ? String(flat.prefix(59)) + "…" : flat
    }
}
