public import RehearsalCore
import RehearsalReplay

/// Runs scenarios of a suite through the engine against their recordings, in parallel, in a deterministic order.
public struct ScenarioRunner: Sendable {
    /// The suite.
    public var suite: Suite
    /// The configuration being evaluated.
    public var configuration: RunConfiguration
    /// The prices.
    public var prices: PriceTable
    /// Who is asked when a scenario scripts no approval decision (the terminal, in an interactive CLI).
    public var approvalFallback: (any ApprovalProvider)?
    /// Whether to run the always-strong baseline for router savings.
    public var computesBaseline: Bool

    /// A runner from its parts.
    public init(suite: Suite, configuration: RunConfiguration, prices: PriceTable, approvalFallback: (any ApprovalProvider)? = nil, computesBaseline: Bool = true) {
        self.suite = suite
        self.configuration = configuration
        self.prices = prices
        self.approvalFallback = approvalFallback
        self.computesBaseline = computesBaseline
    }

    /// The trace id of `scenario`'s `trial` under `configuration`.
    public static func traceID(for scenario: Scenario, trial: Int, configuration: RunConfiguration) -> TraceID {
        TraceID.derived(from: [configuration.digest, scenario.id, "trial-\(trial)"])
    }

    /// Runs `scenario` against `fixtures` (and its always-strong baseline).
    public func run(_ scenario: Scenario, fixtures: FixtureSet, trial: Int = 0) async -> ScenarioRun {
        let approvals = ScriptedApprovals(scenario.approvals, fallback: approvalFallback)
        let replay = ReplayModelClient(cassette: fixtures.llm, matcher: configuration.matcher)
        let run = await execute(scenario, fixtures: fixtures, trial: trial, configuration: configuration, modelClient: replay, approvals: approvals)
        var baseline: ScenarioRun.Baseline = .unavailable("not computed")
        if configuration.router == .alwaysStrong {
            baseline = .sameAsRun
        } else if computesBaseline {
            let strong = RunConfiguration(name: "always-strong", router: .alwaysStrong, limits: configuration.limits, matcher: configuration.matcher)
            let baselineRun = await execute(
                scenario, fixtures: fixtures, trial: trial, configuration: strong,
                modelClient: ReplayModelClient(cassette: fixtures.llm, matcher: configuration.matcher), approvals: ScriptedApprovals(scenario.approvals))
            if case .error(let message) = baselineRun.stopReason {
                baseline = .unavailable("the always-strong run failed: \(message)")
            } else {
                baseline = .run(baselineRun)
            }
        }
        return ScenarioRun(
            scenario: scenario, trial: trial, run: run, baseline: baseline, warnings: replay.warnings, unusedApprovals: approvals.unused,
            missingFixtures: fixtures.missingFiles)
    }

    /// Runs every `(scenario, fixtures)` pair `trials` times (trial by trial, each on its own recordings),
    /// `parallelism` at a time; results come back in input order, trials of a scenario together.
    /// - Parameter onFinish: called with each run as soon as it finishes (in finishing order, one call at a time),
    ///   so a caller can store it before the others are done.
    public func runAll(
        _ work: [(Scenario, FixtureSet)], trials: Int, parallelism: Int, onFinish: (@Sendable (ScenarioRun) async -> Void)? = nil
    ) async -> [ScenarioRun] {
        await runAll(work.flatMap { item in (0..<max(1, trials)).map { (item.0, item.1.forTrial($0), $0) } }, parallelism: parallelism, onFinish: onFinish)
    }

    /// A scenario run's place in a run: its scenario and trial.
    public struct RunKey: Sendable, Hashable {
        /// The scenario's id.
        public var scenarioID: String
        /// The trial, from 0.
        public var trial: Int

        /// A key from its parts.
        public init(scenarioID: String, trial: Int) {
            self.scenarioID = scenarioID
            self.trial = trial
        }
    }

    /// Runs every `(scenario, fixtures)` pair, `parallelism` at a time; results come back in input order.
    public func runAll(_ work: [(Scenario, FixtureSet)], parallelism: Int) async -> [ScenarioRun] {
        await runAll(work.map { ($0.0, $0.1, 0) }, parallelism: parallelism)
    }

    /// Runs every `(scenario, fixtures, trial)`, `parallelism` at a time; results come back in input order.
    /// - Parameter onFinish: called with each run as soon as it finishes, one call at a time.
    public func runAll(
        _ work: [(Scenario, FixtureSet, Int)], parallelism: Int, onFinish: (@Sendable (ScenarioRun) async -> Void)? = nil
    ) async -> [ScenarioRun] {
        var results = [ScenarioRun?](repeating: nil, count: work.count)
        await withTaskGroup(of: (Int, ScenarioRun).self) { group in
            var next = 0
            func enqueue() {
                let index = next
                next += 1
                let (scenario, fixtures, trial) = work[index]
                group.addTask { (index, await self.run(scenario, fixtures: fixtures, trial: trial)) }
            }
            while next < min(max(1, parallelism), work.count) { enqueue() }
            while let (index, result) = await group.next() {
                results[index] = result
                await onFinish?(result)
                if next < work.count { enqueue() }
            }
        }
        return results.map { $0! }
    }

    /// Runs `scenario` once under this runner's configuration with the given clients (recording decorators, when
    /// recording), answering approvals from the scenario's script only.
    public func record(_ scenario: Scenario, modelClient: any ModelClient, toolExecutor: any ToolExecutor) async -> AgentRun {
        await execute(scenario, toolExecutor: toolExecutor, trial: 0, configuration: configuration, modelClient: modelClient, approvals: ScriptedApprovals(scenario.approvals))
    }

    private func execute(_ scenario: Scenario, fixtures: FixtureSet, trial: Int, configuration: RunConfiguration, modelClient: any ModelClient, approvals: any ApprovalProvider) async -> AgentRun {
        await execute(scenario, toolExecutor: ReplayToolExecutor(cassette: fixtures.api), trial: trial, configuration: configuration, modelClient: modelClient, approvals: approvals)
    }

    private func execute(_ scenario: Scenario, toolExecutor: any ToolExecutor, trial: Int, configuration: RunConfiguration, modelClient: any ModelClient, approvals: any ApprovalProvider) async -> AgentRun {
        let traceID = ScenarioRunner.traceID(for: scenario, trial: trial, configuration: configuration)
        guard let agent = suite.agent(for: scenario), let tools = try? suite.registry(for: agent) else {
            return AgentRun.failed(traceID: traceID, agentID: scenario.agent, message: "agent \(scenario.agent) is not defined")
        }
        let engine = AgentEngine(
            modelClient: modelClient, toolExecutor: toolExecutor, approvals: approvals,
            router: Router(configuration.router), prices: prices, builtins: suite.builtins)
        let limits = RunLimits.standard.overridden(by: agent.limits).overridden(by: configuration.limits).overridden(by: scenario.limits)
        let task = AgentTask(
            agent: agent, tools: tools, principal: scenario.principal, input: scenario.input, userTurns: scenario.userTurns,
            limits: limits, traceID: traceID, team: suite.team(under: configuration))
        return await engine.run(task)
    }
}

extension AgentRun {
    /// A run that failed before it started.
    static func failed(traceID: TraceID, agentID: String, message: String) -> AgentRun {
        AgentRun(
            traceID: traceID, agentID: agentID, routing: nil, steps: [], answers: [], stopReason: .error(message),
            usageByModel: [:], costByModel: [:], durationMs: 0, spans: [], messages: [])
    }
}
