/// A tool call whose arguments parsed as JSON and satisfied the tool's schema.
///
/// Only ``CallValidator`` makes these (the initializer is internal to this module), so holding one proves the
/// call passed validation.
public struct ValidatedCall: Sendable {
    /// The provider's call id.
    public let callID: String
    /// The tool being called.
    public let tool: ToolDefinition
    /// The parsed, schema-valid arguments.
    public let arguments: JSONValue

    init(callID: String, tool: ToolDefinition, arguments: JSONValue) {
        self.callID = callID
        self.tool = tool
        self.arguments = arguments
    }
}

/// A validated call that the gateway allowed for a principal: the only thing a ``ToolExecutor`` accepts.
///
/// Only ``Gateway`` makes these, so there is no path from model output to execution that skips validation and
/// authorization.
public struct AuthorizedCall: Sendable {
    /// The provider's call id.
    public let callID: String
    /// The tool being called.
    public let tool: ToolDefinition
    /// The arguments, validated (and, after an approver's edit, validated again).
    public let arguments: JSONValue
    /// Who the call is made for.
    public let principal: Principal

    init(_ call: ValidatedCall, principal: Principal) {
        self.callID = call.callID
        self.tool = call.tool
        self.arguments = call.arguments
        self.principal = principal
    }
}
