public import RehearsalCore
import RehearsalReplay

/// A loaded suite: scenarios, agents, tools, configurations, prices and where its fixtures live.
public struct Suite: Sendable {
    /// The suite's name (from `suite.json`, or its folder's name).
    public var name: String
    /// The suite root: the folder holding `suite.json`, or the folder the scenarios were found in.
    public var root: String
    /// The scenarios, sorted by id.
    public var scenarios: [Scenario]
    /// The agent profiles by id.
    public var agents: [String: AgentProfile]
    /// Every tool in the suite.
    public var tools: ToolRegistry
    /// The configurations found in the suite (`*.config.json`), by file.
    public var configurations: [RunConfiguration]
    /// The configuration `rehearsal run` uses without `--config`.
    public var defaultConfiguration: RunConfiguration
    /// The suite's price table, if it ships one.
    public var prices: PriceTable?
    /// The folder holding one fixture folder per scenario.
    public var fixturesRoot: String
    /// The policy documents (`policies/**/*.md` under the root), named by their path inside `policies/`.
    public var policies: [PolicyDocument]
    /// The index the built-in `search_policy` tool searches, built once from ``policies``.
    public var policyIndex: BM25Index

    /// A suite from its parts (the loader makes these; tools that build suites in code may too).
    public init(
        name: String, root: String, scenarios: [Scenario], agents: [String: AgentProfile], tools: ToolRegistry,
        configurations: [RunConfiguration], defaultConfiguration: RunConfiguration, prices: PriceTable?, fixturesRoot: String,
        policies: [PolicyDocument] = []
    ) {
        self.policies = policies
        self.policyIndex = BM25Index(documents: policies)
        self.name = name
        self.root = root
        self.scenarios = scenarios
        self.agents = agents
        self.tools = tools
        self.configurations = configurations
        self.defaultConfiguration = defaultConfiguration
        self.prices = prices
        self.fixturesRoot = fixturesRoot
    }

    /// The folder holding `scenario`'s fixtures.
    public func fixtureFolder(for scenario: Scenario) -> String { Path.join(fixturesRoot, scenario.fixtures) }

    /// Every agent of the suite as a specialist another agent may hand tasks to, with its limits under
    /// `configuration` (a scenario's own limits apply only to the agent it names).
    public func team(under configuration: RunConfiguration) -> [String: TeamMember] {
        var team: [String: TeamMember] = [:]
        for (id, agent) in agents {
            guard let tools = try? registry(for: agent) else { continue }
            team[id] = TeamMember(agent: agent, tools: tools, limits: RunLimits.standard.overridden(by: agent.limits).overridden(by: configuration.limits))
        }
        return team
    }

    /// The built-in tools a run of this suite can use.
    public var builtins: [String: any ToolExecutor] { ["search_policy": PolicySearchTool(index: policyIndex)] }

    /// The agent `scenario` runs.
    public func agent(for scenario: Scenario) -> AgentProfile? { agents[scenario.agent] }

    /// The tools `agent` may use, in its order.
    /// - Throws: ``ToolRegistryError`` for a tool the suite does not define (the loader has already checked).
    public func registry(for agent: AgentProfile) throws -> ToolRegistry { try tools.subset(named: agent.toolNames) }

    /// Every model a run under `configuration` can send a request to (with the always-strong baseline's models
    /// when `baseline` is set): what the price table must cover.
    public func models(for configuration: RunConfiguration, baseline: Bool = true) -> Set<String> {
        var models = Set<String>()
        for agent in agents.values {
            if baseline { models.insert(agent.models.strong) }
            switch configuration.router {
            case .fixed(.model(let model)): models.insert(model)
            case .fixed(.tier(let tier)): models.insert(agent.models.model(for: tier))
            case .rules(_, let pair):
                models.formUnion([pair?.cheap ?? agent.models.cheap, pair?.strong ?? agent.models.strong])
            case .classifier(let settings, let pair):
                models.formUnion([pair?.cheap ?? agent.models.cheap, pair?.strong ?? agent.models.strong, settings.model ?? pair?.cheap ?? agent.models.cheap])
            }
        }
        return models
    }
}
