public import RehearsalCore
public import RehearsalEvaluation
public import RehearsalScenarios

/// Everything a report shows about one `rehearsal run`: the suite, the configuration, the results and the
/// summary, plus the wall-clock environment (the only part that is not deterministic).
public struct RunReport: Sendable {
    /// The suite's name.
    public var suiteName: String
    /// The configuration evaluated.
    public var configuration: RunConfiguration
    /// The prices used.
    public var prices: PriceTable
    /// One result per scenario run, sorted by id and trial.
    public var results: [ScenarioResult]
    /// The headline figures.
    public var summary: SuiteSummary
    /// Wall-clock facts (start time, engine overhead, host): kept apart so the rest stays byte-identical.
    public var environment: JSONValue
    /// Reliability over the trials.
    public var reliability: Reliability
    /// The router sweep, when it was run.
    public var routerSweep: RouterSweep?
    /// The classifier configuration whose scores the sweep used.
    public var sweepClassifier: String?
    /// Which part of the suite this run covered, when it ran one shard (`rehearsal run --shard I/N`).
    public var shard: ShardInfo?

    /// A report from its parts; the summary is computed from `results`.
    public init(suiteName: String, configuration: RunConfiguration, prices: PriceTable, results: [ScenarioResult], environment: JSONValue) {
        self.suiteName = suiteName
        self.configuration = configuration
        self.prices = prices
        self.results = results
        self.summary = SuiteSummary.summarize(results)
        self.environment = environment
        self.reliability = Reliability.of(results)
    }

    /// The report's schema version; bumped when the contract in docs/report-format.md changes.
    public static let schemaVersion = 3
}

/// The part of a suite a sharded run covered, and the whole it belongs to: what `rehearsal merge` checks before it
/// puts shards back together.
public struct ShardInfo: Sendable, Hashable {
    /// The part, from 1.
    public var index: Int
    /// How many parts.
    public var count: Int
    /// The ids of every scenario of the whole suite, sorted.
    public var suiteScenarioIDs: [String]

    /// Shard facts from their parts.
    public init(index: Int, count: Int, suiteScenarioIDs: [String]) {
        self.index = index
        self.count = count
        self.suiteScenarioIDs = suiteScenarioIDs
    }

    /// A digest of the whole suite's scenario ids: shards of one suite share it.
    public var suiteDigest: String {
        String(SHA256.hex(suiteScenarioIDs.joined(separator: "\n")).prefix(16))
    }

    /// As it appears in `report.json`.
    public var json: JSONValue {
        ["index": index.json, "count": count.json, "suiteScenarios": suiteScenarioIDs.count.json, "suiteDigest": .string(suiteDigest)]
    }
}
