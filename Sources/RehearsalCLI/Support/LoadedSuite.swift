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
    static func load(paths: [String], configPath: String?, pricesPath: String?, fixturesPath: String?, loadFixtures: Bool = true, baseline: Bool = true, shard: Shard? = nil, context: CommandContext) throws -> LoadedSuite {
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
        let configuration = try configPath.map { path throws(InputError) in try loader.loadConfiguration(at: path) } ?? suite.defaultConfiguration
        guard let prices = try pricesPath.map({ path throws(InputError) in try loader.loadPrices(at: path) }) ?? suite.prices else {
            throw CommandError("no price table: pass --prices FILE or name one in \(Path.join(suite.root, SuiteManifest.fileName)) (\"prices\")")
        }
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
}
