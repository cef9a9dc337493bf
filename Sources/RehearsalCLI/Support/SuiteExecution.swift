import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios

/// Runs a loaded suite the way `rehearsal run` does: every scenario and trial, the always-strong baselines, the
/// router sweep, and the verdicts. Commands that run suites (`run`, `compare`) share it, so they agree on figures.
struct SuiteExecution {
    var loaded: LoadedSuite
    var trials: Int = 1
    /// Whether to compute each run's always-strong baseline (router savings).
    var baseline: Bool = true
    /// Whether to run the router sweep (always-cheap, always-strong, classifier thresholds, cascades).
    var sweep: Bool = true
    var parallelism: Int
    var approvalFallback: (any ApprovalProvider)? = nil

    /// What a run produced.
    struct Outcome {
        var results: [ScenarioResult]
        var sweep: RouterSweep?
        var sweepClassifier: String?
    }

    /// Checks, before anything runs, what would otherwise fail midway: a model the sweep needs without a price,
    /// a scenario without recordings for every trial.
    func check() throws {
        if sweep {
            // The sweep replays every scenario on each agent's cheap model and under a classifier: price them now,
            // so a missing price is a usage error, not a silently failed sweep run.
            for configuration in RouterSweepRunner(loaded: loaded, trials: trials, parallelism: 1).configurations {
                for model in loaded.suite.models(for: configuration, baseline: true).sorted() { _ = try loaded.prices.price(of: model) }
            }
        }
        // A trial needs recordings of its own: replaying one trial's recordings K times would fake reliability.
        let short = loaded.suite.scenarios.filter { loaded.fixtures[$0.id]!.trials < trials }
        if !short.isEmpty {
            let names = short.map { "\($0.id) (\(loaded.fixtures[$0.id]!.trials))" }
            throw CommandError("--trials \(trials) needs recordings for \(trials) trials; these scenarios have fewer: \(names.prefix(10).joined(separator: ", "))\(names.count > 10 ? " and \(names.count - 10) more" : "")")
        }
    }

    /// Runs everything; `onFinish` sees each scenario run's verdict as it finishes (before the sweep adds baselines).
    func run(onFinish: (@Sendable (ScenarioResult) -> Void)? = nil) async -> Outcome {
        // With a sweep, its always-strong runs are the baselines: no need to replay them twice.
        let runner = ScenarioRunner(
            suite: loaded.suite, configuration: loaded.configuration, prices: loaded.prices, approvalFallback: approvalFallback,
            computesBaseline: baseline && !sweep)
        let work = loaded.suite.scenarios.map { ($0, loaded.fixtures[$0.id]!) }
        let suite = loaded.suite, defaults = loaded.configuration.evaluation, prices = loaded.prices
        var runs = await runner.runAll(work, trials: trials, parallelism: parallelism) { run in
            onFinish?(Evaluator.evaluate(run, in: suite, defaults: defaults, prices: prices))
        }
        let sweepResult = sweep ? await RouterSweepRunner(loaded: loaded, trials: trials, parallelism: parallelism).sweep() : nil
        if let strongRuns = sweepResult?.strongRuns, baseline {
            for index in runs.indices {
                if loaded.configuration.router == .alwaysStrong {
                    runs[index].baseline = .sameAsRun
                } else if case .error(let message) = strongRuns[index].run.stopReason {
                    runs[index].baseline = .unavailable("the always-strong run failed: \(message)")
                } else {
                    runs[index].baseline = .run(strongRuns[index].run)
                }
            }
        }
        let results = runs.map { Evaluator.evaluate($0, in: suite, defaults: defaults, prices: prices) }
        return Outcome(results: results, sweep: sweepResult?.sweep, sweepClassifier: sweepResult?.classifier)
    }
}
