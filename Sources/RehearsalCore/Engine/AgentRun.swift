/// Everything one run of an agent did: the route, each step, each tool call, tokens, cost, time and the trace.
///
/// A finished run is the input of every metric; it holds no references to the engine that made it.
public struct AgentRun: Sendable {
    /// The run's trace id.
    public var traceID: TraceID
    /// The agent that ran.
    public var agentID: String
    /// The router's decision; nil when the run failed before routing finished.
    public var routing: RoutingDecision?
    /// Each model call of the loop, in order.
    public var steps: [AgentStep]
    /// Every answer the agent gave without calling a tool (one per user turn it answered).
    public var answers: [String]
    /// Why the run ended.
    public var stopReason: StopReason
    /// Tokens by model, the classifier's included.
    public var usageByModel: [String: TokenUsage]
    /// Cost in USD by model, the classifier's included.
    public var costByModel: [String: Double]
    /// The router's own cost in USD (its classifier call), included in ``costByModel``.
    public var routingCostUSD: Double
    /// The run's length on the virtual clock, in ms.
    public var durationMs: Double
    /// The spans, root first.
    public var spans: [Span]
    /// The whole conversation as the model last saw it, plus the final answer.
    public var messages: [ChatMessage]

    /// A run from its parts (the engine makes these; importers and tests may too).
    public init(
        traceID: TraceID, agentID: String, routing: RoutingDecision?, steps: [AgentStep], answers: [String],
        stopReason: StopReason, usageByModel: [String: TokenUsage], costByModel: [String: Double], routingCostUSD: Double = 0,
        durationMs: Double, spans: [Span], messages: [ChatMessage]
    ) {
        self.traceID = traceID
        self.agentID = agentID
        self.routing = routing
        self.steps = steps
        self.answers = answers
        self.stopReason = stopReason
        self.usageByModel = usageByModel
        self.costByModel = costByModel
        self.routingCostUSD = routingCostUSD
        self.durationMs = durationMs
        self.spans = spans
        self.messages = messages
    }

    /// Every tool call in the order proposed, the calls specialists made inside a handoff right after it.
    public var toolCalls: [ToolCallRecord] { steps.flatMap(\.flattenedToolCalls) }
    /// The last answer, if the agent gave one.
    public var finalAnswer: String? { answers.last }
    /// The model the router chose.
    public var model: String? { routing?.model }
    /// All tokens over all models.
    public var usage: TokenUsage { usageByModel.values.reduce(.zero, +) }
    /// All cost over all models, in USD.
    public var costUSD: Double { costByModel.keys.sorted().reduce(0) { $0 + costByModel[$1]! } }
}

/// One model call of the loop and the tool calls it proposed.
public struct AgentStep: Sendable, Hashable {
    /// This step's tool calls, each followed by the calls made inside it when it was a handoff.
    public var flattenedToolCalls: [ToolCallRecord] {
        toolCalls.flatMap { call in [call] + (call.handoff?.toolCalls ?? []) }
    }

    /// The step's index, from 0.
    public var index: Int
    /// The model that answered.
    public var model: String
    /// The text the model wrote alongside its tool calls: its reasoning.
    public var thought: String?
    /// The text the model answered with when it called no tool.
    public var answer: String?
    /// The tool calls it proposed, each with its fate.
    public var toolCalls: [ToolCallRecord]
    /// The provider's finish reason.
    public var finishReason: String
    /// The call's tokens.
    public var usage: TokenUsage
    /// The call's cost in USD.
    public var costUSD: Double
    /// When the model call started on the virtual clock, in ms.
    public var startMs: Double
    /// The model call's latency in ms.
    public var modelLatencyMs: Double
    /// The wait for this step's tool calls in ms: the longest one, as calls in one turn run in parallel.
    public var toolLatencyMs: Double

    /// A step from its parts.
    public init(
        index: Int, model: String, thought: String?, answer: String?, toolCalls: [ToolCallRecord], finishReason: String,
        usage: TokenUsage, costUSD: Double, startMs: Double, modelLatencyMs: Double, toolLatencyMs: Double
    ) {
        self.index = index
        self.model = model
        self.thought = thought
        self.answer = answer
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.costUSD = costUSD
        self.startMs = startMs
        self.modelLatencyMs = modelLatencyMs
        self.toolLatencyMs = toolLatencyMs
    }
}

/// One proposed tool call and what became of it.
public struct ToolCallRecord: Sendable, Hashable {
    /// What became of a call.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// It ran and the tool answered.
        case executed
        /// Validation refused it: unknown tool, arguments not JSON, or a schema violation.
        case invalid
        /// The gateway refused it: the principal lacks a scope.
        case denied
        /// The human approver said no.
        case rejected
        /// It ran and the tool answered with an error (500, timeout).
        case failed
    }

    /// The agent that proposed it.
    public var agent: String
    /// The step that proposed it (in that agent's own loop).
    public var step: Int
    /// The provider's call id.
    public var callID: String
    /// The tool named.
    public var name: String
    /// The arguments as the model wrote them.
    public var rawArguments: String
    /// The arguments parsed, when they were JSON.
    public var arguments: JSONValue?
    /// The arguments it ran with when an approver edited them.
    public var editedArguments: JSONValue?
    /// What became of it.
    public var outcome: Outcome
    /// Whether the tool reads or writes; nil for an unknown tool.
    public var sideEffect: SideEffect?
    /// Why validation refused it.
    public var invalid: InvalidCall?
    /// Whether the gateway allowed it (false when it never got that far, or was denied).
    public var authorized: Bool = false
    /// Why the gateway refused it.
    public var denial: GatewayDenial?
    /// The approver's decision, when the tool needs approval.
    public var approval: ApprovalDecision?
    /// The tool's answer, when it ran.
    public var result: ToolResult?
    /// What the model was told.
    public var observation: String
    /// When the call started on the virtual clock, in ms.
    public var startMs: Double
    /// How long it took, in ms (0 when it never ran).
    public var latencyMs: Double
    /// Its tool-call span.
    public var spanID: SpanID
    /// The specialist's run, when the call handed the task to another agent.
    public var handoff: HandoffRecord?

    /// A record from its parts.
    public init(
        agent: String = "", step: Int, callID: String, name: String, rawArguments: String, arguments: JSONValue?, editedArguments: JSONValue? = nil,
        outcome: Outcome, sideEffect: SideEffect?, invalid: InvalidCall? = nil, denial: GatewayDenial? = nil,
        approval: ApprovalDecision? = nil, result: ToolResult? = nil, observation: String, startMs: Double, latencyMs: Double,
        spanID: SpanID, handoff: HandoffRecord? = nil
    ) {
        self.agent = agent
        self.handoff = handoff
        self.step = step
        self.callID = callID
        self.name = name
        self.rawArguments = rawArguments
        self.arguments = arguments
        self.editedArguments = editedArguments
        self.outcome = outcome
        self.sideEffect = sideEffect
        self.invalid = invalid
        self.denial = denial
        self.approval = approval
        self.result = result
        self.observation = observation
        self.startMs = startMs
        self.latencyMs = latencyMs
        self.spanID = spanID
    }

    /// The arguments the call ran with (edited or proposed).
    public var effectiveArguments: JSONValue? { editedArguments ?? arguments }
}

/// What a specialist agent did with a task handed to it.
public struct HandoffRecord: Sendable, Hashable {
    /// The specialist.
    public var agentID: String
    /// The task it was given.
    public var task: String
    /// Its router's decision.
    public var routing: RoutingDecision?
    /// Its steps.
    public var steps: [AgentStep]
    /// Its answers.
    public var answers: [String]
    /// Why its loop ended.
    public var stopReason: StopReason

    /// A record from its parts.
    public init(agentID: String, task: String, routing: RoutingDecision?, steps: [AgentStep], answers: [String], stopReason: StopReason) {
        self.agentID = agentID
        self.task = task
        self.routing = routing
        self.steps = steps
        self.answers = answers
        self.stopReason = stopReason
    }

    /// Every tool call the specialist made, nested handoffs flattened.
    public var toolCalls: [ToolCallRecord] { steps.flatMap(\.flattenedToolCalls) }
}
