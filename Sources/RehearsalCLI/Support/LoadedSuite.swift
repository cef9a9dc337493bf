import Dispatch
import RehearsalCore
import RehearsalScenarios
import Synchronization

/// A suite ready to run: loaded, with its configuration, prices and every scenario's fixtures, checked before
/// anything runs so bad input stops the command with exit 2 and nothing written.
struct LoadedSuite {
    var suite: Suite
    var configuration: RunConfiguration
    var prices: PriceTable
    var fixtures: [String: FixtureSet]
    /// The ids of every scenario of the suite, sorted, also when a shard keeps only some of them.
    var allScenarioIDs: [String] = []

    /// Loads the suite under `paths` with the options common to commands that run scenarios; with `shard`, keeps
    /// only that shard's scenarios.
    ///
    /// The configuration is `configPath`'s, else the suite's default. Its `models` replace the agents' own here,
    /// before anything is priced or run, so every command and every run of it (baselines and the router sweep
    /// included) sees the same agents. Prices come from `--prices` (`pricesPath`), else the configuration's
    /// `prices`, else the suite's; the configuration records which (``RunConfiguration/pricesFrom``).
    ///
    /// With `appliesConfiguration` false (`record` and `validate`, which run many configurations), the suite keeps
    /// its agents' own models and the prices are `--prices` or the suite's;
    /// ``configurations(_:of:pricesPath:baseline:loader:)`` then gives each configuration they run with its own.
    static func load(paths: [String], configPath: String?, pricesPath: String?, fixturesPath: String?, loadFixtures: Bool = true, baseline: Bool = true, shard: Shard? = nil, appliesConfiguration: Bool = true, context: CommandContext) throws -> LoadedSuite {
        let loader = SuiteLoader(fileSystem: context.fileSystem)
        let paths = paths.isEmpty ? ["scenarios"] : paths
        if paths == ["scenarios"] && context.fileSystem.kind(of: "scenarios") == .missing {
            throw UsageError("no scenarios/ folder here; run from a checkout of the suite or pass scenario files or folders")
        }
        var suite = try loader.load(paths: paths)
        if let fixturesPath { suite.fixturesRoot = fixturesPath }
        let allScenarioIDs = suite.scenarios.map(\.id)
        if let shard {
            // The whole suite was loaded and checked: a shard refuses the same bad input a whole run would.
            let kept = Set(shard.select(suite.scenarios.map(\.id)))
            suite.scenarios = suite.scenarios.filter { kept.contains($0.id) }
        }
        var configuration = try configPath.map { path throws(InputError) in try loader.loadConfiguration(at: path, for: suite) } ?? suite.defaultConfiguration
        // record and validate price each configuration they run themselves; their base table is --prices or the suite's.
        var pricing = configuration
        if !appliesConfiguration { (pricing.prices, pricing.file) = (nil, nil) }
        let prices = try LoadedSuite.prices(for: &pricing, pricesPath: pricesPath, suite: suite, loader: loader)
        (configuration.prices, configuration.pricesFrom) = (pricing.prices, pricing.pricesFrom)
        if appliesConfiguration { suite = configuration.models.applied(to: suite) }
        for model in suite.models(for: configuration, baseline: baseline).sorted() { _ = try prices.price(of: model) }
        var fixtures: [String: FixtureSet] = [:]
        if loadFixtures {
            // Without the folder every scenario would fail on its own; the mistake is the path, so say so once.
            if context.fileSystem.kind(of: suite.fixturesRoot) != .directory {
                let found = context.fileSystem.kind(of: suite.fixturesRoot) == .missing ? "no such fixtures folder" : "not a folder"
                let advice = fixturesPath != nil
                    ? "--fixtures must name the folder `rehearsal record` wrote the recordings to"
                    : "the suite reads its recordings from there (suite.json \"fixtures\", default ../fixtures); record them with `rehearsal record` or pass --fixtures DIR"
                throw InputError(file: suite.fixturesRoot, message: "\(found); \(advice)")
            }
            // Decoding recordings is most of a large suite's load time; spread it over the cores. The first error
            // in scenario order is reported, whatever finished first.
            let scenarios = suite.scenarios
            let results = Mutex([Result<FixtureSet, InputError>?](repeating: nil, count: scenarios.count))
            let fileSystem = context.fileSystem
            let folders = scenarios.map { suite.fixtureFolder(for: $0) }
            DispatchQueue.concurrentPerform(iterations: scenarios.count) { index in
                let result = Result { () throws(InputError) in try FixtureSet.load(from: folders[index], fileSystem: fileSystem) }
                results.withLock { $0[index] = result }
            }
            for (scenario, result) in zip(scenarios, results.withLock { $0 }) { fixtures[scenario.id] = try result!.get() }
        }
        return LoadedSuite(suite: suite, configuration: configuration, prices: prices, fixtures: fixtures, allScenarioIDs: allScenarioIDs)
    }

    /// The price table a run under `configuration` uses: `--prices`, else the configuration's, else the suite's.
    /// Records in `configuration` the file it came from and which of the three named it.
    /// - Throws: ``InputError`` for a table that does not load, ``CommandError`` when none of the three names one.
    static func prices(for configuration: inout RunConfiguration, pricesPath: String?, suite: Suite, loader: SuiteLoader) throws -> PriceTable {
        if let pricesPath {
            configuration.prices = pricesPath
            configuration.pricesFrom = .flag
            return try loader.loadPrices(at: pricesPath)
        }
        if let file = configuration.prices {
            configuration.pricesFrom = .configuration
            return try loader.loadPrices(at: file)
        }
        guard let prices = suite.prices else {
            let manifest = Path.join(suite.root, SuiteManifest.fileName)
            let places = configuration.file.map { "\($0) or \(manifest)" } ?? manifest
            throw CommandError("no price table: pass --prices FILE or name one in \(places) (\"prices\")")
        }
        configuration.prices = try loader.pricesFile(of: suite)
        configuration.pricesFrom = .suite
        return prices
    }

    /// The configurations a command that runs many of them (`record`, `validate`) runs besides its fixed models:
    /// the suite's, then each of `configPaths`, each with its models applied to its own copy of the suite and its
    /// price table (`--prices`, else its own, else the suite's), every model it can call priced (with `baseline`,
    /// the agents' strong models too).
    /// - Throws: ``InputError`` for a configuration that does not load or names an agent the suite lacks;
    ///   ``PricingError`` for a model its prices lack.
    static func configurations(_ configPaths: [String], of suite: Suite, pricesPath: String?, baseline: Bool = false, loader: SuiteLoader) throws -> [ConfiguredRun] {
        var configurations = suite.configurations
        for path in configPaths { configurations.append(try loader.loadConfiguration(at: path, for: suite)) }
        return try configurations.map { configuration in
            var configuration = configuration
            let prices = try LoadedSuite.prices(for: &configuration, pricesPath: pricesPath, suite: suite, loader: loader)
            let configured = configuration.models.applied(to: suite)
            for model in configured.models(for: configuration, baseline: baseline).sorted() { _ = try prices.price(of: model) }
            return ConfiguredRun(suite: configured, configuration: configuration, prices: prices)
        }
    }
}
