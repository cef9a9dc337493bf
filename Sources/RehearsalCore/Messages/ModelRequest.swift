/// What the engine asks a model: the conversation so far, the tools in play and the sampling parameters.
public struct ModelRequest: Sendable, Hashable {
    /// Why the engine makes this call; not sent to the provider.
    public enum Purpose: Sendable, Hashable {
        /// A turn of the agent's own reasoning loop.
        case agent
        /// The router's classifier deciding which model takes the task.
        case routing
    }

    /// The model to ask, e.g. `gpt-4o-mini`.
    public var model: String
    /// The conversation so far, starting with the system prompt.
    public var messages: [ChatMessage]
    /// The tools the model may call.
    public var tools: [ToolDefinition]
    /// Sampling parameters sent with the request.
    public var sampling: SamplingParameters
    /// Why the engine asks.
    public var purpose: Purpose
    /// The agent asking, when it is an agent's turn (not sent to the provider, not part of the request key).
    public var agent: String?

    /// A request from its parts.
    public init(
        model: String, messages: [ChatMessage], tools: [ToolDefinition], sampling: SamplingParameters = .init(),
        purpose: Purpose = .agent, agent: String? = nil
    ) {
        self.agent = agent
        self.model = model
        self.messages = messages
        self.tools = tools
        self.sampling = sampling
        self.purpose = purpose
    }
}

/// Sampling parameters; nil means "not sent", leaving the provider's default.
public struct SamplingParameters: Sendable, Hashable {
    /// Sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling mass.
    public var topP: Double?
    /// The cap on output tokens for one response.
    public var maxOutputTokens: Int?
    /// A provider seed for best-effort determinism.
    public var seed: Int?
    /// Whether the model may propose several tool calls in one turn.
    public var parallelToolCalls: Bool?

    /// Parameters from their parts.
    public init(
        temperature: Double? = nil, topP: Double? = nil, maxOutputTokens: Int? = nil, seed: Int? = nil,
        parallelToolCalls: Bool? = nil
    ) {
        self.temperature = temperature
        self.topP = topP
        self.maxOutputTokens = maxOutputTokens
        self.seed = seed
        self.parallelToolCalls = parallelToolCalls
    }
}

extension SamplingParameters: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(
            json, at: path, keys: ["temperature", "topP", "maxOutputTokens", "seed", "parallelToolCalls"])
        temperature = try reader.decodeIfPresent("temperature")
        topP = try reader.decodeIfPresent("topP")
        maxOutputTokens = try reader.decodeIfPresent("maxOutputTokens")
        seed = try reader.decodeIfPresent("seed")
        parallelToolCalls = try reader.decodeIfPresent("parallelToolCalls")
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members["temperature"] = temperature.map(JSONValue.number)
        members["topP"] = topP.map(JSONValue.number)
        members["maxOutputTokens"] = maxOutputTokens.map(\.json)
        members["seed"] = seed.map(\.json)
        members["parallelToolCalls"] = parallelToolCalls.map(JSONValue.bool)
        return .object(members)
    }
}
