/// Picks the model for a task: a cheap model for simple tasks, a strong one for complex ones.
///
/// Three kinds (see ``RouterConfiguration``): `fixed` (one model, or always the agent's cheap or strong model),
/// `rules` (thresholds on the request: length, keywords, tools in play) and `classifier` (a cheap model is asked
/// how hard the task is; its answer, recorded like any model call, decides). The decision and its reason go into
/// the trace.
public struct Router: Sendable {
    /// How this router decides.
    public var configuration: RouterConfiguration

    /// A router following `configuration`.
    public init(_ configuration: RouterConfiguration) { self.configuration = configuration }

    /// The model for `task`, with the reason; a classifier router asks `client` first.
    /// - Throws: what the client throws for the classifier call (for instance a replay miss).
    public func decide(_ task: RoutingTask, using client: any ModelClient) async throws -> RoutingDecision {
        switch configuration {
        case .fixed(let choice):
            switch choice {
            case .model(let model):
                let tier: RoutingDecision.Tier = model == task.models.cheap ? .cheap : .strong
                return RoutingDecision(model: model, tier: tier, reason: "fixed router: always \(model)")
            case .tier(let tier):
                return RoutingDecision(model: task.models.model(for: tier), tier: tier, reason: "fixed router: always the agent's \(tier.rawValue) model")
            }
        case .rules(let rules, let override):
            let models = override ?? task.models
            if let reason = rules.strongReason(for: task) {
                return RoutingDecision(model: models.strong, tier: .strong, reason: reason)
            }
            return RoutingDecision(model: models.cheap, tier: .cheap, reason: "no rule fired: " + rules.summary)
        case .classifier(let settings, let override):
            let models = override ?? task.models
            let classifierModel = settings.model ?? models.cheap
            let request = settings.request(for: task, model: classifierModel)
            let response = try await client.complete(request)
            let call = ClassifierCall(request: request, response: response)
            let answer = response.message.content ?? ""
            guard let score = ClassifierSettings.score(from: answer) else {
                return RoutingDecision(
                    model: models.strong, tier: .strong,
                    reason: "classifier \(classifierModel) gave no score (\(JSONValue.string(answer).serialized())); strong model chosen to be safe",
                    classifierCall: call, score: nil)
            }
            let formatted = JSONValue.format(number: score)
            if score >= settings.threshold {
                return RoutingDecision(model: models.strong, tier: .strong, reason: "classifier \(classifierModel) scored difficulty \(formatted) >= threshold \(JSONValue.format(number: settings.threshold))", classifierCall: call, score: score)
            }
            return RoutingDecision(model: models.cheap, tier: .cheap, reason: "classifier \(classifierModel) scored difficulty \(formatted) < threshold \(JSONValue.format(number: settings.threshold))", classifierCall: call, score: score)
        }
    }
}

/// What the router looks at: the agent, its default models, the user's request and the tools in play.
public struct RoutingTask: Sendable {
    /// The agent that will run the task.
    public var agentID: String
    /// The user's request.
    public var input: String
    /// The tools the agent has.
    public var toolNames: [String]
    /// The agent's cheap and strong models.
    public var models: ModelPair

    /// A task from its parts.
    public init(agentID: String, input: String, toolNames: [String], models: ModelPair) {
        self.agentID = agentID
        self.input = input
        self.toolNames = toolNames
        self.models = models
    }
}

/// A cheap and a strong model.
public struct ModelPair: Sendable, Hashable {
    /// The cheap model for simple tasks.
    public var cheap: String
    /// The strong model for complex tasks.
    public var strong: String

    /// A pair from its parts.
    public init(cheap: String, strong: String) {
        self.cheap = cheap
        self.strong = strong
    }

    /// The model of `tier`.
    public func model(for tier: RoutingDecision.Tier) -> String { tier == .cheap ? cheap : strong }
}

/// Which model took a task, and why.
public struct RoutingDecision: Sendable, Hashable {
    /// Whether the cheap or the strong model was chosen.
    public enum Tier: String, Sendable, Hashable, CaseIterable {
        case cheap, strong
    }

    /// The chosen model.
    public var model: String
    /// Its tier.
    public var tier: Tier
    /// Why, in a sentence.
    public var reason: String
    /// The classifier's call, when a classifier router asked one (its tokens and latency count toward the run).
    public var classifierCall: ClassifierCall?
    /// The classifier's difficulty score, when it gave one.
    public var score: Double?

    /// A decision from its parts.
    public init(model: String, tier: Tier, reason: String, classifierCall: ClassifierCall? = nil, score: Double? = nil) {
        self.model = model
        self.tier = tier
        self.reason = reason
        self.classifierCall = classifierCall
        self.score = score
    }
}

/// The classifier router's model call.
public struct ClassifierCall: Sendable, Hashable {
    /// What was asked.
    public var request: ModelRequest
    /// What came back.
    public var response: ModelResponse
}
