public import RehearsalCore
public import RehearsalEvaluation
public import RehearsalScenarios

/// One scenario run of a ``SuiteOutcome``: its verdict, why it failed, what it cost and took, the calls the agent
/// made and where they first left the expected ones.
///
/// ``evaluation`` holds everything else the evaluator found (tool-choice scores, retrieval checks, security
/// figures, the whole ``AgentRun`` with its steps and trace).
public struct ScenarioOutcome: Sendable, CustomStringConvertible {
    /// The evaluator's full verdict on the run.
    public var evaluation: ScenarioResult
    /// Whether the outcome names its trial (the suite ran more than one).
    var showsTrial: Bool

    /// An outcome from the evaluator's verdict; `showsTrial` adds the trial to its label (when several ran).
    public init(_ evaluation: ScenarioResult, showsTrial: Bool = false) {
        self.evaluation = evaluation
        self.showsTrial = showsTrial
    }

    /// The scenario's id.
    public var id: String { evaluation.scenario.id }
    /// The scenario.
    public var scenario: Scenario { evaluation.scenario }
    /// The trial, from 0.
    public var trial: Int { evaluation.trial }
    /// Whether every expectation held.
    public var passed: Bool { evaluation.passed }
    /// Why it failed, most fundamental first; empty when it passed.
    public var failures: [String] { evaluation.failures }
    /// The first, most fundamental, reason it failed; nil when it passed.
    public var firstFailure: String? { evaluation.failures.first }
    /// The model the router chose for the scenario's agent; nil when the run failed before routing.
    public var model: String? { evaluation.run.model }
    /// The run's cost in USD.
    public var costUSD: Double { evaluation.costUSD }
    /// The run's end-to-end virtual latency in ms.
    public var latencyMs: Double { evaluation.latencyMs }
    /// Every tool call the agent proposed, in order, with what became of it (specialists' calls right after the
    /// handoff that made them).
    public var toolCalls: [ToolCallRecord] { evaluation.run.toolCalls }
    /// Where the calls first left the expected sequence (the call's index from 0, the call expected there and the
    /// call made); nil when they followed it.
    public var divergence: TrajectoryJudge.Divergence? { evaluation.divergence }

    /// The scenario's id, with the trial (from 1) when the suite ran several: `shipping.late-parcel (trial 2)`.
    public var label: String { showsTrial ? "\(id) (trial \(trial + 1))" : id }

    /// One line for a pass; for a failure, the first reason, the first divergent call and any further reasons:
    ///
    /// ```
    /// procurement.over-budget failed on gpt-4o-mini: missing expected call get_budget {"department":"IT",…}
    ///     trajectory diverges at call 1: expected get_budget {…}, the agent called list_certified_vendors {…}
    ///     also: final answer does not mention "57"
    /// ```
    ///
    /// The divergent call is counted from 1 over every call of the run, specialists' included (see
    /// ``TrajectoryJudge/Divergence``); further reasons stop after three.
    public var description: String {
        let on = model.map { " on \($0)" } ?? ""
        guard let first = firstFailure else {
            let figures = "\(toolCalls.count) calls, \(OutcomeFormat.usd(costUSD)), \(OutcomeFormat.seconds(latencyMs))"
            return "\(label) passed\(on): \(figures)"
        }
        var lines = ["\(label) failed\(on): \(first)"]
        let shownDivergence = divergence?.description
        if let shownDivergence, shownDivergence != first { lines.append("    " + shownDivergence) }
        let rest = failures.dropFirst().filter { $0 != shownDivergence }
        for failure in rest.prefix(3) { lines.append("    also: " + failure) }
        if rest.count > 3 { lines.append("    … and \(rest.count - 3) more (see `failures`)") }
        return lines.joined(separator: "\n")
    }
}
