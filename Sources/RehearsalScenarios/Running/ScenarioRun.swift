public import RehearsalCore

/// A finished scenario run with what evaluation needs beside the agent run: the baseline for router savings,
/// replay warnings and approvals the script offered but nobody asked for.
public struct ScenarioRun: Sendable {
    /// The scenario.
    public var scenario: Scenario
    /// The trial number, from 0.
    public var trial: Int
    /// The run under the configuration being evaluated.
    public var run: AgentRun
    /// The same scenario with every task on the strong model: the cost baseline for router savings.
    public var baseline: Baseline
    /// Things worth a look that do not fail the scenario (a `sequence` matcher's drift).
    public var warnings: [String]
    /// Scripted approval decisions that were never requested.
    public var unusedApprovals: [ScriptedApproval]
    /// Fixture files that do not exist.
    public var missingFixtures: [String]

    /// The always-strong run a routed run is compared with.
    public enum Baseline: Sendable {
        /// The configuration already sends everything to the strong model: the run is its own baseline.
        case sameAsRun
        /// The baseline run.
        case run(AgentRun)
        /// There is no baseline (router savings not computed for this scenario), and why.
        case unavailable(String)
    }

    /// A scenario run from its parts.
    public init(scenario: Scenario, trial: Int, run: AgentRun, baseline: Baseline, warnings: [String] = [], unusedApprovals: [ScriptedApproval] = [], missingFixtures: [String] = []) {
        self.scenario = scenario
        self.trial = trial
        self.run = run
        self.baseline = baseline
        self.warnings = warnings
        self.unusedApprovals = unusedApprovals
        self.missingFixtures = missingFixtures
    }

    /// The baseline's cost in USD, when there is a baseline.
    public var baselineCostUSD: Double? {
        switch baseline {
        case .sameAsRun: run.costUSD
        case .run(let baseline): baseline.costUSD
        case .unavailable: nil
        }
    }
}
