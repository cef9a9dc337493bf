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
    public static let schemaVersion = 2
}
