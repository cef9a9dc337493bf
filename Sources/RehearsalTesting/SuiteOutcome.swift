public import RehearsalEvaluation
public import RehearsalScenarios

/// What a run of a ``RehearsalSuite`` produced: every scenario run's verdict and the suite's figures, with a
/// description that names each failure and where its calls first went wrong.
///
/// ```swift
/// let outcome = try await suite.run()
/// #expect(outcome.failures.isEmpty, "\(outcome)")
/// #expect(outcome.passRate >= 0.95)
/// #expect(outcome.costUSD < 0.5)
/// ```
///
/// The figures are ``SuiteSummary``'s, the ones `rehearsal run` reports for the same runs.
public struct SuiteOutcome: Sendable, CustomStringConvertible {
    /// The suite's name.
    public var suiteName: String
    /// The configuration the runs used.
    public var configuration: RunConfiguration
    /// Trials run per scenario.
    public var trials: Int
    /// Every scenario run, in scenario order, trials of a scenario together.
    public var results: [ScenarioOutcome]
    /// The suite's figures over ``results``.
    public var summary: SuiteSummary

    /// The outcome of the evaluated runs `results` of suite `suiteName` under `configuration`.
    public init(suiteName: String, configuration: RunConfiguration, trials: Int, results: [ScenarioResult]) {
        self.suiteName = suiteName
        self.configuration = configuration
        self.trials = trials
        self.results = results.map { ScenarioOutcome($0, showsTrial: trials > 1) }
        self.summary = SuiteSummary.summarize(results)
    }

    /// The scenario runs that failed, in order.
    public var failures: [ScenarioOutcome] { results.filter { !$0.passed } }
    /// Scenario runs that passed.
    public var passed: Int { summary.passed }
    /// Scenario runs that failed.
    public var failed: Int { summary.failed }
    /// The share of scenario runs that passed (0...1); 0 when nothing ran.
    public var passRate: Double { results.isEmpty ? 0 : Double(summary.passed) / Double(results.count) }
    /// Tool-choice F1 over all runs (micro-averaged precision and recall of tool names).
    public var f1: Double { summary.f1 }
    /// The runs' total cost in USD.
    public var costUSD: Double { summary.costUSD }
    /// The 95th percentile end-to-end virtual latency in ms, over the runs that did not stop with an error.
    public var p95LatencyMs: Double { summary.p95Ms }
    /// What the router saved against every task on the strong model, in percent; nil when no run had an
    /// always-strong baseline (the suite ran with `baseline: false`, or every run stopped with an error).
    public var routerSavingsPct: Double? { summary.router.baselineUSD > 0 ? summary.router.savingsPct : nil }

    /// The run of scenario `id` in trial `trial` (from 0); nil when it did not run.
    public func result(for id: String, trial: Int = 0) -> ScenarioOutcome? {
        results.first { $0.id == id && $0.trial == trial }
    }

    /// Every failed run, each with its first reason, its first divergent call and any further reasons, one block
    /// per run; empty when every run passed.
    public var failureReport: String { failures.map(\.description).joined(separator: "\n") }

    /// The headline figures, then ``failureReport``:
    ///
    /// ```
    /// suite built-in, configuration always-cheap: 35 runs, 15 passed, 20 failed (42.9%); tool-choice F1 0.88, …
    /// procurement.over-budget failed on gpt-4o-mini: …
    /// ```
    public var description: String {
        var headline = "suite \(suiteName), configuration \(configuration.name): \(results.count) run"
        if results.count != 1 { headline += "s" }
        if trials > 1 { headline += " (\(trials) trials)" }
        headline += ", \(passed) passed, \(failed) failed (\(OutcomeFormat.percent(passRate)))"
        headline += "; tool-choice F1 \(OutcomeFormat.figure(f1)), cost \(OutcomeFormat.usd(costUSD))"
        headline += ", p95 latency \(OutcomeFormat.seconds(p95LatencyMs))"
        if let routerSavingsPct { headline += ", router savings \(OutcomeFormat.percent(routerSavingsPct / 100))" }
        return failures.isEmpty ? headline : headline + "\n" + failureReport
    }
}
