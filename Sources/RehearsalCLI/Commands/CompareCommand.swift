import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalReports
import RehearsalScenarios

/// `rehearsal compare`: runs the suite under several configurations, the way `rehearsal run` does, and writes how
/// they differ and whether each difference is real.
struct CompareCommand: Command {
    static let name = "compare"
    static let abstract = "Run the suite under several configurations and compare them, with significance tests"

    static let options: [OptionSpec] = [
        .option(
            "--config", "-c", value: "FILE", repeatable: true,
            help: "A configuration to compare; give two or more, the first is the reference"),
        .option(
            "--out", "-o", value: "DIR",
            help: "Folder for compare.json, .html, .md and a report per configuration (default: reports/compare)"),
        .option(
            "--prices", value: "FILE",
            help: "Price table for every configuration (default: each configuration's, else the suite's)"),
        .option("--fixtures", value: "DIR", help: "Fixtures folder (default: the suite's)"),
        .option("--parallel", "-j", value: "N", help: "Scenarios run at once (default: the number of cores)"),
        .option(
            "--trials", "-k", value: "K",
            help: "Run each scenario K times, trial by trial (default: each configuration's trials, else 1)"),
        .option(
            "--seed", value: "N",
            help: "Seed of the bootstrap intervals, 0 to 2^53 (default: \(PairedBootstrap.defaultSeed))"),
    ]

    static var help: String {
        """
        Usage: rehearsal compare --config A.json --config B.json [--config C.json ...] [PATH...] [options]

        Replays every scenario under PATH (default: scenarios/) under each configuration, as `rehearsal run` does
        (with the always-strong baselines for router savings, without the router sweep), and compares them: every
        configuration side by side (pass rate, tool-choice F1, argument accuracy, cost, p50/p95 latency, router
        savings, safety), then each against the first, the reference, scenario run by scenario run: the flips
        (pass→fail, fail→pass) with each side's first failure reason, and whether each difference is real: an exact
        McNemar test on the flips, a seeded paired bootstrap interval for the cost and latency deltas, or
        "insufficient data" when there are too few flips or runs to say. Runs with missing fixtures are reported per
        scenario and left out of the statistics.

        Writes DIR/compare.json, compare.md (for a pull request or $GITHUB_STEP_SUMMARY) and compare.html, and each
        configuration's own report under DIR/<configuration name>/. See docs/compare.md.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 compared (a comparison is a report, not a gate), 2 bad usage or invalid input.

        """
    }

    /// The largest seed compare.json can hold exactly: its numbers are IEEE doubles.
    static let largestSeed: UInt64 = 1 << 53

    /// Names a configuration cannot take: its report folder would clash with the comparison's own files.
    static let reservedNames: Set<String> = ["compare.json", "compare.md", "compare.html"]

    var configPaths: [String]
    var paths: [String]
    var out: String
    var pricesPath: String?
    var fixturesPath: String?
    var parallelism: Int?
    /// `--trials`; without it, each configuration's own `trials`, else 1.
    var trials: Int?
    var seed: UInt64

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: CompareCommand.options)
        configPaths = parsed.values["--config"] ?? []
        guard configPaths.count >= 2 else {
            throw UsageError(
                "compare needs at least two configurations (--config A.json --config B.json); got \(configPaths.count)")
        }
        paths = parsed.positionals
        out = parsed.value("--out") ?? "reports/compare"
        pricesPath = parsed.value("--prices")
        fixturesPath = parsed.value("--fixtures")
        if let text = parsed.value("--parallel") {
            guard let value = Int(text), value > 0 else {
                throw UsageError("--parallel needs a positive integer, got \(text)")
            }
            parallelism = value
        }
        if let text = parsed.value("--trials") {
            guard let value = Int(text), value > 0 else {
                throw UsageError("--trials needs a positive integer, got \(text)")
            }
            trials = value
        }
        seed = PairedBootstrap.defaultSeed
        if let text = parsed.value("--seed") {
            guard let value = UInt64(text), value <= CompareCommand.largestSeed else {
                throw UsageError("--seed needs an integer from 0 to 2^53 (\(CompareCommand.largestSeed)), got \(text)")
            }
            seed = value
        }
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let started = context.now()
        let parallelism = parallelism ?? context.parallelism
        // Load and check every configuration before anything runs: bad input is exit 2 with nothing written.
        var executions: [SuiteExecution] = []
        var loadMs: [Double] = []
        var names: [String: String] = [:]
        for path in configPaths {
            let loadStarted = context.now()
            let loaded = try LoadedSuite.load(
                paths: paths, configPath: path, pricesPath: pricesPath, fixturesPath: fixturesPath, baseline: true,
                context: context)
            let name = loaded.configuration.name
            try CompareCommand.checkName(name, file: path)
            if let earlier = names[name] {
                throw UsageError(
                    "--config \(path) names its configuration \"\(name)\", as --config \(earlier) does; each configuration "
                        + "compared needs a name of its own (its report goes to \(Path.join(out, name))/)")
            }
            names[name] = path
            let execution = SuiteExecution(
                loaded: loaded, trials: trials ?? loaded.configuration.trials ?? 1, baseline: true, sweep: false,
                parallelism: parallelism)
            try execution.check()
            executions.append(execution)
            loadMs.append((context.now() - loadStarted) * 1000)
        }
        let loadedAt = context.now()

        var documents: [(name: String, document: JSONValue, text: String)] = []
        for (index, execution) in executions.enumerated() {
            let configuration = execution.loaded.configuration
            context.diagnostics("compare: running \(configuration.name) (\(index + 1) of \(executions.count))\n")
            let runStarted = context.now()
            let outcome = await execution.run()
            let environment = CompareCommand.environment(
                startedAt: runStarted, loadMs: loadMs[index], runMs: (context.now() - runStarted) * 1000,
                parallelism: parallelism)
            var report = RunReport(
                suiteName: execution.loaded.suite.name, configuration: configuration, prices: execution.loaded.prices,
                results: outcome.results, environment: environment)
            report.routerSweep = outcome.sweep
            report.sweepClassifier = outcome.sweepClassifier
            let document = JSONReportWriter.document(report, toolVersion: RehearsalCommandLine.version)
            documents.append((configuration.name, document, document.serialized(.pretty) + "\n"))
        }
        let finished = context.now()

        var entries: [Comparison.Entry] = []
        for item in documents {
            do {
                entries.append(
                    Comparison.Entry(
                        name: item.name, report: try ReportDocument(json: item.document), reportFolder: item.name))
            } catch {
                throw CommandError(
                    "the report of \(item.name) does not read back (\(error)); this is a bug in rehearsal, please report it"
                )
            }
        }
        let comparison = Comparison(entries, options: Comparison.Options(seed: seed))
        let environment = CompareCommand.environment(
            startedAt: started, loadMs: (loadedAt - started) * 1000, runMs: (finished - loadedAt) * 1000,
            parallelism: parallelism)
        let files = [
            (
                "compare.json",
                ComparisonJSONWriter.render(
                    comparison, toolVersion: RehearsalCommandLine.version, environment: environment)
            ),
            ("compare.md", ComparisonMarkdownWriter.render(comparison)),
            ("compare.html", ComparisonHTMLWriter.render(comparison)),
        ]

        // Everything is computed: only now is anything written.
        var reports: [String] = []
        for item in documents {
            let written = try ReportFiles.write(
                json: item.document, text: item.text, to: Path.join(out, item.name), context: context)
            reports.append(
                written.first { $0.hasSuffix("report.html") } ?? Path.join(Path.join(out, item.name), "report.html"))
        }
        for (name, contents) in files { try context.writeFile(Path.join(out, name), contents) }

        context.output(ComparisonTextWriter.render(comparison, color: context.usesColor))
        context.output("\ncompare: \(Path.join(out, "compare.json"))\n")
        context.output("open:    \(Path.join(out, "compare.html")) (beside it: compare.md)\n")
        context.output("reports: \(reports.joined(separator: ", "))\n")
        return .success
    }

    /// The wall-clock facts of a report or of the comparison, as `rehearsal run` writes them (no run id: compare
    /// keeps no run history).
    static func environment(startedAt: Double, loadMs: Double, runMs: Double, parallelism: Int) -> JSONValue {
        [
            "startedAt": .string(RunCommand.timestamp(startedAt)),
            "wallClockMs": ["load": .number(loadMs.rounded()), "run": .number(runMs.rounded())],
            "parallelism": parallelism.json,
            "host": .string(ProcessInfo.processInfo.hostName),
            "rehearsalVersion": .string(RehearsalCommandLine.version),
        ]
    }

    /// Refuses a configuration name that cannot be a folder under the output folder.
    static func checkName(_ name: String, file: String) throws {
        let problem: String?
        if name.isEmpty || name == "." || name == ".." {
            problem = "is not a folder name"
        } else if name.contains("/") || name.contains("\\") {
            problem = "contains a path separator"
        } else if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problem = "contains a control character"
        } else if reservedNames.contains(name) {
            problem = "is the name of one of compare's own files"
        } else {
            problem = nil
        }
        if let problem {
            throw InputError(
                file: file, path: JSONPath.root.appending("name"),
                message:
                    "the configuration name \(JSONValue.string(name).serialized()) \(problem); compare writes each "
                    + "configuration's report to a folder named after it")
        }
    }
}
