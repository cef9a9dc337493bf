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
        .flag("--no-baseline", help: "Skip the always-strong baseline runs (no router savings figure)"),
        .flag("--no-input", help: "Never ask at the terminal; unscripted approvals fail the scenario"),
    ]

    static var help: String {
        """
        Usage: rehearsal run [PATH...] [options]

        Replays every scenario under PATH (files or folders; default: scenarios/) against its recorded LLM and API
        fixtures, prints one line per scenario and the totals, and writes DIR/report.json.

        Options:
        \(ArgumentParser.help(for: options))
          -h, --help            Show this help

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
        allowInput = !parsed.has("--no-input")
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let started = context.now()
        let loaded = try LoadedSuite.load(paths: paths, configPath: configPath, pricesPath: pricesPath, fixturesPath: fixturesPath, baseline: baseline, context: context)
        let loadedAt = context.now()
        let fallback: (any ApprovalProvider)? = allowInput && context.inputIsTerminal
            ? TerminalApprovals(ask: context.diagnostics, readLine: context.readLine) : nil
        let runner = ScenarioRunner(
            suite: loaded.suite, configuration: loaded.configuration, prices: loaded.prices, approvalFallback: fallback, computesBaseline: baseline)
        let work = loaded.suite.scenarios.map { ($0, loaded.fixtures[$0.id]!) }
        let runs = await runner.runAll(work, parallelism: parallelism ?? context.parallelism)
        let finished = context.now()
        let results = runs.map { Evaluator.evaluate($0, in: loaded.suite, defaults: loaded.configuration.evaluation) }

        let environment: JSONValue = [
            "startedAt": .string(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: started))),
            "wallClockMs": ["load": .number(((loadedAt - started) * 1000).rounded()), "run": .number(((finished - loadedAt) * 1000).rounded())],
            "parallelism": (parallelism ?? context.parallelism).json,
            "host": .string(ProcessInfo.processInfo.hostName),
            "rehearsalVersion": .string(RehearsalCommandLine.version),
        ]
        let report = RunReport(suiteName: loaded.suite.name, configuration: loaded.configuration, prices: loaded.prices, results: results, environment: environment)
        let reportPath = Path.join(out, "report.json")
        try context.writeFile(reportPath, JSONReportWriter.render(report, toolVersion: RehearsalCommandLine.version))
        context.output(SummaryPrinter(color: context.usesColor).render(report, reportPath: reportPath))
        for result in results where !result.warnings.isEmpty {
            for warning in result.warnings { context.diagnostics("warning: \(result.scenario.id): \(warning)\n") }
        }
        return report.summary.failed == 0 ? .success : .failure
    }
}
