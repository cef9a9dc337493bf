/// A tool call as the model proposed it: arguments are the raw text the model wrote, which may not even be JSON.
public struct ToolCall: Sendable, Hashable {
    /// The provider's id for the call (volatile: left out of request keys).
    public var id: String
    /// The tool the model asked for.
    public var name: String
    /// The arguments exactly as the model wrote them (OpenAI sends a JSON string).
    public var arguments: String

    /// A call from its parts.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
