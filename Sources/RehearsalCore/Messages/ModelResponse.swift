/// What a model answered: the assistant message, why it stopped, tokens and how long it took.
public struct ModelResponse: Sendable, Hashable {
    /// The assistant message: its text is the thought (or the answer), its tool calls the proposed actions.
    public var message: ChatMessage
    /// The provider's finish reason (`stop`, `tool_calls`, `length`, `content_filter`).
    public var finishReason: String
    /// Token usage, normalised (see ``TokenUsage``).
    public var usage: TokenUsage
    /// How long the call took, in milliseconds; in replay, the recorded latency, which drives the virtual clock.
    public var latencyMs: Double
    /// The model that answered, as the provider named it.
    public var model: String
    /// The response exactly as the provider sent it, when known: what a recording stores.
    public var wire: WirePayload?

    /// A response from its parts.
    public init(
        message: ChatMessage, finishReason: String, usage: TokenUsage, latencyMs: Double, model: String,
        wire: WirePayload? = nil
    ) {
        self.message = message
        self.finishReason = finishReason
        self.usage = usage
        self.latencyMs = latencyMs
        self.model = model
        self.wire = wire
    }
}

/// A provider's message body as it crossed the wire, tagged with its format (e.g. `openai.chat.completions`).
public struct WirePayload: Sendable, Hashable {
    /// The wire format's name.
    public var format: String
    /// The body.
    public var body: JSONValue

    /// A payload from its parts.
    public init(format: String, body: JSONValue) {
        self.format = format
        self.body = body
    }
}
