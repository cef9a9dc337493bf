public import RehearsalCore

/// The models a configuration puts agents on, per agent and role: the `models` object of a configuration file.
///
/// ```json
/// {"finance": {"cheap": "gpt-4o-mini", "strong": "claude-sonnet-4"}, "*": {"cheap": "gpt-4o"}}
/// ```
/// `"*"` applies to every agent. A named agent overrides `"*"` role by role, and a role neither names keeps the
/// model of the agent's own file. A router's own `cheap` and `strong` still win over these, as they win over the
/// agent's file.
public struct ModelOverrides: Sendable, Hashable {
    /// The key that applies to every agent.
    public static let everyAgent = "*"

    /// The overrides by agent id, or ``everyAgent``.
    public var byAgent: [String: Roles]

    /// Overrides from their parts; none by default.
    public init(_ byAgent: [String: Roles] = [:]) { self.byAgent = byAgent }

    /// Whether nothing is overridden.
    public var isEmpty: Bool { byAgent.isEmpty }

    /// The cheap and strong models `agent` runs on under these overrides.
    public func models(for agent: AgentProfile) -> ModelPair {
        let named = byAgent[agent.id]
        let every = byAgent[ModelOverrides.everyAgent]
        return ModelPair(
            cheap: named?.cheap ?? every?.cheap ?? agent.models.cheap,
            strong: named?.strong ?? every?.strong ?? agent.models.strong)
    }

    /// `agents` with their models replaced as these overrides say.
    public func applied(to agents: [String: AgentProfile]) -> [String: AgentProfile] {
        guard !isEmpty else { return agents }
        return agents.mapValues { agent in
            var agent = agent
            agent.models = models(for: agent)
            return agent
        }
    }

    /// `suite` with its agents' models replaced as these overrides say: the suite a configuration runs.
    public func applied(to suite: Suite) -> Suite {
        var suite = suite
        suite.agents = applied(to: suite.agents)
        return suite
    }

    /// Checks that every agent these overrides name is one of `agentIDs`.
    /// - Parameters:
    ///   - agentIDs: the suite's agents.
    ///   - path: where the `models` object sits in its document.
    /// - Throws: ``JSONDecodingError`` at the first unknown agent (in key order), suggesting the nearest agent id.
    public func check(agentIDs: some Sequence<String>, at path: JSONPath) throws(JSONDecodingError) {
        let known = [ModelOverrides.everyAgent] + agentIDs.sorted()
        do {
            _ = try JSONObjectReader(json, at: path, keys: known)
        } catch let error as JSONDecodingError {
            throw JSONDecodingError(
                path: error.path, message: "no such agent in the suite: " + error.message, isAboutKey: true)
        } catch {
            throw JSONDecodingError(path: path, message: "\(error)")
        }
    }
}

extension ModelOverrides: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        guard case .object(let members) = json else {
            throw JSONDecodingError.typeMismatch(
                at: path, expected: "an object of agent ids (or \"*\") to {\"cheap\", \"strong\"}", found: json)
        }
        var byAgent: [String: Roles] = [:]
        for key in members.keys.sorted() where key != "$schema" && key != "$comment" {
            guard !key.isEmpty else {
                throw JSONDecodingError(
                    path: path.appending(key), message: "expected an agent id or \"*\", found an empty key",
                    isAboutKey: true)
            }
            byAgent[key] = try Roles(json: members[key]!, at: path.appending(key))
        }
        self.init(byAgent)
    }

    public var json: JSONValue { .object(byAgent.mapValues(\.json)) }
}
