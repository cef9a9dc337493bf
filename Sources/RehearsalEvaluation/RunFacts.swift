public import RehearsalCore
import RehearsalScenarios

/// What the suite's figures need from one scenario run, and nothing more: the summary, the reliability and the
/// router savings are computed from these.
///
/// A run's facts come from its ``ScenarioResult`` during a run, or are read back from its entry in `report.json`
/// (`RunFactsReader` in RehearsalReports), so `rehearsal merge` computes a sharded suite's figures with the very
/// code a single run uses, and gets the same numbers.
public struct RunFacts: Sendable, Hashable {
    /// The scenario.
    public var scenarioID: String
    /// The trial, from 0.
    public var trial: Int
    /// The task pass@k and pass^k group the run under: the scenario's `trialOf`, else its id.
    public var task: String
    /// Whether every expectation held.
    public var passed: Bool
    /// How the run ended: `answered`, `limit:maxSteps` … or `error`.
    public var stopCode: String
    /// Tool-choice counts.
    public var toolChoice: ToolChoiceScore
    /// End-to-end virtual latency, ms.
    public var latencyMs: Double
    /// Where the virtual time went.
    public var latency: LatencyBreakdown
    /// Every model call, classifier calls included, in span order.
    public var modelCalls: [ModelCallTiming]
    /// Tokens per model.
    public var usageByModel: [String: TokenUsage]
    /// Cost per model, USD.
    public var costByModel: [String: Double]
    /// The run's cost, USD.
    public var costUSD: Double
    /// Cost per model by kind of token.
    public var costBreakdown: [String: CostBreakdown]
    /// Each proposed call's outcome (`executed`, `failed`, `invalid`, `denied`, `rejected`), specialists' included.
    public var callOutcomes: [String]
    /// Denials, refused calls, approvals and the never-call list.
    public var security: SecurityFigures
    /// Required expected calls left unmatched and what was picked in their place.
    public var confusions: [ScenarioResult.Confusion]
    /// How many calls no expectation accounts for.
    public var unnecessaryCalls: Int
    /// The tier the scenario's agent was routed to; nil when it was not routed.
    public var routedTier: String?
    /// What the classifier calls cost, USD (already in ``costUSD``).
    public var routingCostUSD: Double
    /// The always-strong baseline's cost, when there is one.
    public var baselineCostUSD: Double?
    /// Retrieval checks, and how many found their passage.
    public var retrievalChecks: Int
    public var retrievalHits: Int

    /// Facts from their parts.
    public init(
        scenarioID: String, trial: Int, passed: Bool, stopCode: String, toolChoice: ToolChoiceScore, latencyMs: Double, latency: LatencyBreakdown,
        modelCalls: [ModelCallTiming], usageByModel: [String: TokenUsage], costByModel: [String: Double], costUSD: Double,
        costBreakdown: [String: CostBreakdown], callOutcomes: [String], security: SecurityFigures, confusions: [ScenarioResult.Confusion],
        unnecessaryCalls: Int, routedTier: String?, routingCostUSD: Double, baselineCostUSD: Double?, retrievalChecks: Int, retrievalHits: Int,
        task: String? = nil
    ) {
        self.task = task ?? scenarioID
        self.scenarioID = scenarioID
        self.trial = trial
        self.passed = passed
        self.stopCode = stopCode
        self.toolChoice = toolChoice
        self.latencyMs = latencyMs
        self.latency = latency
        self.modelCalls = modelCalls
        self.usageByModel = usageByModel
        self.costByModel = costByModel
        self.costUSD = costUSD
        self.costBreakdown = costBreakdown
        self.callOutcomes = callOutcomes
        self.security = security
        self.confusions = confusions
        self.unnecessaryCalls = unnecessaryCalls
        self.routedTier = routedTier
        self.routingCostUSD = routingCostUSD
        self.baselineCostUSD = baselineCostUSD
        self.retrievalChecks = retrievalChecks
        self.retrievalHits = retrievalHits
    }

    /// The facts of `result`.
    public init(_ result: ScenarioResult) {
        self.init(
            scenarioID: result.scenario.id, trial: result.trial, passed: result.passed, stopCode: result.run.stopReason.code,
            toolChoice: result.toolChoice, latencyMs: result.latencyMs, latency: result.latency, modelCalls: ModelCallTiming.all(in: result.run),
            usageByModel: result.run.usageByModel, costByModel: result.run.costByModel, costUSD: result.costUSD, costBreakdown: result.costBreakdown,
            callOutcomes: result.run.toolCalls.map(\.outcome.rawValue), security: result.security, confusions: result.confusions,
            unnecessaryCalls: result.unnecessaryCalls.count, routedTier: result.run.routing?.tier.rawValue, routingCostUSD: result.run.routingCostUSD,
            baselineCostUSD: result.baselineCostUSD, retrievalChecks: result.retrieval.count, retrievalHits: result.retrieval.filter(\.retrieved).count,
            task: result.scenario.task)
    }

    /// Whether the run stopped with an error before it could end (see ``ScenarioResult/stoppedWithError``).
    public var stoppedWithError: Bool { stopCode == "error" }

    /// The limit that stopped the run (`maxSteps` …), if one did.
    public var limitHit: String? { stopCode.hasPrefix("limit:") ? String(stopCode.dropFirst("limit:".count)) : nil }

    /// The name the run goes by in lists: the scenario id, with `#trial` after the first trial.
    public var label: String { trial == 0 ? scenarioID : "\(scenarioID)#\(trial)" }
}
