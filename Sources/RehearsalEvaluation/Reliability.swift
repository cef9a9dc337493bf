import RehearsalCore
import RehearsalScenarios

/// How reliably scenarios pass over repeated trials.
///
/// With n trials of a scenario and c of them passing, the unbiased estimators over the available trials are
/// pass@k = 1 - C(n-c, k) / C(n, k) (at least one of k trials drawn without replacement passes) and
/// pass^k = C(c, k) / C(n, k) (all k pass: τ-bench's definition). Suite figures are their mean over scenarios.
public struct Reliability: Sendable, Hashable {
    /// The trials each scenario ran.
    public var trials: Int
    /// pass@1 … pass@trials, suite means.
    public var passAt: [Double]
    /// pass^1 … pass^trials, suite means.
    public var passHat: [Double]
    /// Each scenario's spread over its trials.
    public var scenarios: [Spread]

    /// One scenario's results over its trials.
    public struct Spread: Sendable, Hashable {
        /// The scenario, or the task its attempts share (`trialOf`).
        public var id: String
        /// Trials run.
        public var trials: Int
        /// Trials passed.
        public var passes: Int
        /// Lowest, mean and highest cost over the trials, USD.
        public var costUSD: (min: Double, mean: Double, max: Double)
        /// Lowest, mean and highest end-to-end latency over the trials, ms.
        public var latencyMs: (min: Double, mean: Double, max: Double)

        public static func == (lhs: Spread, rhs: Spread) -> Bool {
            lhs.id == rhs.id && lhs.trials == rhs.trials && lhs.passes == rhs.passes && lhs.costUSD == rhs.costUSD && lhs.latencyMs == rhs.latencyMs
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(id)
            hasher.combine(passes)
        }
    }

    /// The reliability of `results` (every run of every scenario, trials included).
    public static func of(_ results: [ScenarioResult]) -> Reliability { of(results.map(RunFacts.init)) }

    /// The reliability of the runs with facts `runs` (every run of every scenario, trials included).
    public static func of(_ runs: [RunFacts]) -> Reliability {
        var groups: [String: [RunFacts]] = [:]
        var order: [String] = []
        // Runs of one task: a scenario's trials, or the scenarios that are attempts at one task (`trialOf`).
        for run in runs {
            if groups[run.task] == nil { order.append(run.task) }
            groups[run.task, default: []].append(run)
        }
        let spreads = order.map { id -> Spread in
            let runs = groups[id]!
            let costs = runs.map(\.costUSD)
            let latencies = runs.map(\.latencyMs)
            return Spread(
                id: id, trials: runs.count, passes: runs.filter(\.passed).count,
                costUSD: (costs.min() ?? 0, costs.reduce(0, +) / Double(max(1, costs.count)), costs.max() ?? 0),
                latencyMs: (latencies.min() ?? 0, latencies.reduce(0, +) / Double(max(1, latencies.count)), latencies.max() ?? 0))
        }
        let trials = spreads.map(\.trials).min() ?? 0
        func mean(_ estimator: (Int, Int, Int) -> Double, _ k: Int) -> Double {
            spreads.isEmpty ? 0 : spreads.reduce(0) { $0 + estimator($1.trials, $1.passes, k) } / Double(spreads.count)
        }
        return Reliability(
            trials: trials, passAt: trials == 0 ? [] : (1...trials).map { mean(passAtK, $0) },
            passHat: trials == 0 ? [] : (1...trials).map { mean(passHatK, $0) }, scenarios: spreads)
    }

    /// pass@k for one scenario with `n` trials and `c` passes.
    public static func passAtK(n: Int, c: Int, k: Int) -> Double {
        guard k <= n, n > 0 else { return 0 }
        return 1 - binomial(n - c, k) / binomial(n, k)
    }

    /// pass^k for one scenario with `n` trials and `c` passes.
    public static func passHatK(n: Int, c: Int, k: Int) -> Double {
        guard k <= n, n > 0 else { return 0 }
        return binomial(c, k) / binomial(n, k)
    }

    /// C(n, k) as a double; 0 when k > n.
    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var result = 1.0
        for i in 0..<min(k, n - k) { result = result * Double(n - i) / Double(i + 1) }
        return result
    }
}
