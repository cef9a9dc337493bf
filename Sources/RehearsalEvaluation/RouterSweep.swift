import RehearsalCore

/// The cost and quality of every way to split a suite between a cheap and a strong model: always-cheap,
/// always-strong, a classifier router at each threshold, and cascades; with RouteLLM's summary metrics.
///
/// Each scenario run is routed as a whole: the scenario goes to the strong model when its classifier score is at or
/// above the threshold, and is charged the whole run it would then make (plus the classifier's call), so a routing
/// decision that changes the trajectory costs what that trajectory costs. Quality is the share of runs that pass.
/// PGR (performance gap recovered) of a point is (quality - cheap quality) / (strong quality - cheap quality);
/// APGR is the area under PGR against the strong-call share (or the normalized cost) from 0 to 1, trapezoids
/// between the sweep's points; CPT(x) is the smallest strong-call share (or cost) whose PGR reaches x.
/// (Ong et al., "RouteLLM: Learning to Route LLMs with Preference Data", 2024.)
public struct RouterSweep: Sendable, Hashable {
    /// One run's outcomes on each model and its classifier verdict.
    public struct Input: Sendable, Hashable {
        /// The run (scenario id, with `#trial` after the first).
        public var id: String
        /// Whether the always-cheap run passed, and what it cost.
        public var cheapPassed: Bool
        public var cheapCostUSD: Double
        /// Whether the cheap run shows trouble on its own, without knowing the expectations: it did not end with
        /// an answer, or a call was invalid, denied or failed. What a deployed cascade can check.
        public var cheapRuntimeTrouble: Bool
        /// Whether the always-strong run passed, and what it cost.
        public var strongPassed: Bool
        public var strongCostUSD: Double
        /// The classifier's difficulty score, nil without one (such runs go to the strong model).
        public var score: Double?
        /// What the classifier call cost.
        public var classifierCostUSD: Double

        public init(id: String, cheapPassed: Bool, cheapCostUSD: Double, cheapRuntimeTrouble: Bool, strongPassed: Bool, strongCostUSD: Double, score: Double?, classifierCostUSD: Double) {
            self.id = id
            self.cheapPassed = cheapPassed
            self.cheapCostUSD = cheapCostUSD
            self.cheapRuntimeTrouble = cheapRuntimeTrouble
            self.strongPassed = strongPassed
            self.strongCostUSD = strongCostUSD
            self.score = score
            self.classifierCostUSD = classifierCostUSD
        }
    }

    /// One way to split the suite.
    public struct Point: Sendable, Hashable {
        /// `always-cheap`, `always-strong`, `threshold 0.5`, `cascade (runtime check)`, `cascade (expectations)`.
        public var name: String
        /// The classifier threshold, for threshold points.
        public var threshold: Double?
        /// The share of runs that reach the strong model.
        public var strongShare: Double
        /// The share of runs that pass.
        public var quality: Double
        /// The total cost, USD.
        public var costUSD: Double
        /// Performance gap recovered; nil when cheap and strong perform the same.
        public var pgr: Double?
    }

    /// A run the sweep left out, and why.
    public struct Exclusion: Sendable, Hashable {
        /// The run (scenario id, with `#trial` after the first).
        public var id: String
        /// Which replay could not finish, and its error: `always-cheap: step 2: …`.
        public var reason: String

        /// An exclusion from its parts.
        public init(id: String, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    /// Always-cheap, always-strong, each threshold (ascending) and the two cascades; empty when no run was left
    /// to sweep over.
    public var points: [Point]
    /// How many runs the sweep is over (those not excluded).
    public var runs: Int
    /// Strong quality minus cheap quality.
    public var gap: Double
    /// APGR over the strong-call share, and over the normalized cost; nil without a gap.
    public var apgrCalls: Double?
    public var apgrCost: Double?
    /// CPT(50%) and CPT(80%): the smallest strong-call share reaching that PGR, and the smallest cost (USD).
    public var cpt50Calls: Double?
    public var cpt80Calls: Double?
    public var cpt50USD: Double?
    public var cpt80USD: Double?
    /// The cheapest threshold whose quality is within the tolerance of always-strong's, and what it saves.
    public var best: Point?
    public var bestSavingsPct: Double?
    /// The tolerance used, as a share of runs.
    public var tolerance: Double
    /// Runs left out because a replay for the sweep could not finish (a missing recording, an approval only a
    /// person at the terminal could give), with the reason.
    public var exclusions: [Exclusion] = []
    /// The runs the sweep is over, in order: what `rehearsal merge` reads back to sweep a sharded suite.
    public var inputs: [Input] = []
    /// The labels of the runs left out, in order.
    public var excluded: [String] { exclusions.map(\.id) }
    /// Whether every run was left out, so the sweep has no point at all.
    public var isEmpty: Bool { runs == 0 }

    /// The sweep over `inputs`, choosing the best threshold within `tolerance` (a share of runs) of always-strong.
    public static func compute(_ inputs: [Input], tolerance: Double) -> RouterSweep {
        // Without a run there is no quality to compare: no point, rather than points at 0% that look measured.
        guard !inputs.isEmpty else {
            return RouterSweep(
                points: [], runs: 0, gap: 0, apgrCalls: nil, apgrCost: nil, cpt50Calls: nil, cpt80Calls: nil, cpt50USD: nil, cpt80USD: nil, best: nil,
                bestSavingsPct: nil, tolerance: tolerance)
        }
        let count = Double(max(1, inputs.count))
        func point(_ name: String, threshold: Double?, strong: (Input) -> Bool, classifier: Bool) -> (share: Double, quality: Double, cost: Double) {
            var strongRuns = 0
            var passed = 0
            var cost = 0.0
            for input in inputs {
                let goesStrong = strong(input)
                if goesStrong { strongRuns += 1 }
                passed += (goesStrong ? input.strongPassed : input.cheapPassed) ? 1 : 0
                cost += (goesStrong ? input.strongCostUSD : input.cheapCostUSD) + (classifier ? input.classifierCostUSD : 0)
            }
            return (Double(strongRuns) / count, Double(passed) / count, cost)
        }
        let cheap = point("always-cheap", threshold: nil, strong: { _ in false }, classifier: false)
        let strong = point("always-strong", threshold: nil, strong: { _ in true }, classifier: false)
        let gap = strong.quality - cheap.quality
        func pgr(_ quality: Double) -> Double? { gap == 0 ? nil : (quality - cheap.quality) / gap }

        var points = [
            Point(name: "always-cheap", threshold: nil, strongShare: 0, quality: cheap.quality, costUSD: cheap.cost, pgr: pgr(cheap.quality)),
            Point(name: "always-strong", threshold: nil, strongShare: 1, quality: strong.quality, costUSD: strong.cost, pgr: pgr(strong.quality)),
        ]
        // Every distinct score is a threshold where the routing changes; above the highest, everything goes cheap.
        let scores = Set(inputs.compactMap(\.score)).sorted()
        var thresholds: [Point] = []
        for threshold in scores + [(scores.last ?? 0) + 0.01] where !scores.isEmpty {
            let result = point("threshold", threshold: threshold, strong: { ($0.score ?? 1) >= threshold }, classifier: true)
            thresholds.append(Point(
                name: "threshold \(JSONValue.format(number: threshold))", threshold: threshold, strongShare: result.share, quality: result.quality,
                costUSD: result.cost, pgr: pgr(result.quality)))
        }
        points += thresholds
        for (name, escalate) in [("cascade (runtime check)", { (input: Input) in input.cheapRuntimeTrouble }), ("cascade (expectations)", { (input: Input) in !input.cheapPassed })] {
            // The cheap attempt is always paid for; escalated runs also pay the strong run.
            var strongRuns = 0
            var passed = 0
            var cost = 0.0
            for input in inputs {
                let escalated = escalate(input)
                if escalated { strongRuns += 1 }
                passed += (escalated ? input.strongPassed : input.cheapPassed) ? 1 : 0
                cost += input.cheapCostUSD + (escalated ? input.strongCostUSD : 0)
            }
            let quality = Double(passed) / count
            points.append(Point(name: name, threshold: nil, strongShare: Double(strongRuns) / count, quality: quality, costUSD: cost, pgr: pgr(quality)))
        }

        // Area and cost-to-performance over the router's curve: always-cheap, the thresholds, always-strong.
        let curve = [points[0]] + thresholds + [points[1]]
        let costSpan = strong.cost - cheap.cost
        func area(_ x: (Point) -> Double) -> Double? {
            guard gap != 0 else { return nil }
            let sorted = curve.map { (x($0), $0.pgr ?? 0) }.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            var total = 0.0
            for (a, b) in zip(sorted, sorted.dropFirst()) { total += (b.0 - a.0) * (a.1 + b.1) / 2 }
            return total
        }
        func cpt(_ target: Double, _ x: (Point) -> Double) -> Double? {
            guard gap != 0 else { return nil }
            return curve.filter { ($0.pgr ?? 0) >= target - 1e-12 }.map(x).min()
        }
        let best = ([points[1]] + thresholds).filter { $0.quality >= strong.quality - tolerance - 1e-12 }.min { $0.costUSD < $1.costUSD }
        var sweep = RouterSweep(
            points: points, runs: inputs.count, gap: gap, apgrCalls: area(\.strongShare),
            apgrCost: costSpan > 0 ? area { ($0.costUSD - cheap.cost) / costSpan } : nil,
            cpt50Calls: cpt(0.5, \.strongShare), cpt80Calls: cpt(0.8, \.strongShare), cpt50USD: cpt(0.5, \.costUSD), cpt80USD: cpt(0.8, \.costUSD),
            best: best, bestSavingsPct: best.map { strong.cost > 0 ? (strong.cost - $0.costUSD) / strong.cost * 100 : 0 }, tolerance: tolerance)
        sweep.inputs = inputs
        return sweep
    }
}
