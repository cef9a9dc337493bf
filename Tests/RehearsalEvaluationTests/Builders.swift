import RehearsalCore
import RehearsalScenarios

/// Builders for finished runs, so metrics can be tested on hand-made examples.
enum Build {
    static let span = SpanID(hex: "00f067aa0ba902b7")!

    static func call(_ name: String, _ arguments: JSONValue? = [:], outcome: ToolCallRecord.Outcome = .executed, sideEffect: SideEffect = .read, step: Int = 0) -> ToolCallRecord {
        ToolCallRecord(
            step: step, callID: "c-\(name)", name: name, rawArguments: arguments?.serialized() ?? "{oops", arguments: arguments, outcome: outcome,
            sideEffect: sideEffect, observation: "ok", startMs: 0, latencyMs: 0, spanID: span)
    }

    static func expected(_ name: String, _ arguments: JSONValue? = nil) -> ExpectedCall { ExpectedCall(name: name, arguments: arguments) }

    static func run(
        calls: [ToolCallRecord] = [], answer: String? = "done", stop: StopReason = .answered, model: String = "cheap", tier: RoutingDecision.Tier = .cheap,
        cost: Double = 0.01, durationMs: Double = 1000, usage: TokenUsage = TokenUsage(input: 100, output: 10), routingCost: Double = 0
    ) -> AgentRun {
        let step = AgentStep(
            index: 0, model: model, thought: nil, answer: answer, toolCalls: calls, finishReason: "stop", usage: usage, costUSD: cost, startMs: 0,
            modelLatencyMs: durationMs, toolLatencyMs: 0)
        return AgentRun(
            traceID: TraceID.derived(from: [model, "\(cost)", "\(durationMs)"]), agentID: "agent",
            routing: RoutingDecision(model: model, tier: tier, reason: "test"), steps: [step], answers: answer.map { [$0] } ?? [], stopReason: stop,
            usageByModel: [model: usage], costByModel: [model: cost], routingCostUSD: routingCost, durationMs: durationMs, spans: [], messages: [])
    }

    static func scenario(_ id: String = "fam.one", expect: Expectations = Expectations(), approvals: [ScriptedApproval] = []) -> Scenario {
        var scenario = try! Scenario(json: ["id": .string(id), "agent": "agent", "principal": ["userId": "u"], "input": "go"], at: .root)
        scenario.expect = expect
        scenario.approvals = approvals
        scenario.file = "scenarios/\(id).scenario.json"
        return scenario
    }

    static let suite = Suite(
        name: "test", root: ".", scenarios: [], agents: [:],
        tools: try! ToolRegistry([
            try! ToolDefinition(name: "read_it", description: "", parameters: ["type": "object"], sideEffect: .read),
            try! ToolDefinition(name: "write_it", description: "", parameters: ["type": "object"], sideEffect: .write),
            try! ToolDefinition(name: "pay", description: "", parameters: ["type": "object"], sideEffect: .write),
            try! ToolDefinition(name: "search_policy", description: "", parameters: ["type": "object"], sideEffect: .read, kind: .builtin("search_policy")),
        ]),
        configurations: [], defaultConfiguration: .standard, prices: nil, fixturesRoot: "fixtures")
}
