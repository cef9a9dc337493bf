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
    /// The specialists this agent may hand tasks to (by agent id), with their tools and limits.
    public var team: [String: TeamMember]

    /// A task from its parts.
    public init(
        agent: AgentProfile, tools: ToolRegistry, principal: Principal, input: String, userTurns: [String] = [],
        limits: RunLimits, traceID: TraceID, team: [String: TeamMember] = [:]
    ) {
        self.team = team
        self.agent = agent
        self.tools = tools
        self.principal = principal
        self.input = input
        self.userTurns = userTurns
        self.limits = limits
        self.traceID = traceID
    }
}

/// A specialist agent another agent may hand tasks to.
public struct TeamMember: Sendable {
    /// Its profile.
    public var agent: AgentProfile
    /// Its tools.
    public var tools: ToolRegistry
    /// Its limits.
    public var limits: RunLimits

    /// A member from its parts.
    public init(agent: AgentProfile, tools: ToolRegistry, limits: RunLimits) {
        self.agent = agent
        self.tools = tools
        self.limits = limits
    }
}
