import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalReports
import RehearsalScenarios

/// `rehearsal run`: replays scenarios against their recordings, prints a summary and writes the report.
struct RunCommand: Command {
    static let name = "run"
    static let abstract = "Replay scenarios against their recordings and write a report"

    static let options: [OptionSpec] = [
        .option("--out", "-o", value: "DIR", help: "Report folder (default: reports/latest)"),
        .option("--config", "-c", value: "FILE", help: "Run configuration (default: the suite's defaultConfig)"),
        .option("--prices", value: "FILE", help: "Price table (default: the suite's)"),
        .option("--fixtures", value: "DIR", help: "Fixtures folder (default: the suite's)"),
        .option("--parallel", "-j", value: "N", help: "Scenarios run at once (default: the number of cores)"),
        .option("--trials", "-k", value: "K", help: "Run each scenario K times, trial by trial (needs recordings for K trials)"),
        .flag("--no-baseline", help: "Skip the always-strong baseline runs (no router savings figure)"),
        .flag("--no-sweep", help: "Skip the router sweep (always-cheap, always-strong, classifier thresholds, cascades)"),
        .flag("--no-input", help: "Never ask at the terminal; unscripted approvals fail the scenario"),
    ]

    static var help: String {
        """
        Usage: rehearsal run [PATH...] [options]

        Replays every scenario under PATH (files or folders; default: scenarios/) against its recorded LLM and API
        fixtures, prints one line per scenario and the totals, and writes DIR/report.json and the files rendered from
        it: report.html, junit.xml and summary.md (see `rehearsal report`).

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 every scenario passed, 1 a scenario failed, 2 bad usage or invalid input.

        """
    }

    var paths: [String]
    var out: String
    var configPath: String?
    var pricesPath: String?
    var fixturesPath: String?
    var parallelism: Int?
    var baseline: Bool
    var sweep: Bool
    var trials: Int
    var allowInput: Bool

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: RunCommand.options)
        paths = parsed.positionals
        out = parsed.value("--out") ?? "reports/latest"
        configPath = parsed.value("--config")
        pricesPath = parsed.value("--prices")
        fixturesPath = parsed.value("--fixtures")
        if let text = parsed.value("--parallel") {
            guard let value = Int(text), value > 0 else { throw UsageError("--parallel needs a positive integer, got \(text)") }
            parallelism = value
        }
        baseline = !parsed.has("--no-baseline")
        sweep = !parsed.has("--no-sweep")
        trials = 1
        if let text = parsed.value("--trials") {
            guard let value = Int(text), value > 0 else { throw UsageError("--trials needs a positive integer, got \(text)") }
            trials = value
        }
        allowInput = !parsed.has("--no-input")
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let started = context.now()
        let loaded = try LoadedSuite.load(paths: paths, configPath: configPath, pricesPath: pricesPath, fixturesPath: fixturesPath, baseline: baseline || sweep, context: context)
        if sweep {
            // The sweep replays every scenario on each agent's cheap model and under a classifier: price them now,
            // so a missing price is a usage error, not a silently failed sweep run.
            for configuration in RouterSweepRunner(loaded: loaded, trials: trials, parallelism: 1).configurations {
                for model in loaded.suite.models(for: configuration, baseline: true).sorted() { _ = try loaded.prices.price(of: model) }
            }
        }
        let loadedAt = context.now()
        let fallback: (any ApprovalProvider)? = allowInput && context.inputIsTerminal
            ? TerminalApprovals(ask: context.diagnostics, readLine: context.readLine) : nil
        // With a sweep, its always-strong runs are the baselines: no need to replay them twice.
        let runner = ScenarioRunner(
            suite: loaded.suite, configuration: loaded.configuration, prices: loaded.prices, approvalFallback: fallback, computesBaseline: baseline && !sweep)
        let work = loaded.suite.scenarios.map { ($0, loaded.fixtures[$0.id]!) }
        // A trial needs recordings of its own: replaying one trial's recordings K times would fake reliability.
        let short = work.filter { $0.1.trials < trials }
        if !short.isEmpty {
            let names = short.map { "\($0.0.id) (\($0.1.trials))" }
            throw CommandError("--trials \(trials) needs recordings for \(trials) trials; these scenarios have fewer: \(names.prefix(10).joined(separator: ", "))\(names.count > 10 ? " and \(names.count - 10) more" : "")")
        }
        var runs = await runner.runAll(work, trials: trials, parallelism: parallelism ?? context.parallelism)
        let sweepResult = sweep ? await RouterSweepRunner(loaded: loaded, trials: trials, parallelism: parallelism ?? context.parallelism).sweep() : nil
        if let strongRuns = sweepResult?.strongRuns, baseline {
            for index in runs.indices {
                if loaded.configuration.router == .alwaysStrong {
                    runs[index].baseline = .sameAsRun
                } else if case .error(let message) = strongRuns[index].run.stopReason {
                    runs[index].baseline = .unavailable("the always-strong run failed: \(message)")
                } else {
                    runs[index].baseline = .run(strongRuns[index].run)
                }
            }
        }
        let results = runs.map { Evaluator.evaluate($0, in: loaded.suite, defaults: loaded.configuration.evaluation, prices: loaded.prices) }
        let finished = context.now()

        let environment: JSONValue = [
            "startedAt": .string(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: started))),
            "wallClockMs": ["load": .number(((loadedAt - started) * 1000).rounded()), "run": .number(((finished - loadedAt) * 1000).rounded())],
            "parallelism": (parallelism ?? context.parallelism).json,
            "host": .string(ProcessInfo.processInfo.hostName),
            "rehearsalVersion": .string(RehearsalCommandLine.version),
        ]
        var report = RunReport(suiteName: loaded.suite.name, configuration: loaded.configuration, prices: loaded.prices, results: results, environment: environment)
        report.routerSweep = sweepResult?.sweep
        report.sweepClassifier = sweepResult?.classifier
        let document = JSONReportWriter.document(report, toolVersion: RehearsalCommandLine.version)
        let written = try ReportFiles.write(json: document, text: document.serialized(.pretty) + "\n", to: out, context: context)
        context.output(SummaryPrinter(color: context.usesColor).render(report, reportPaths: written))
        for result in results where !result.warnings.isEmpty {
            for warning in result.warnings { context.diagnostics("warning: \(result.scenario.id): \(warning)\n") }
        }
        return report.summary.failed == 0 ? .success : .failure
    }
}
