import Foundation
public import RehearsalCore
import RehearsalEvaluation
public import RehearsalScenarios

/// A scenario suite loaded for a Swift test: its scenarios, one configuration, the price table and every
/// scenario's recordings, checked before anything runs.
///
/// ```swift
/// import Testing
/// import RehearsalTesting
///
/// @Test func procurementStaysCorrect() async throws {
///     let suite = try RehearsalSuite.load(relativeTo: #filePath, "../../scenarios", configuration: .named("router"))
///     let outcome = try await suite.run(only: { $0.family == "procurement" })
///     outcome.expectAllPassed()
///     #expect(outcome.costUSD < 0.5)
/// }
/// ```
///
/// Runs replay the recordings (`fixtures/<scenario>/llm.jsonl`, `api.jsonl`), so they are fast, free and give the
/// same result every time; a request the recordings do not hold fails its scenario with the reason.
public struct RehearsalSuite: Sendable {
    /// The suite as loaded.
    public var suite: Suite
    /// The configuration runs use.
    public var configuration: RunConfiguration
    /// The price table costs come from.
    public var prices: PriceTable
    /// Each scenario's recordings, by scenario id.
    public var fixtures: [String: FixtureSet]

    /// A suite from its parts, for callers that build or load them themselves.
    public init(suite: Suite, configuration: RunConfiguration, prices: PriceTable, fixtures: [String: FixtureSet]) {
        self.suite = suite
        self.configuration = configuration
        self.prices = prices
        self.fixtures = fixtures
    }

    /// The suite's scenarios, sorted by id.
    public var scenarios: [Scenario] { suite.scenarios }

    // MARK: - Loading

    /// Loads the suite at `path` (a scenario file or a folder of them inside a suite) with everything its runs need.
    ///
    /// Relative paths resolve against the working directory, which `swift test` sets to the package root. From a
    /// test file, ``load(relativeTo:_:configuration:prices:fixtures:fileSystem:)`` is usually what you want.
    ///
    /// - Parameters:
    ///   - path: A folder of scenarios or a `*.scenario.json` file; its suite's root is the nearest folder at or
    ///     above it holding `suite.json`.
    ///   - configuration: The configuration to run under; by default the one `suite.json` names (`defaultConfig`).
    ///   - prices: A price table file to use instead of the configuration's or the one `suite.json` names.
    ///   - fixtures: A fixtures folder to use instead of the one `suite.json` names.
    ///   - fileSystem: Where files are read from.
    /// - Returns: The suite, ready to ``run(only:trials:baseline:parallelism:)``.
    /// - Throws: ``SuiteLoadError`` listing every problem found, each with its file, its place in the file (line,
    ///   column, JSON path) and what was expected there.
    public static func load(
        _ path: String, configuration: ConfigurationSource = .suiteDefault, prices: String? = nil,
        fixtures: String? = nil,
        fileSystem: any FileSystem = LocalFileSystem()
    ) throws(SuiteLoadError) -> RehearsalSuite {
        let loader = SuiteLoader(fileSystem: fileSystem)
        var suite = try loader.load(paths: [path])
        if let fixtures { suite.fixturesRoot = fixtures }
        let manifest = Path.join(suite.root, SuiteManifest.fileName)

        let chosen: RunConfiguration
        do {
            chosen = try configuration.resolve(in: suite, loader: loader, manifest: manifest)
        } catch {
            throw SuiteLoadError([error])
        }

        // The configuration's models replace the agents' own before anything is priced or run, as in `rehearsal run`.
        suite = chosen.models.applied(to: suite)
        let table: PriceTable
        let pricesFile: String
        if let file = prices ?? chosen.prices {
            // `prices:` first, then the configuration's table, then the suite's: the order `rehearsal run` uses.
            do { table = try loader.loadPrices(at: file) } catch { throw SuiteLoadError([error]) }
            pricesFile = file
        } else if let suitePrices = suite.prices {
            table = suitePrices
            pricesFile = Self.pricesFile(of: suite, manifest: manifest, fileSystem: fileSystem) ?? manifest
        } else {
            throw SuiteLoadError([
                InputError(
                    file: manifest, path: JSONPath.root.appending("prices"),
                    message:
                        "no price table: name one in \(SuiteManifest.fileName) (\"prices\") or pass `prices:` to load")
            ])
        }
        // Every model a run (and its always-strong baseline) can call must have a price, or costs would be wrong.
        var unpriced: [InputError] = []
        for model in suite.models(for: chosen, baseline: true).sorted() {
            do {
                _ = try table.price(of: model)
            } catch {
                unpriced.append(
                    InputError(
                        file: pricesFile, path: JSONPath.root.appending("models"),
                        message:
                            "no price for model \"\(model)\", which configuration \"\(chosen.name)\" or its always-strong "
                            + "baseline can call; the table prices \(error.known.joined(separator: ", "))"))
            }
        }
        if !unpriced.isEmpty { throw SuiteLoadError(unpriced) }

        // Without the folder every scenario would fail on its own; the mistake is the path, so say so once.
        let folderKind = fileSystem.kind(of: suite.fixturesRoot)
        if folderKind != .directory {
            let found = folderKind == .missing ? "no such fixtures folder" : "not a folder"
            let advice =
                fixtures != nil
                ? "`fixtures:` must name the folder `rehearsal record` wrote the recordings to"
                : "the suite reads its recordings from there (\(SuiteManifest.fileName) \"fixtures\", default ../fixtures); "
                    + "record them with `rehearsal record` or pass `fixtures:` to load"
            throw SuiteLoadError([InputError(file: suite.fixturesRoot, message: "\(found); \(advice)")])
        }
        var recordings: [String: FixtureSet] = [:]
        var errors: [InputError] = []
        for scenario in suite.scenarios {
            do {
                recordings[scenario.id] = try FixtureSet.load(
                    from: suite.fixtureFolder(for: scenario), fileSystem: fileSystem)
            } catch {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw SuiteLoadError(errors) }
        return RehearsalSuite(suite: suite, configuration: chosen, prices: table, fixtures: recordings)
    }

    /// Loads the suite at `path` relative to the folder of `filePath`, the test file that calls it.
    ///
    /// Pass `#filePath`, so the suite is found wherever `swift test` runs from:
    ///
    /// ```swift
    /// // Tests/AgentTests/ProcurementTests.swift, with the suite in the package's scenarios/ folder
    /// let suite = try RehearsalSuite.load(relativeTo: #filePath, "../../scenarios")
    /// ```
    ///
    /// Every relative path given resolves the same way: `path`, a ``ConfigurationSource/file(_:)`` configuration,
    /// `prices` and `fixtures`. Absolute paths are used as they are.
    ///
    /// - Parameters:
    ///   - filePath: The calling file's path: `#filePath`.
    ///   - path: A folder of scenarios or a `*.scenario.json` file, relative to `filePath`'s folder.
    ///   - configuration: The configuration to run under; by default the one `suite.json` names.
    ///   - prices: A price table file to use instead of the configuration's or the one `suite.json` names.
    ///   - fixtures: A fixtures folder to use instead of the one `suite.json` names.
    ///   - fileSystem: Where files are read from.
    /// - Returns: The suite, ready to ``run(only:trials:baseline:parallelism:)``.
    /// - Throws: ``SuiteLoadError`` listing every problem found, each with its (resolved) file and place.
    public static func load(
        relativeTo filePath: String, _ path: String, configuration: ConfigurationSource = .suiteDefault,
        prices: String? = nil, fixtures: String? = nil, fileSystem: any FileSystem = LocalFileSystem()
    ) throws(SuiteLoadError) -> RehearsalSuite {
        let base = Path.parent(of: filePath)
        func resolve(_ path: String) -> String { Path.normalize(Path.join(base, path)) }
        return try load(
            resolve(path), configuration: configuration.resolvingPaths(with: resolve), prices: prices.map(resolve),
            fixtures: fixtures.map(resolve), fileSystem: fileSystem)
    }

    /// The price table file `suite.json` names, for errors about it.
    private static func pricesFile(of suite: Suite, manifest: String, fileSystem: any FileSystem) -> String? {
        guard let text = try? fileSystem.readText(at: manifest),
            let decoded = try? JSONFile.decode(SuiteManifest.self, from: text, file: manifest),
            let prices = decoded.prices
        else { return nil }
        return Path.normalize(Path.join(suite.root, prices))
    }

    // MARK: - Running

    /// Runs the scenarios `include` selects (every scenario by default), each on `trials` recorded trials, and
    /// judges every run.
    ///
    /// - Parameters:
    ///   - include: Which scenarios to run, such as `{ $0.family == "procurement" }`.
    ///   - trials: How many recorded trials of each scenario to replay; each scenario must have recordings for
    ///     that many (replaying one trial K times would fake reliability).
    ///   - baseline: Whether to replay each scenario on its agent's strong model as well, for router savings.
    ///   - parallelism: Scenario runs at once; by default the number of cores.
    /// - Returns: Every run's verdict and the suite's figures, in scenario order, trials of a scenario together.
    /// - Throws: ``SuiteRunError`` when `include` selects no scenario or a scenario lacks recordings for `trials`.
    public func run(
        only include: (Scenario) -> Bool = { _ in true }, trials: Int = 1, baseline: Bool = true,
        parallelism: Int? = nil
    ) async throws(SuiteRunError) -> SuiteOutcome {
        let selected = suite.scenarios.filter(include)
        guard !selected.isEmpty else {
            throw SuiteRunError(
                "noScenarioSelected",
                "the filter selected none of the \(suite.scenarios.count) scenarios of suite \(suite.name); "
                    + "a run of nothing would pass whatever the agent does")
        }
        return try await execute(selected, trials: trials, baseline: baseline, parallelism: parallelism)
    }

    /// Runs the scenarios with ids `ids`, each on `trials` recorded trials, and judges every run.
    ///
    /// - Parameters:
    ///   - ids: Scenario ids, such as `["procurement.over-budget"]`; runs follow the suite's order, not this one.
    ///   - trials: How many recorded trials of each scenario to replay.
    ///   - baseline: Whether to replay each scenario on its agent's strong model as well, for router savings.
    ///   - parallelism: Scenario runs at once; by default the number of cores.
    /// - Returns: Every run's verdict and the suite's figures.
    /// - Throws: ``SuiteRunError`` for an id the suite does not have, an empty list, or a scenario without
    ///   recordings for `trials`.
    public func run(
        scenarios ids: [String], trials: Int = 1, baseline: Bool = true, parallelism: Int? = nil
    ) async throws(SuiteRunError) -> SuiteOutcome {
        let known = Set(suite.scenarios.map(\.id))
        let unknown = ids.filter { !known.contains($0) }
        if !unknown.isEmpty {
            let ids = suite.scenarios.map(\.id)
            let named = unknown.map { id in
                let near = ScenarioIDSuggestions.nearest(to: id, among: ids)
                return "\"\(id)\"" + (near.isEmpty ? "" : " (did you mean \(near.joined(separator: " or "))?)")
            }
            throw SuiteRunError(
                "unknownScenario",
                "suite \(suite.name) has no scenario \(named.joined(separator: ", ")); its \(ids.count) scenarios are "
                    + "listed by `scenarios`, its files are *.scenario.json under \(suite.root)")
        }
        let wanted = Set(ids)
        let selected = suite.scenarios.filter { wanted.contains($0.id) }
        guard !selected.isEmpty else {
            throw SuiteRunError(
                "noScenarioSelected", "no scenario ids given; a run of nothing would pass whatever the agent does")
        }
        return try await execute(selected, trials: trials, baseline: baseline, parallelism: parallelism)
    }

    private func execute(
        _ scenarios: [Scenario], trials: Int, baseline: Bool, parallelism: Int?
    ) async throws(SuiteRunError) -> SuiteOutcome {
        guard trials >= 1 else { throw SuiteRunError("invalidTrials", "trials must be at least 1, got \(trials)") }
        let short = scenarios.filter { (fixtures[$0.id]?.trials ?? 0) < trials }
        if !short.isEmpty {
            let names = short.map { "\($0.id) (\(fixtures[$0.id]?.trials ?? 0))" }
            throw SuiteRunError(
                "tooFewTrials",
                "trials: \(trials) needs recordings of \(trials) trials for every scenario run, and these have fewer: "
                    + "\(Self.list(names)); record more with `rehearsal record --trials \(trials)` or run fewer trials")
        }
        let runner = ScenarioRunner(
            suite: suite, configuration: configuration, prices: prices, computesBaseline: baseline)
        let work = scenarios.map { ($0, fixtures[$0.id]!) }
        let runs = await runner.runAll(
            work, trials: trials, parallelism: parallelism ?? max(1, ProcessInfo.processInfo.activeProcessorCount))
        let results = runs.map { Evaluator.evaluate($0, in: suite, defaults: configuration.evaluation, prices: prices) }
        return SuiteOutcome(suiteName: suite.name, configuration: configuration, trials: trials, results: results)
    }

    /// `names` joined, the first ten of them.
    private static func list(_ names: [String]) -> String {
        names.prefix(10).joined(separator: ", ") + (names.count > 10 ? " and \(names.count - 10) more" : "")
    }
}
