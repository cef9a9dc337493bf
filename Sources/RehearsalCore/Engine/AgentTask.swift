/// One job for the engine: an agent, who it acts for, what they asked, and the conversation script.
public struct AgentTask: Sendable {
    /// The agent profile.
    public var agent: AgentProfile
    /// The agent's tools, resolved from the profile.
    public var tools: ToolRegistry
    /// The user the agent acts for.
    public var principal: Principal
    /// The user's first message.
    public var input: String
    /// Further user messages, injected one each time the agent answers (the customer's replies).
    public var userTurns: [String]
    /// The limits in force.
    public var limits: RunLimits
    /// The run's trace id.
    public var traceID: TraceID

    /// A task from its parts.
    public init(
        agent: AgentProfile, tools: ToolRegistry, principal: Principal, input: String, userTurns: [String] = [],
        limits: RunLimits, traceID: TraceID
    ) {
        self.agent = agent
        self.tools = tools
        self.principal = principal
        self.input = input
        self.userTurns = userTurns
        self.limits = limits
        self.traceID = traceID
    }
}
