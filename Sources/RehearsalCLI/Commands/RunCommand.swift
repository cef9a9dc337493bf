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
        .option("--prices", value: "FILE", help: "Price table (default: the configuration's, else the suite's)"),
        .option("--fixtures", value: "DIR", help: "Fixtures folder (default: the suite's)"),
        .option("--parallel", "-j", value: "N", help: "Scenarios run at once (default: the number of cores)"),
        .option("--trials", "-k", value: "K", help: "Run each scenario K times, trial by trial (needs recordings for K trials; default: the configuration's trials, else 1)"),
        .flag("--no-baseline", help: "Skip the always-strong baseline runs (no router savings figure)"),
        .flag("--no-sweep", help: "Skip the router sweep (always-cheap, always-strong, classifier thresholds, cascades)"),
        .flag("--no-input", help: "Never ask at the terminal; unscripted approvals fail the scenario"),
        .option("--resume", value: "RUN_ID", help: "Finish a run that was stopped: run what it is missing, as it was started"),
        .option("--otlp", value: "FILE", help: "Also write the run's traces as OTLP/JSON lines (OpenTelemetry GenAI spans)"),
        .option("--shard", value: "I/N", help: "Run only part I of N of the scenarios (CI matrix); `rehearsal merge` joins the parts"),
    ] + StoreOption.options + GateOption.options

    static var help: String {
        """
        Usage: rehearsal run [PATH...] [options]

        Replays every scenario under PATH (files or folders; default: scenarios/) against its recorded LLM and API
        fixtures, prints one line per scenario and the totals, and writes DIR/report.json and the files rendered from
        it: report.html, junit.xml and summary.md (see `rehearsal report`). Each scenario run is also kept in the run
        history database the moment it finishes (see `rehearsal history` and `rehearsal trace`), so a run stopped
        midway keeps what had finished and `--resume RUN_ID` completes it.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        With --baseline FILE the summary and summary.md compare the run with a saved baseline and list every
        regression; with --fail-on-regression the exit code is the gate's (see docs/baseline.md).

        Exit codes: 0 every scenario passed, 1 a scenario failed, 2 bad usage or invalid input. With
        --fail-on-regression: 0 no regression against the baseline (known failures allowed), 1 a regression.

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
    /// `--trials`; nil to take the configuration's (else 1).
    var trials: Int?
    var allowInput: Bool
    var database: StoreOption.Choice
    var resume: String?
    var otlpPath: String?
    /// `--baseline`, `--fail-on-regression`, the gate's thresholds and `--save-baseline`.
    var gate: GateOption.Choice
    var shard: Shard?
    /// The options given, to refuse those that contradict `--resume` (a resumed run keeps its own).
    var given: Set<String>

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
        if let text = parsed.value("--trials") {
            guard let value = Int(text), value > 0 else { throw UsageError("--trials needs a positive integer, got \(text)") }
            trials = value
        }
        allowInput = !parsed.has("--no-input")
        database = try StoreOption.choice(parsed)
        resume = parsed.value("--resume")
        otlpPath = parsed.value("--otlp")
        gate = try GateOption.choice(parsed)
        if let text = parsed.value("--shard") {
            guard let value = Shard(text) else { throw UsageError("--shard needs I/N with 1 ≤ I ≤ N ≤ \(Shard.maximumCount), e.g. 2/4; got \(text)") }
            shard = value
        }
        given = Set(parsed.values.keys).union(parsed.flags)
        // A shard holds part of the suite: the gate and the baseline belong to the merged report.
        if shard != nil, let option = gate.baselinePath != nil ? "--baseline" : gate.savePath != nil ? "--save-baseline" : nil {
            throw UsageError("\(option) needs the whole suite, not a shard: use it on the merged report, `rehearsal report DIR \(option) FILE`")
        }
        if resume != nil {
            let fixed = ["--config", "--prices", "--fixtures", "--trials", "--no-baseline", "--no-sweep", "--shard"].filter(given.contains)
            if !fixed.isEmpty || !paths.isEmpty {
                throw UsageError("--resume runs what the stopped run was started with; drop \(((paths.isEmpty ? [] : ["PATH"]) + fixed).joined(separator: ", "))")
            }
            if database == .disabled { throw UsageError("--resume reads the stopped run from the run history; drop --no-db") }
        }
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        // Read before anything is written: a bad baseline is exit 2 and leaves no trace.
        let gateBaseline = try gate.readBaseline(in: context)
        let started = context.now()
        let databasePath = database.path(in: context)
        let store = try databasePath.map(StoreOption.open)
        var command = self
        var stored: [ScenarioRunner.RunKey: JSONValue] = [:]
        var runID = context.newRunID()
        if let resume, let store {
            let run = try RunCommand.stoppedRun(resume, in: store, path: databasePath!)
            command.restore(run.arguments)
            runID = run.id
            for scenario in try store.scenarioRuns(inRun: run.id) {
                stored[ScenarioRunner.RunKey(scenarioID: scenario.scenarioID, trial: scenario.trial)] = scenario.entry
            }
        }
        return try await command.execute(in: context, started: started, runID: runID, store: store, databasePath: databasePath, stored: stored, gateBaseline: gateBaseline)
    }

    /// The run `id` names, if it can be resumed.
    static func stoppedRun(_ id: String, in store: any StateStore, path: String) throws -> StoredRun {
        guard let run = try store.run(id) else {
            throw CommandError("\(path): no run \(id); `rehearsal history` lists the runs")
        }
        guard run.status == .running else {
            throw CommandError("run \(run.id) is complete; there is nothing to resume")
        }
        return run
    }

    /// What a run was started with, kept in the run history so `--resume` can run it the same way: `trials` as
    /// resolved, so a resumed run keeps its count even if the configuration file changed.
    func storedArguments(trials: Int) -> JSONValue {
        [
            "paths": paths.json, "config": configPath.map(JSONValue.string) ?? .null, "prices": pricesPath.map(JSONValue.string) ?? .null,
            "fixtures": fixturesPath.map(JSONValue.string) ?? .null, "trials": trials.json, "baseline": .bool(baseline), "sweep": .bool(sweep),
            "shard": shard.map { .string($0.description) } ?? .null,
            "workingDirectory": .string(FileManager.default.currentDirectoryPath),
        ]
    }

    mutating func restore(_ arguments: JSONValue) {
        // Paths were given relative to where the stopped run was started, which need not be here.
        let base = arguments["workingDirectory"]?.stringValue
        func resolved(_ path: String?) -> String? {
            guard let path, let base, !path.hasPrefix("/") else { return path }
            return Path.join(base, path)
        }
        paths = (arguments["paths"]?.arrayValue?.compactMap(\.stringValue) ?? []).compactMap(resolved)
        if paths.isEmpty, let base { paths = [Path.join(base, "scenarios")] }
        configPath = resolved(arguments["config"]?.stringValue)
        pricesPath = resolved(arguments["prices"]?.stringValue)
        fixturesPath = resolved(arguments["fixtures"]?.stringValue)
        trials = arguments["trials"]?.numberValue.map { Int($0) } ?? 1
        baseline = arguments["baseline"]?.boolValue ?? true
        sweep = arguments["sweep"]?.boolValue ?? true
        shard = arguments["shard"]?.stringValue.flatMap(Shard.init)
    }

    private func execute(
        in context: CommandContext, started: Double, runID: String, store: (any StateStore)?, databasePath: String?,
        stored: [ScenarioRunner.RunKey: JSONValue], gateBaseline: Baseline? = nil
    ) async throws -> ExitCode {
        let loaded = try LoadedSuite.load(paths: paths, configPath: configPath, pricesPath: pricesPath, fixturesPath: fixturesPath, baseline: baseline || sweep, shard: shard, context: context)
        let trials = self.trials ?? loaded.configuration.trials ?? 1
        let fallback: (any ApprovalProvider)? = allowInput && context.inputIsTerminal
            ? TerminalApprovals(ask: context.diagnostics, readLine: context.readLine) : nil
        let execution = SuiteExecution(
            loaded: loaded, trials: trials, baseline: baseline, sweep: sweep, parallelism: parallelism ?? context.parallelism, approvalFallback: fallback)
        try execution.check()
        let loadedAt = context.now()
        let expectedRuns = loaded.suite.scenarios.count * trials

        let startedAt = RunCommand.timestamp(started)
        var recorder: RunRecorder? = nil
        if let store, let databasePath {
            recorder = RunRecorder(store: store, runID: runID, path: databasePath, stored: stored)
            if resume == nil {
                do {
                    try store.beginRun(StoredRun(
                        id: runID, startedAt: startedAt, suite: loaded.suite.name, configuration: loaded.configuration.name,
                        configurationDigest: loaded.configuration.digest, arguments: storedArguments(trials: trials),
                        expectedScenarioRuns: expectedRuns, rehearsalVersion: RehearsalCommandLine.version))
                } catch {
                    throw CommandError("could not record the run: " + StoreOption.placed(error.message, in: databasePath))
                }
            } else {
                context.diagnostics("resuming run \(runID): \(stored.count) of \(expectedRuns) scenario runs were stored; running the other \(max(0, expectedRuns - stored.count)) (the stored ones are replayed again to check they come out the same)\n")
            }
        }
        let streaming = recorder
        let outcome = await execution.run { streaming?.finished($0) }
        if let drifted = recorder?.drifted, !drifted.isEmpty {
            throw CommandError("cannot resume run \(runID): \(drifted.count) stored scenario run\(drifted.count == 1 ? "" : "s") no longer replay\(drifted.count == 1 ? "s" : "") as stored (\(drifted.prefix(5).joined(separator: ", "))\(drifted.count > 5 ? ", …" : "")): the scenarios, recordings or configuration changed since; start a new run")
        }
        let results = outcome.results
        let finished = context.now()

        var environment: [String: JSONValue] = [
            "startedAt": .string(startedAt),
            "wallClockMs": ["load": .number(((loadedAt - started) * 1000).rounded()), "run": .number(((finished - loadedAt) * 1000).rounded())],
            "parallelism": (parallelism ?? context.parallelism).json,
            "host": .string(ProcessInfo.processInfo.hostName),
            "rehearsalVersion": .string(RehearsalCommandLine.version),
        ]
        if recorder != nil { environment["runId"] = .string(runID) }
        if resume != nil { environment["resumed"] = true }
        var report = RunReport(suiteName: loaded.suite.name, configuration: loaded.configuration, prices: loaded.prices, results: results, environment: .object(environment))
        report.routerSweep = outcome.sweep
        report.sweepClassifier = outcome.sweepClassifier
        report.shard = shard.map { ShardInfo(index: $0.index, count: $0.count, suiteScenarioIDs: loaded.allScenarioIDs) }
        let document = JSONReportWriter.document(report, toolVersion: RehearsalCommandLine.version)
        let gateResult = try gate.check(document, against: gateBaseline, configured: loaded.configuration.gate)
        var written = try ReportFiles.write(json: document, text: document.serialized(.pretty) + "\n", to: out, gate: gateResult, context: context)
        let savedBaseline = try gate.saveBaseline(of: document, in: context)
        if let otlpPath {
            try context.writeFile(otlpPath, try ReportFiles.otlp(document))
            written.append(otlpPath)
        }
        context.output(SummaryPrinter(color: context.usesColor).render(report, reportPaths: written, gate: gateResult))
        if let savedBaseline { context.output("baseline: \(savedBaseline) (saved; gate later runs with --baseline \(savedBaseline))\n") }
        for result in results where !result.warnings.isEmpty {
            for warning in result.warnings { context.diagnostics("warning: \(result.scenario.id): \(warning)\n") }
        }
        if let recorder, let databasePath {
            // Only the sweep adds figures to a scenario run after it finished: its always-strong runs are the baselines.
            try recorder.finish(results: results, entries: document["scenarios"]?.arrayValue ?? [], rewriting: outcome.sweep != nil && baseline, summary: document["summary"] ?? .null, finishedAt: RunCommand.timestamp(context.now()))
            context.output("run:    \(runID) in \(databasePath) (rehearsal history; rehearsal trace TRACE_ID)\n")
        }
        return gate.exitCode(gateResult, usual: report.summary.failed == 0 ? .success : .failure)
    }

    /// A wall-clock time as ISO 8601 in UTC.
    static func timestamp(_ seconds: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
    }
}
