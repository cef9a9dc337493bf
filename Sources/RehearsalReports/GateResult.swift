public import RehearsalScenarios

/// What a ``Gate`` found comparing a run with its baseline: the regressions that fail it, the improvements that
/// never do, the runs only one side has, and the suite figures over the runs both have.
public struct GateResult: Sendable {
    /// The thresholds the suite figures were held to.
    public var thresholds: GateThresholds
    /// The baseline compared against.
    public var baseline: Baseline
    /// How the writers name the baseline: its file as given, or `the baseline`.
    public var baselineName: String
    /// The run compared, as a baseline of its own.
    public var current: Baseline
    /// Everything that fails the gate, scenario runs first (in report order), then the suite figures.
    public var regressions: [Finding]
    /// What got better: runs that failed in the baseline and pass now, then suite figures that improved.
    public var improvements: [Finding]
    /// Runs that fail now and failed in the baseline too: known failures, which do not fail the gate.
    public var stillFailing: [Baseline.Run]
    /// Runs the baseline does not have (a scenario or trial added since), as they went now. Never regressions.
    public var added: [Baseline.Run]
    /// Runs the baseline has and this run does not (a scenario removed, or left out). Never regressions.
    public var removed: [Baseline.Run]
    /// The suite figures over the runs both sides have; `nil` when they have none in common.
    public var figures: Figures?

    /// Whether the gate passes: no regression.
    public var passed: Bool { regressions.isEmpty }

    /// Whether the configuration digest differs from the baseline's, so the runs themselves (router, limits,
    /// matcher) may differ. Informational: the figures decide.
    public var configurationChanged: Bool { baseline.configurationDigest != current.configurationDigest }

    /// Whether the price table differs from the baseline's (source or date), which moves cost by itself.
    public var pricesChanged: Bool { baseline.prices != current.prices }

    /// One regression or improvement.
    public struct Finding: Sendable, Hashable {
        /// What changed.
        public enum Kind: Sendable, Hashable {
            /// A scenario run's verdict.
            case scenario
            /// The pass rate over the runs both sides have.
            case passRate
            /// The total cost over the runs both sides have.
            case cost
            /// The p95 virtual latency over the runs that finished on both sides.
            case p95Latency
        }

        public var kind: Kind
        /// The scenario run's label (`id` or `id#trial`) for ``Kind/scenario``; `nil` for a suite figure.
        public var scenario: String?
        /// Why, in a sentence fragment: the run's first failure now, or the figure's change and its threshold.
        public var reason: String

        /// A finding from its parts.
        public init(kind: Kind, scenario: String? = nil, reason: String) {
            self.kind = kind
            self.scenario = scenario
            self.reason = reason
        }
    }

    /// The suite figures on both sides, over the same runs.
    public struct Figures: Sendable, Hashable {
        /// The runs both sides have: the pass rate and cost are over these.
        public var comparedRuns: Int
        /// Of those, the runs that finished (did not stop with an error) on both sides: the p95 is over these.
        public var finishedRuns: Int
        public var baselinePassRate: Double
        public var currentPassRate: Double
        public var baselineCostUSD: Double
        public var currentCostUSD: Double
        public var baselineP95Ms: Double
        public var currentP95Ms: Double

        /// The drop in pass rate as a share of runs (negative when it rose).
        public var passRateDrop: Double { baselinePassRate - currentPassRate }
        /// The rise in cost in percent of the baseline's; `nil` when the baseline's is 0.
        public var costIncreasePct: Double? { Figures.increasePct(from: baselineCostUSD, to: currentCostUSD) }
        /// The rise in p95 latency in percent of the baseline's; `nil` when the baseline's is 0.
        public var p95IncreasePct: Double? { Figures.increasePct(from: baselineP95Ms, to: currentP95Ms) }

        static func increasePct(from old: Double, to new: Double) -> Double? {
            old == 0 ? nil : (new - old) / old * 100
        }

        /// Figures from their parts.
        public init(
            comparedRuns: Int, finishedRuns: Int, baselinePassRate: Double, currentPassRate: Double,
            baselineCostUSD: Double,
            currentCostUSD: Double, baselineP95Ms: Double, currentP95Ms: Double
        ) {
            self.comparedRuns = comparedRuns
            self.finishedRuns = finishedRuns
            self.baselinePassRate = baselinePassRate
            self.currentPassRate = currentPassRate
            self.baselineCostUSD = baselineCostUSD
            self.currentCostUSD = currentCostUSD
            self.baselineP95Ms = baselineP95Ms
            self.currentP95Ms = currentP95Ms
        }
    }
}
