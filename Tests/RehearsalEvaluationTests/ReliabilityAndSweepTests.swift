import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios
import Testing

struct ReliabilityTests {
    @Test(arguments: [
        // n, c, k, pass@k, pass^k
        (4, 2, 1, 0.5, 0.5),
        (4, 2, 2, 5.0 / 6.0, 1.0 / 6.0),   // pass^2 = C(2,2)/C(4,2); pass@2 = 1 - C(2,2)/C(4,2)
        (4, 4, 4, 1.0, 1.0),
        (4, 0, 3, 0.0, 0.0),
        (4, 3, 4, 1.0, 0.0),
        (1, 1, 1, 1.0, 1.0),                // a single trial
        (1, 0, 1, 0.0, 0.0),
    ])
    func estimatesPassAtKAndPassHatK(n: Int, c: Int, k: Int, passAt: Double, passHat: Double) {
        #expect(abs(Reliability.passAtK(n: n, c: c, k: k) - passAt) < 1e-12)
        #expect(abs(Reliability.passHatK(n: n, c: c, k: k) - passHat) < 1e-12)
    }

    @Test func averagesOverScenariosAndReportsEachSpread() {
        func result(_ id: String, trial: Int, passed: Bool, cost: Double) -> ScenarioResult {
            var result = Evaluator.evaluate(ScenarioRun(scenario: Build.scenario(id), trial: trial, run: Build.run(cost: cost, durationMs: 100 * Double(trial + 1)), baseline: .sameAsRun), in: Build.suite)
            result.passed = passed
            return result
        }
        let results = [
            result("a.one", trial: 0, passed: true, cost: 0.01), result("a.one", trial: 1, passed: true, cost: 0.03),
            result("a.two", trial: 0, passed: true, cost: 0.02), result("a.two", trial: 1, passed: false, cost: 0.02),
        ]
        let reliability = Reliability.of(results)
        #expect(reliability.trials == 2)
        #expect(reliability.passHat == [0.75, 0.5])
        #expect(reliability.passAt == [0.75, 1.0])
        let first = reliability.scenarios[0]
        #expect(first.id == "a.one" && first.passes == 2 && first.trials == 2)
        #expect(first.costUSD.min == 0.01 && first.costUSD.max == 0.03 && abs(first.costUSD.mean - 0.02) < 1e-12)
        #expect(first.latencyMs.min == 100 && first.latencyMs.max == 200)
    }

    @Test func groupsScenariosThatAttemptOneTaskLikeTrials() {
        // Each attempt a scenario of its own (trial 0 each), naming its task with trialOf: the same figures as
        // two scenarios run twice each.
        func attempt(_ id: String, of task: String, passed: Bool) -> ScenarioResult {
            var scenario = Build.scenario(id)
            scenario.trialOf = task
            var result = Evaluator.evaluate(ScenarioRun(scenario: scenario, trial: 0, run: Build.run(cost: 0.01), baseline: .sameAsRun), in: Build.suite)
            result.passed = passed
            return result
        }
        let reliability = Reliability.of([
            attempt("t.task-1.trial-0", of: "t.task-1", passed: true), attempt("t.task-1.trial-1", of: "t.task-1", passed: true),
            attempt("t.task-2.trial-0", of: "t.task-2", passed: true), attempt("t.task-2.trial-1", of: "t.task-2", passed: false),
        ])
        #expect(reliability.trials == 2)
        #expect(reliability.passHat == [0.75, 0.5])
        #expect(reliability.scenarios.map(\.id) == ["t.task-1", "t.task-2"])
    }
}

struct RouterSweepTests {
    // Four scenarios; cheap runs cost 1, strong runs 10, each classifier call 0.5.
    let inputs = [
        RouterSweep.Input(id: "A", cheapPassed: true, cheapCostUSD: 1, cheapRuntimeTrouble: false, strongPassed: true, strongCostUSD: 10, score: 0.1, classifierCostUSD: 0.5),
        RouterSweep.Input(id: "B", cheapPassed: false, cheapCostUSD: 1, cheapRuntimeTrouble: true, strongPassed: true, strongCostUSD: 10, score: 0.9, classifierCostUSD: 0.5),
        RouterSweep.Input(id: "C", cheapPassed: false, cheapCostUSD: 1, cheapRuntimeTrouble: false, strongPassed: true, strongCostUSD: 10, score: 0.6, classifierCostUSD: 0.5),
        RouterSweep.Input(id: "D", cheapPassed: true, cheapCostUSD: 1, cheapRuntimeTrouble: false, strongPassed: true, strongCostUSD: 10, score: 0.4, classifierCostUSD: 0.5),
    ]

    @Test func placesEveryThresholdOnTheCostQualityPlane() throws {
        let sweep = RouterSweep.compute(inputs, tolerance: 0)
        #expect(sweep.gap == 0.5)
        let byName = Dictionary(uniqueKeysWithValues: sweep.points.map { ($0.name, $0) })
        let cheap = try #require(byName["always-cheap"])
        #expect(cheap.quality == 0.5 && cheap.costUSD == 4 && cheap.pgr == 0)
        #expect(byName["always-strong"]?.costUSD == 40 && byName["always-strong"]?.pgr == 1)
        // At 0.9 only B goes strong: A, B, D pass; 3 cheap runs + 1 strong + 4 classifier calls.
        let t09 = try #require(byName["threshold 0.9"])
        #expect(t09.strongShare == 0.25 && t09.quality == 0.75 && t09.costUSD == 15 && t09.pgr == 0.5)
        let t06 = try #require(byName["threshold 0.6"])
        #expect(t06.strongShare == 0.5 && t06.quality == 1 && t06.costUSD == 24)
        #expect(byName["threshold 0.1"]?.costUSD == 42, "everything strong plus the classifier costs more than always-strong")
        #expect(byName["threshold 0.91"]?.strongShare == 0)
    }

    @Test func computesRouteLLMMetricsOverTheCurve() {
        let sweep = RouterSweep.compute(inputs, tolerance: 0)
        // (share, PGR): (0,0) (0,0) (.25,.5) (.5,1) (.75,1) (1,1): trapezoids .0625 + .1875 + .25 + .25 = .75.
        #expect(abs((sweep.apgrCalls ?? 0) - 0.75) < 1e-12)
        // Normalized cost (cost - 4) / 36: the same shape, with the 42 point past 1.
        #expect(abs((sweep.apgrCost ?? 0) - 0.75) < 1e-12)
        #expect(sweep.cpt50Calls == 0.25 && sweep.cpt80Calls == 0.5)
        #expect(sweep.cpt50USD == 15 && sweep.cpt80USD == 24)
    }

    @Test func picksTheCheapestThresholdWithinTheTolerance() {
        let strict = RouterSweep.compute(inputs, tolerance: 0)
        #expect(strict.best?.name == "threshold 0.6")
        #expect(strict.bestSavingsPct == 40)
        let loose = RouterSweep.compute(inputs, tolerance: 0.25)
        #expect(loose.best?.name == "threshold 0.9")
        #expect(loose.bestSavingsPct == 62.5)
    }

    @Test func chargesCascadesForTheDiscardedCheapAttempt() throws {
        let points = Dictionary(uniqueKeysWithValues: RouterSweep.compute(inputs, tolerance: 0).points.map { ($0.name, $0) })
        let runtime = try #require(points["cascade (runtime check)"])
        #expect(runtime.costUSD == 14 && runtime.quality == 0.75 && runtime.strongShare == 0.25)
        let oracle = try #require(points["cascade (expectations)"])
        #expect(oracle.costUSD == 24 && oracle.quality == 1 && oracle.strongShare == 0.5)
    }

    @Test func saysNothingAboutGapsWhenThereIsNone() {
        let same = inputs.map { input -> RouterSweep.Input in
            var input = input
            input.cheapPassed = true
            return input
        }
        let sweep = RouterSweep.compute(same, tolerance: 0)
        #expect(sweep.gap == 0)
        #expect(sweep.apgrCalls == nil && sweep.cpt50Calls == nil && sweep.points.allSatisfy { $0.pgr == nil })
        #expect(sweep.best?.name == "threshold 0.91", "the cheapest threshold already has the strong quality")
    }

    @Test func hasNoPointWhenEveryRunIsExcluded() {
        let sweep = RouterSweep.compute([], tolerance: 0.02)
        #expect(sweep.isEmpty && sweep.runs == 0)
        #expect(sweep.points.isEmpty, "no always-strong at 0% that looks measured")
        #expect(sweep.best == nil && sweep.bestSavingsPct == nil && sweep.apgrCalls == nil && sweep.cpt80Calls == nil)
        #expect(!RouterSweep.compute(inputs, tolerance: 0).isEmpty)
        #expect(RouterSweep.compute(inputs, tolerance: 0).runs == 4)
    }
}
