public import RehearsalCore
public import RehearsalScenarios

/// The verdict and figures of one scenario run: what the reports show.
public struct ScenarioResult: Sendable {
    /// The scenario.
    public var scenario: Scenario
    /// The trial, from 0.
    public var trial: Int
    /// The run.
    public var run: AgentRun
    /// Whether every expectation held.
    public var passed: Bool
    /// Why it failed, most fundamental first; empty when it passed.
    public var failures: [String]
    /// Tool-choice figures.
    public var toolChoice: ToolChoiceScore
    /// The always-strong baseline's cost, when there is one.
    public var baselineCostUSD: Double?
    /// Why there is no baseline, when there is none.
    public var baselineNote: String?
    /// Replay warnings.
    public var warnings: [String]
    /// The scenario's retrieval checks and whether each passage was retrieved.
    public var retrieval: [RetrievalJudge.Outcome]
    /// The trajectory mode that judged the run (the scenario's, or the configuration's default).
    public var trajectoryMode: TrajectoryMode
    /// The argument rules that judged the run.
    public var argumentRules: ArgumentRules
    /// Where the calls first left the expected sequence, whatever the mode; nil when they did not.
    public var divergence: TrajectoryJudge.Divergence?
    /// Indexes of the calls no expectation accounts for.
    public var unnecessaryCalls: [Int]
    /// Required expected calls left unmatched and what was picked in their place (see
    /// ``TrajectoryJudge/mismatches(_:expected:rules:)``).
    public var confusions: [Confusion]
    /// Where the run's virtual time went.
    public var latency: LatencyBreakdown
    /// The run's cost per model, split by kind of token (empty when no price table was given).
    public var costBreakdown: [String: CostBreakdown]
    /// Denials, refused calls, approvals and the never-call list.
    public var security: SecurityFigures

    /// An expected call left unmatched and what the agent did in its place: called the tool with other arguments
    /// (`picked == expected`), picked another tool, or nothing.
    public struct Confusion: Sendable, Hashable {
        /// The tool expected.
        public var expected: String
        /// The tool picked in its place: the expected tool itself for an argument mismatch; nil when the agent
        /// picked none.
        public var picked: String?

        /// A confusion from its parts.
        public init(expected: String, picked: String?) {
            self.expected = expected
            self.picked = picked
        }

        /// Whether the agent called the expected tool, with other arguments: not a confusion of tools.
        public var isArgumentMismatch: Bool { picked == expected }
    }

    /// Whether the run stopped with an error (a replay miss, missing fixtures, an approval nobody gave) before it
    /// could end: such a run is a failure whose later steps never happened, so figures that judge a whole run
    /// leave it out.
    public var stoppedWithError: Bool {
        if case .error = run.stopReason { true } else { false }
    }

    /// The run's cost in USD.
    public var costUSD: Double { run.costUSD }
    /// The run's end-to-end virtual latency in ms.
    public var latencyMs: Double { run.durationMs }
}

/// Scores finished scenario runs: pure functions, no I/O, the same answer every time.
public enum Evaluator {
    /// The verdict on `scenarioRun` in `suite`, judging what the scenario leaves open by `defaults`.
    public static func evaluate(_ scenarioRun: ScenarioRun, in suite: Suite, defaults: EvaluationDefaults = .init(), prices: PriceTable? = nil) -> ScenarioResult {
        let scenario = scenarioRun.scenario
        let run = scenarioRun.run
        let expect = scenario.expect
        let calls = run.toolCalls
        var failures: [String] = []

        for file in scenarioRun.missingFixtures {
            failures.append("no fixtures: \(file) does not exist (record it with `rehearsal record \(scenario.file) --provider script:FILE`)")
        }
        if run.stopReason.code != expect.stopReason {
            switch run.stopReason {
            case .answered: failures.append("the agent answered, but the scenario expects the run to end with \(expect.stopReason)")
            case .limitReached(let limit): failures.append("stopped by limit \(limit) before the agent answered")
            case .error(let message): failures.append("the run stopped with an error: \(message)")
            }
        }
        let writes = Set(suite.tools.tools.filter { $0.sideEffect == .write }.map(\.name))
        let mode = expect.trajectory ?? defaults.trajectory
        let rules = defaults.arguments.overridden(by: expect.arguments)
        failures += TrajectoryJudge.failures(calls, expected: expect.toolCalls, mode: mode, rules: rules, writes: writes)
        for call in calls where expect.neverCall.contains(call.name) {
            let fate: String
            switch call.outcome {
            case .executed: fate = "and it was executed"
            case .failed: fate = "and it was executed (the tool failed)"
            case .denied: fate = "(the gateway denied it)"
            case .rejected: fate = "(the approver rejected it)"
            case .invalid: fate = "(validation refused it)"
            }
            let place = call.agent.isEmpty || call.agent == run.agentID ? "at step \(call.step + 1)" : "(agent \(call.agent), its step \(call.step + 1))"
            failures.append("called forbidden tool \(call.name) \(place) \(fate)")
        }
        failures += AnswerJudge.failures(answers: run.answers, checks: expect.finalAnswer)
        let searchTools = Set(suite.tools.tools.filter { $0.kind == .builtin("search_policy") }.map(\.name))
        let retrieval = RetrievalJudge.outcomes(expect.retrieval, calls: calls, searchTools: searchTools)
        for outcome in retrieval where !outcome.retrieved {
            failures.append("policy passage not retrieved: \(outcome.check.document) containing \"\(outcome.check.contains)\"")
        }
        if let expected = expect.approvalsRequested {
            let requested = calls.filter { $0.approval != nil }.map(\.name)
            if requested.sorted() != expected.sorted() {
                let said = requested.isEmpty ? "none was requested" : "requested for \(requested.joined(separator: ", "))"
                failures.append("approvals: expected \(expected.isEmpty ? "none" : expected.joined(separator: ", ")), \(said)")
            }
        }
        // A scripted decision nobody asked for is worth a look, not a failure: a weaker model may ask for approvals
        // a stronger one never needs. `approvalsRequested` is how a scenario asserts which approvals happen.
        // A run stopped by an error never got to the rest of its approvals: their not being asked for says nothing.
        var warnings = scenarioRun.warnings
        let stoppedWithError = if case .error = run.stopReason { true } else { false }
        for approval in scenarioRun.unusedApprovals where !stoppedWithError {
            warnings.append("scripted approval (\(approval.decision.verb)\(approval.tool.map { " " + $0 } ?? "")) was never requested")
        }

        var baselineNote: String?
        var baselineCostUSD = scenarioRun.baselineCostUSD
        if case .unavailable(let reason) = scenarioRun.baseline { baselineNote = reason }
        if stoppedWithError && baselineCostUSD != nil {
            // What a cut-short run cost does not compare with what a whole run on the strong model costs.
            baselineCostUSD = nil
            baselineNote = "not compared: the run stopped with an error"
        }
        let mismatches = TrajectoryJudge.mismatches(calls, expected: expect.toolCalls, rules: rules)
        return ScenarioResult(
            scenario: scenario, trial: scenarioRun.trial, run: run, passed: failures.isEmpty, failures: failures,
            toolChoice: ToolChoiceScore.score(calls, expected: expect.toolCalls, rules: rules),
            baselineCostUSD: baselineCostUSD, baselineNote: baselineNote, warnings: warnings, retrieval: retrieval,
            trajectoryMode: mode, argumentRules: rules, divergence: TrajectoryJudge.divergence(calls, expected: expect.toolCalls, rules: rules),
            unnecessaryCalls: mismatches.unnecessary, confusions: mismatches.confusions.map { ScenarioResult.Confusion(expected: $0.expected, picked: $0.picked) },
            latency: LatencyBreakdown(run),
            costBreakdown: run.usageByModel.reduce(into: [:]) { breakdown, entry in
                if let price = try? prices?.price(of: entry.key) { breakdown[entry.key] = price.breakdown(of: entry.value) }
            },
            security: SecurityFigures(run, neverCall: expect.neverCall))
    }
}
