public import RehearsalCore
import RehearsalScenarios

/// The suite's headline figures, computed from its scenario results.
public struct SuiteSummary: Sendable, Hashable {
    /// Scenario runs.
    public var scenarios: Int
    /// Runs that passed.
    public var passed: Int
    /// Runs that failed.
    public var failed: Int
    /// Precision over tool names, micro-averaged: all name matches (required or optional) over all proposed calls.
    public var precision: Double
    /// Recall over tool names, micro-averaged: name matches of required expectations over all required expectations
    /// (optional expectations are never missed).
    public var recall: Double
    /// The harmonic mean of the micro-averaged precision and recall.
    public var f1: Double
    /// The share of runs whose calls match the expected ones exactly.
    public var exactMatchRate: Double
    /// Matching arguments over all paired calls; 1 when nothing was paired (see ``argumentPairs``).
    public var argumentAccuracy: Double
    /// Expected calls with arguments paired with a call of their tool, over all runs: what ``argumentAccuracy``
    /// is a share of.
    public var argumentPairs: Int
    /// Median end-to-end virtual latency of the runs that did not stop with an error, in ms (nearest rank); 0
    /// when every run did.
    public var p50Ms: Double
    /// 95th percentile end-to-end virtual latency of the same runs, in ms (nearest rank).
    public var p95Ms: Double
    /// 99th percentile end-to-end virtual latency of the same runs, in ms (nearest rank).
    public var p99Ms: Double
    /// The mean end-to-end virtual latency of the same runs, in ms.
    public var meanMs: Double
    /// Virtual time in model calls, tools and routing, summed over the runs, in ms.
    public var modelMs: Double
    public var toolMs: Double
    public var routingMs: Double
    /// Median time to the first tool call over the runs that made one, in ms; nil when none did.
    public var timeToFirstActionP50Ms: Double?
    /// Call latency per model.
    public var latencyByModel: [String: ModelLatency]
    /// Cost per model split by kind of token.
    public var costBreakdownByModel: [String: CostBreakdown]
    /// Safety figures with the runs they come from.
    public var security: SecuritySummary
    /// Expected tool → tool picked instead → count.
    public var confusion: [String: [String: Int]]
    /// Calls no expectation accounted for.
    public var unnecessaryCalls: Int
    /// All tokens.
    public var tokens: TokenUsage
    /// Tokens per model.
    public var tokensByModel: [String: TokenUsage]
    /// All cost in USD.
    public var costUSD: Double
    /// Cost per model in USD.
    public var costByModel: [String: Double]
    /// The router's figures.
    public var router: RouterSummary
    /// Proposed calls by outcome (`executed`, `invalid`, `denied`, `rejected`, `failed`).
    public var callsByOutcome: [String: Int]
    /// Runs by how they ended (`answered`, `limit:maxSteps`, `error`).
    public var stopReasons: [String: Int]
    /// Retrieval checks over all runs.
    public var retrievalChecks: Int
    /// Of those, the ones whose passage was retrieved.
    public var retrievalHits: Int

    /// The summary of `results`.
    public static func summarize(_ results: [ScenarioResult]) -> SuiteSummary { summarize(results.map(RunFacts.init)) }

    /// The summary of the runs with facts `runs`, in their order (sums are added up in that order).
    public static func summarize(_ runs: [RunFacts]) -> SuiteSummary {
        let passed = runs.filter(\.passed).count
        let scores = runs.map(\.toolChoice)
        let expected = scores.reduce(0) { $0 + $1.expectedCount }
        let actual = scores.reduce(0) { $0 + $1.actualCount }
        let matched = scores.reduce(0) { $0 + $1.nameMatches }
        let requiredMatched = scores.reduce(0) { $0 + $1.requiredMatches }
        let precision = actual == 0 ? (expected == 0 ? 1 : 0) : Double(matched) / Double(actual)
        let recall = expected == 0 ? 1 : Double(requiredMatched) / Double(expected)
        let pairs = scores.reduce(0) { $0 + $1.argumentPairs }
        let argumentMatches = scores.reduce(0) { $0 + $1.argumentMatches }
        // A run cut short by an error took less time than the whole run would have: it would flatter the latency.
        let latencies = runs.filter { !$0.stoppedWithError }.map(\.latencyMs)

        var tokensByModel: [String: TokenUsage] = [:]
        var costByModel: [String: Double] = [:]
        var outcomes: [String: Int] = [:]
        var stops: [String: Int] = [:]
        for run in runs {
            for (model, usage) in run.usageByModel { tokensByModel[model, default: .zero] += usage }
            for model in run.costByModel.keys.sorted() { costByModel[model, default: 0] += run.costByModel[model]! }
            for outcome in run.callOutcomes { outcomes[outcome, default: 0] += 1 }
            stops[run.stopCode, default: 0] += 1
        }
        return SuiteSummary(
            scenarios: runs.count, passed: passed, failed: runs.count - passed, precision: precision, recall: recall,
            f1: precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
            exactMatchRate: runs.isEmpty ? 0 : Double(scores.filter(\.exactMatch).count) / Double(runs.count),
            argumentAccuracy: pairs == 0 ? 1 : Double(argumentMatches) / Double(pairs), argumentPairs: pairs,
            p50Ms: Percentile.nearestRank(0.50, of: latencies), p95Ms: Percentile.nearestRank(0.95, of: latencies),
            p99Ms: Percentile.nearestRank(0.99, of: latencies), meanMs: latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count),
            modelMs: runs.reduce(0) { $0 + $1.latency.modelMs }, toolMs: runs.reduce(0) { $0 + $1.latency.toolMs },
            routingMs: runs.reduce(0) { $0 + $1.latency.routingMs },
            timeToFirstActionP50Ms: { let values = runs.compactMap(\.latency.timeToFirstActionMs); return values.isEmpty ? nil : Percentile.nearestRank(0.5, of: values) }(),
            latencyByModel: latencyByModel(runs),
            costBreakdownByModel: runs.reduce(into: [:]) { total, run in
                for (model, breakdown) in run.costBreakdown { total[model, default: CostBreakdown()] = total[model, default: CostBreakdown()] + breakdown }
            },
            security: security(runs), confusion: confusion(runs), unnecessaryCalls: runs.reduce(0) { $0 + $1.unnecessaryCalls },
            tokens: tokensByModel.keys.sorted().reduce(.zero) { $0 + tokensByModel[$1]! }, tokensByModel: tokensByModel,
            costUSD: runs.reduce(0) { $0 + $1.costUSD }, costByModel: costByModel, router: RouterSummary.summarize(runs),
            callsByOutcome: outcomes, stopReasons: stops, retrievalChecks: runs.reduce(0) { $0 + $1.retrievalChecks },
            retrievalHits: runs.reduce(0) { $0 + $1.retrievalHits })
    }
}

/// What the router saved: the routed runs' cost against the same scenarios with every task on the strong model.
public struct RouterSummary: Sendable, Hashable {
    /// The share of ``routedRuns`` the router sent to the strong model (0...1); 0 when there are none.
    public var strongShare: Double
    /// The runs whose scenario agent was routed and that did not stop with an error: what `strongShare` is a
    /// share of. A run cut short by an error (on its first model call, when its fixtures are missing) is left out.
    public var routedRuns: Int
    /// The routed cost of the scenarios that have a baseline, in USD (classifier calls included).
    public var routedUSD: Double
    /// The always-strong cost of the same scenarios, in USD.
    public var baselineUSD: Double
    /// `(baseline - routed) / baseline` in percent; negative when routing cost more; 0 without a baseline.
    public var savingsPct: Double
    /// What the classifier calls cost over all runs, in USD (already included in the runs' costs).
    public var classifierUSD: Double
    /// Runs without a baseline (excluded from the savings), by scenario id; runs that stopped with an error are
    /// among them (see ``ScenarioResult/baselineNote``).
    public var withoutBaseline: [String]

    /// The router figures of `results`.
    public static func summarize(_ results: [ScenarioResult]) -> RouterSummary { summarize(results.map(RunFacts.init)) }

    /// The router figures of the runs with facts `runs`.
    public static func summarize(_ runs: [RunFacts]) -> RouterSummary {
        let routed = runs.filter { $0.routedTier != nil && !$0.stoppedWithError }
        let strong = routed.filter { $0.routedTier == RoutingDecision.Tier.strong.rawValue }.count
        var routedUSD = 0.0
        var baselineUSD = 0.0
        var classifierUSD = 0.0
        var without: [String] = []
        for run in runs {
            classifierUSD += run.routingCostUSD
            guard let baseline = run.baselineCostUSD else {
                without.append(run.label)
                continue
            }
            routedUSD += run.costUSD
            baselineUSD += baseline
        }
        return RouterSummary(
            strongShare: routed.isEmpty ? 0 : Double(strong) / Double(routed.count), routedRuns: routed.count, routedUSD: routedUSD, baselineUSD: baselineUSD,
            savingsPct: baselineUSD > 0 ? (baselineUSD - routedUSD) / baselineUSD * 100 : 0, classifierUSD: classifierUSD,
            withoutBaseline: without)
    }
}

/// Percentiles of a sample.
public enum Percentile {
    /// The nearest-rank percentile: the smallest value with at least `p` of the sample at or below it; 0 for an
    /// empty sample.
    public static func nearestRank(_ p: Double, of values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}
