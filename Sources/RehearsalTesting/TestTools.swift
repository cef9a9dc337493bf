public import RehearsalCore

/// Small builders for tests.
public enum TestTools {
    /// A tool with an object schema of `properties` (all required, no extra keys).
    public static func tool(
        _ name: String, properties: [String: JSONValue] = [:], scopes: [String] = [], sideEffect: SideEffect = .read,
        requiresApproval: Bool = false
    ) -> ToolDefinition {
        let schema: JSONValue = [
            "type": "object", "properties": .object(properties), "required": .array(properties.keys.sorted().map(JSONValue.string)),
            "additionalProperties": false,
        ]
        return try! ToolDefinition(
            name: name, description: "Test tool \(name).", parameters: schema, requiredScopes: scopes, sideEffect: sideEffect,
            requiresApproval: requiresApproval)
    }

    /// A price table with a cheap and a strong test model (1/2 and 10/40 USD per million input/output tokens).
    public static let prices = PriceTable(source: "test", date: "2026-01-01", models: [
        "cheap": ModelPrice(input: 1, cachedInput: 0.5, output: 2),
        "strong": ModelPrice(input: 10, cachedInput: 5, output: 40),
    ])

    /// An agent profile using `tools`, with models `cheap` and `strong`.
    public static func agent(_ id: String = "agent", tools: [String], prompt: String = "You are a test agent.") -> AgentProfile {
        AgentProfile(id: id, systemPrompt: prompt, toolNames: tools, models: ModelPair(cheap: "cheap", strong: "strong"))
    }

    /// A task for `agent` with `registry`, acting for a principal holding `scopes`.
    public static func task(
        agent: AgentProfile, registry: ToolRegistry, scopes: [String] = [], input: String = "Do the thing.", userTurns: [String] = [],
        limits: RunLimits = .standard
    ) -> AgentTask {
        AgentTask(
            agent: agent, tools: registry, principal: Principal(userID: "u-test", scopes: scopes), input: input, userTurns: userTurns,
            limits: limits, traceID: TraceID.derived(from: ["test", agent.id, input]))
    }
}
