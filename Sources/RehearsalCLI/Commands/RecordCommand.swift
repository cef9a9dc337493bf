import RehearsalCore
import RehearsalReplay
import RehearsalScenarios

/// `rehearsal record`: runs scenarios through the engine against a provider and writes what it answered as
/// fixtures; the same decorators replay uses, plus a write.
struct RecordCommand: Command {
    static let name = "record"
    static let abstract = "Record LLM and API fixtures for scenarios from a provider"

    static let options: [OptionSpec] = [
        .option("--provider", "-p", value: "KIND:ARG", help: "Where answers come from: script:FILE or script:DIR (required)"),
        .option("--mode", value: "MODE", help: "all (re-record, the default) or missing (keep what exists)"),
        .option("--models", value: "LIST", help: "Comma-separated models to record; the rest are kept (default: every model the script has)"),
        .option("--config", "-c", value: "FILE", repeatable: true, help: "Also record runs under this configuration (its models and prices too)"),
        .option("--prices", value: "FILE", help: "Price table (default: the configuration's, else the suite's)"),
        .option("--fixtures", value: "DIR", help: "Fixtures folder (default: the suite's)"),
        .option("--trials", "-k", value: "K", help: "Record K trials from the script's per-trial variants (default: all it has)"),
    ]

    static var help: String {
        """
        Usage: rehearsal record [PATH...] --provider script:FILE|DIR [options]

        Runs each scenario under PATH (default: scenarios/) through the engine once per model, answering model
        calls and tool calls from the provider, and writes fixtures/<scenario>/llm.jsonl and api.jsonl. Requests
        and keys are the engine's own, so the recordings replay exactly.

        Providers:
          script:FILE   a script (*.script.json) for the scenario its "scenario" field names
          script:DIR    DIR/<scenario id>.script.json for each scenario (scenarios without one are skipped)

        Each scenario is also run under every configuration of the suite and each --config, so routed runs have
        recordings too: classifier calls (the script must answer them in "routing"), and a supervisor and its
        specialists on different models. What an earlier run in the same session already recorded is replayed, not
        recorded twice. A configuration's "models" apply to its own runs only, and each is priced with its own
        table ("prices"), unless --prices names one for all; its "trials" is not used: --trials is.

        --models records only the models it names (the scripts must know them): their earlier exchanges are
        replaced, every other recording is kept, and the other models' recorded runs are replayed to check that
        they still fit. A scenario whose runs stop is not written.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Fixtures recorded from scripts are marked "authored" in their provenance: they measure the engine, not a model.

        """
    }

    var paths: [String]
    var providerPath: String
    var mode: RecordMode
    var models: [String]?
    var configPaths: [String]
    var pricesPath: String?
    var fixturesPath: String?
    var trials: Int?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: RecordCommand.options)
        if let text = parsed.value("--trials") {
            guard let value = Int(text), value > 0 else { throw UsageError("--trials needs a positive integer, got \(text)") }
            trials = value
        }
        paths = parsed.positionals
        guard let provider = parsed.value("--provider") else { throw UsageError("--provider is required (script:FILE or script:DIR)") }
        guard provider.hasPrefix("script:"), provider.count > 7 else {
            throw UsageError("unknown provider \(provider); the providers are script:FILE and script:DIR (live providers come later)")
        }
        providerPath = String(provider.dropFirst(7))
        let modeName = parsed.value("--mode") ?? "all"
        guard let mode = RecordMode(modeName), mode != .never else { throw UsageError("--mode must be all or missing, got \(modeName)") }
        self.mode = mode
        if let list = parsed.value("--models") {
            let names = list.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw UsageError("--models needs a comma-separated list of models, got \"\(list)\"") }
            models = names
        }
        configPaths = parsed.values["--config"] ?? []
        pricesPath = parsed.value("--prices")
        fixturesPath = parsed.value("--fixtures")
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let loaded = try LoadedSuite.load(
            paths: paths, configPath: nil, pricesPath: pricesPath, fixturesPath: fixturesPath, loadFixtures: false, baseline: false,
            appliesConfiguration: false, context: context)
        let suite = loaded.suite
        // Every configuration of the suite and each --config, each on its own models and priced before anything
        // runs: with --models too, since routed runs call those models as well, and their recordings are replaced
        // with the rest of the models'.
        let routed = try LoadedSuite.configurations(configPaths, of: suite, pricesPath: pricesPath, loader: SuiteLoader(fileSystem: context.fileSystem))

        // Pair scenarios with scripts.
        var work: [(Scenario, Script, String)] = []
        switch context.fileSystem.kind(of: providerPath) {
        case .missing: throw CommandError("script \(providerPath) not found")
        case .file:
            let script = try JSONFile.decode(Script.self, from: try context.fileSystem.readText(at: providerPath), file: providerPath)
            guard let scenario = suite.scenarios.first(where: { $0.id == script.scenario }) else {
                throw InputError(file: providerPath, path: JSONPath.root.appending("scenario"), message: "no scenario \"\(script.scenario)\" among the scenarios given")
            }
            work.append((scenario, script, providerPath))
        case .directory:
            for scenario in suite.scenarios {
                let file = Path.join(providerPath, scenario.id + ".script.json")
                guard context.fileSystem.kind(of: file) == .file else {
                    context.diagnostics("skip \(scenario.id): no script \(file)\n")
                    continue
                }
                let script = try JSONFile.decode(Script.self, from: try context.fileSystem.readText(at: file), file: file)
                guard script.scenario == scenario.id else {
                    throw InputError(file: file, path: JSONPath.root.appending("scenario"), message: "expected \"\(scenario.id)\" (the file's name), found \"\(script.scenario)\"")
                }
                work.append((scenario, script, file))
            }
        }
        guard !work.isEmpty else { throw CommandError("no scenario has a script to record from") }
        let selected = try selectedModels(scripts: work.map(\.1))
        // Price every model a recording run can call before anything runs, so a gap is a usage error, not a half-done recording.
        for (_, script, _) in work {
            for variant in script.trials.isEmpty ? [script] : script.trials {
                for model in variant.models.keys.sorted() { _ = try loaded.prices.price(of: model) }
            }
        }

        var failures = 0
        for (scenario, script, scriptFile) in work {
            let folder = suite.fixtureFolder(for: scenario)
            // Recording some models keeps the others' recordings, so it starts from what exists, like `missing`.
            let keepsExisting = mode.keepsExisting || selected != nil
            var existing = FixtureSet(llm: LLMCassette(), api: APICassette(), folder: folder)
            if keepsExisting { existing = try FixtureSet.load(from: folder, fileSystem: context.fileSystem) }
            let provenance = Provenance(source: .authored, provider: "script", detail: scriptFile)
            // One trial from the script itself, or one per trial variant; several trials are tagged with their number.
            let variants = script.trials.isEmpty ? [script] : script.trials
            let count = trials ?? variants.count
            guard count <= variants.count else {
                failures += 1
                context.diagnostics("error: \(scenario.id): --trials \(count) needs \(count) trial variants in \(scriptFile) (\"trials\": [...]); it has \(variants.count)\n")
                continue
            }
            let tagged = count > 1 || (keepsExisting && existing.trials > 1)
            var llm: [LLMExchange] = []
            var api: [APIExchange] = []
            var recorded = (llm: 0, api: 0)
            var names: [String] = []
            var problems: [String] = []
            var notes: [String] = []
            for trial in 0..<count {
                let variant = variants[trial]
                let prior = existing.forTrial(trial)
                let session = RecordingSession(mode: mode, existingLLM: prior.llm.exchanges, existingAPI: prior.api.exchanges, models: selected)
                let earlierModels = Set(prior.llm.exchanges.map(\.model))
                // The models being recorded run first, so their API calls are answered by the script, not by an earlier
                // recording another model's replay picked up. A model left out is replayed, when it was recorded, to
                // check that its recordings still fit the new ones.
                var runs: [(run: LoadedSuite.ConfiguredRun, reRecording: Bool)] = []
                for model in variant.models.keys.sorted() where selected?.contains(model) ?? true {
                    runs.append((.init(suite: suite, configuration: RunConfiguration(name: "record \(model)", router: .fixed(.model(model))), prices: loaded.prices), true))
                }
                for model in variant.models.keys.sorted() where !(selected?.contains(model) ?? true) && earlierModels.contains(model) {
                    runs.append((.init(suite: suite, configuration: RunConfiguration(name: "replay \(model)", router: .fixed(.model(model))), prices: loaded.prices), false))
                }
                // A classifier configuration the script cannot answer fails the recording (like any missing turn), so
                // record and validate agree on what a suite needs.
                runs += routed.map { ($0, false) }
                for (configured, reRecording) in runs {
                    let configuration = configured.configuration
                    let runner = ScenarioRunner(suite: configured.suite, configuration: configuration, prices: configured.prices, computesBaseline: false)
                    let refusedBefore = session.unrecordedModels.count
                    let run = await runner.record(
                        scenario, modelClient: session.modelClient(wrapping: ScriptModelClient(script: variant), provenance: provenance),
                        toolExecutor: session.toolExecutor(wrapping: ScriptToolExecutor(script: variant), provenance: provenance, reRecording: reRecording))
                    guard case .error(let message) = run.stopReason else { continue }
                    let place = "\(tagged ? "trial \(trial), " : "")\(configuration.name)"
                    let refused = Set(session.unrecordedModels.dropFirst(refusedBefore))
                    if !refused.isEmpty && refused.isDisjoint(with: earlierModels) {
                        // A model that was never recorded here, and is not being recorded now: nothing to protect.
                        notes.append("\(place): not recorded to the end: it calls \(refused.sorted().joined(separator: ", ")), which has no recordings here and is not among --models")
                    } else if !refused.isEmpty {
                        let all = (selected ?? []).union(refused).sorted().joined(separator: ",")
                        problems.append("\(place): \(message); its earlier recordings no longer fit the new ones: record them too (--models \(all))")
                    } else {
                        problems.append("\(place): \(message)")
                    }
                }
                llm += session.llmExchanges.map { exchange in
                    var exchange = exchange
                    if tagged { exchange.trial = trial }
                    return exchange
                }
                api += session.apiExchanges.map { exchange in
                    var exchange = exchange
                    if tagged { exchange.trial = trial }
                    return exchange
                }
                recorded.llm += session.recordedCounts.llm
                recorded.api += session.recordedCounts.api
                if trial == 0 { names = runs.map(\.run.configuration.name) }
            }
            if !problems.isEmpty {
                failures += 1
                context.diagnostics("error: \(scenario.id): not recorded (fixtures left as they were):\n" + problems.map { "  " + $0 }.joined(separator: "\n") + "\n")
                continue
            }
            if keepsExisting {
                // Trials beyond those recorded now stay as they were.
                llm += existing.llm.exchanges.filter { ($0.trial ?? -1) >= count }
                api += existing.api.exchanges.filter { ($0.trial ?? -1) >= count }
            }
            try context.writeFile(FixtureSet.llmFile(in: folder), JSONFile.lines(llm.map(\.json)))
            try context.writeFile(FixtureSet.apiFile(in: folder), JSONFile.lines(api.map(\.json)))
            for note in notes { context.diagnostics("note: \(scenario.id): \(note)\n") }
            let trialNote = count > 1 ? ", \(count) trials" : ""
            let kept = llm.count + api.count - recorded.llm - recorded.api
            let keptNote = keepsExisting ? ", kept \(kept) earlier" : ""
            context.output("recorded \(scenario.id): \(recorded.llm) model and \(recorded.api) API exchanges\(keptNote) (\(names.joined(separator: ", "))\(trialNote)) → \(folder)\n")
        }
        return failures == 0 ? .success : .failure
    }

    /// The models `--models` names, checked against what `scripts` know; nil without `--models`.
    /// - Throws: ``UsageError`` naming a model no script knows, and the models they do.
    private func selectedModels(scripts: [Script]) throws(UsageError) -> Set<String>? {
        guard let models else { return nil }
        var known = Set<String>()
        for script in scripts {
            for variant in [script] + script.trials { known.formUnion(variant.models.keys.map { $0 } + variant.routing.keys.map { $0 }) }
        }
        let unknown = models.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            let source = scripts.count == 1 ? "the script knows" : "the scripts know"
            throw UsageError("--models: unknown model\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); \(source) \(known.sorted().joined(separator: ", "))")
        }
        return Set(models)
    }
}
