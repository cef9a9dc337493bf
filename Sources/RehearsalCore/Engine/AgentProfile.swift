/// A specialized agent: its instructions, the tools it may use, its default models and limits.
///
/// Agents are files (`*.agent.json`, see docs/scenario-format.md); a finance agent and a logistics agent each see
/// only their own tools instead of one agent holding fifty.
public struct AgentProfile: Sendable, Hashable {
    /// The agent's id, e.g. `procurement`.
    public var id: String
    /// What the agent is for.
    public var description: String
    /// The system prompt.
    public var systemPrompt: String
    /// The names of the tools it may call, in the order the model sees them.
    public var toolNames: [String]
    /// Its default cheap and strong models.
    public var models: ModelPair
    /// Its default limits.
    public var limits: RunLimits
    /// Sampling parameters sent with every request.
    public var sampling: SamplingParameters

    /// A profile from its parts.
    public init(
        id: String, description: String = "", systemPrompt: String, toolNames: [String], models: ModelPair,
        limits: RunLimits = .init(), sampling: SamplingParameters = .init()
    ) {
        self.id = id
        self.description = description
        self.systemPrompt = systemPrompt
        self.toolNames = toolNames
        self.models = models
        self.limits = limits
        self.sampling = sampling
    }
}

extension AgentProfile: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["id", "description", "systemPrompt", "tools", "models", "limits", "sampling"])
        guard let models = reader.members["models"], models != .null else {
            throw JSONDecodingError(path: path, message: "missing required key \"models\" ({\"cheap\": …, \"strong\": …})")
        }
        let modelsReader = try JSONObjectReader(models, at: path.appending("models"), keys: ["cheap", "strong"])
        self.init(
            id: try reader.decode("id"), description: try reader.decode("description", default: ""),
            systemPrompt: try reader.decode("systemPrompt"), toolNames: try reader.decode("tools"),
            models: ModelPair(cheap: try modelsReader.decode("cheap"), strong: try modelsReader.decode("strong")),
            limits: try reader.decode("limits", default: RunLimits()), sampling: try reader.decode("sampling", default: SamplingParameters()))
    }
}
