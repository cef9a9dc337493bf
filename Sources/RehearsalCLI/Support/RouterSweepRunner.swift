import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios

/// Runs what a router sweep needs: every scenario (and trial) on the cheap model, on the strong model, and under
/// a classifier configuration for its scores; then computes the sweep.
struct RouterSweepRunner {
    var loaded: LoadedSuite
    var trials: Int
    var parallelism: Int

    /// The configurations the sweep replays: always-cheap, always-strong and the classifier's.
    var configurations: [RunConfiguration] {
        [RunConfiguration(name: "always-cheap", router: .fixed(.tier(.cheap))), RunConfiguration(name: "always-strong", router: .alwaysStrong)]
            + (classifier.map { [$0] } ?? [])
    }

    /// The classifier configuration whose scores the sweep uses: the run's own, else the suite's first.
    var classifier: RunConfiguration? {
        if case .classifier = loaded.configuration.router { return loaded.configuration }
        return loaded.suite.configurations.first { if case .classifier = $0.router { true } else { false } }
    }

    /// The sweep, the classifier configuration it used, and the always-strong runs (the main run's baselines).
    func sweep() async -> (sweep: RouterSweep, classifier: String?, strongRuns: [ScenarioRun]) {
        let suite = loaded.suite
        let work = suite.scenarios.map { ($0, loaded.fixtures[$0.id]!) }
        func runs(_ router: RouterConfiguration, name: String) async -> [ScenarioRun] {
            var configuration = loaded.configuration
            configuration.name = name
            configuration.router = router
            let runner = ScenarioRunner(suite: suite, configuration: configuration, prices: loaded.prices, computesBaseline: false)
            return await runner.runAll(work, trials: trials, parallelism: parallelism)
        }
        func evaluate(_ runs: [ScenarioRun]) -> [ScenarioResult] {
            runs.map { Evaluator.evaluate($0, in: suite, defaults: loaded.configuration.evaluation, prices: loaded.prices) }
        }
        let cheap = evaluate(await runs(.fixed(.tier(.cheap)), name: "always-cheap"))
        let strongRuns = await runs(.alwaysStrong, name: "always-strong")
        let strong = evaluate(strongRuns)
        var scored: [ScenarioResult] = []
        if let classifier { scored = evaluate(await runs(classifier.router, name: classifier.name)) }
        // A run that could not finish (a missing recording) says nothing about its model's quality: leave its
        // scenario out of the sweep and say so.
        var exclusions: [RouterSweep.Exclusion] = []
        let inputs = cheap.indices.compactMap { index -> RouterSweep.Input? in
            let label = cheap[index].trial == 0 ? cheap[index].scenario.id : "\(cheap[index].scenario.id)#\(cheap[index].trial)"
            let replays = [("always-cheap", cheap[index]), ("always-strong", strong[index])] + (index < scored.count ? [(classifier?.name ?? "classifier", scored[index])] : [])
            if let failed = replays.first(where: { $0.1.stoppedWithError }) {
                exclusions.append(RouterSweep.Exclusion(id: label, reason: "\(failed.0): \(failed.1.run.stopReason.explanation)"))
                return nil
            }
            let cheapRun = cheap[index]
            let troubled = cheapRun.run.stopReason != .answered || cheapRun.run.toolCalls.contains { [.invalid, .denied, .failed].contains($0.outcome) }
            let routed = index < scored.count ? scored[index].run : nil
            return RouterSweep.Input(
                id: cheapRun.trial == 0 ? cheapRun.scenario.id : "\(cheapRun.scenario.id)#\(cheapRun.trial)", cheapPassed: cheapRun.passed,
                cheapCostUSD: cheapRun.costUSD, cheapRuntimeTrouble: troubled, strongPassed: strong[index].passed, strongCostUSD: strong[index].costUSD,
                score: routed?.routing?.score, classifierCostUSD: routed?.routingCostUSD ?? 0)
        }
        var sweep = RouterSweep.compute(inputs, tolerance: loaded.configuration.evaluation.qualityTolerance)
        sweep.exclusions = exclusions
        return (sweep, classifier?.name, strongRuns)
    }
}
