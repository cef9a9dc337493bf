public import RehearsalCore

/// One test case for an agent: who asks what, what the human approver decides, and what the agent must do.
///
/// Scenario files are `*.scenario.json`; docs/scenario-format.md documents every field.
public struct Scenario: Sendable, Hashable {
    /// A unique id, also the fixture folder's name: lowercase letters, digits, `.`, `_` and `-`.
    public var id: String
    /// The family it belongs to (`procurement`, `returns`, `shipping`), for grouping in reports.
    public var family: String
    /// A one-line title.
    public var title: String
    /// What the scenario tests and why.
    public var description: String
    /// The agent profile's id.
    public var agent: String
    /// The user the agent acts for.
    public var principal: Principal
    /// The user's request.
    public var input: String
    /// The user's further messages, one injected each time the agent answers.
    public var userTurns: [String]
    /// The human approver's decisions, used in order as approvals are requested.
    public var approvals: [ScriptedApproval]
    /// Limits overriding the agent's.
    public var limits: RunLimits
    /// What the agent must (and must not) do.
    public var expect: Expectations
    /// The fixture folder, relative to the suite's fixtures folder; defaults to the id.
    public var fixtures: String
    /// The file it was read from.
    public var file: String
    /// The task this scenario is one attempt at, when a source ran each task several times and each attempt is a
    /// scenario of its own (imported τ-bench runs): pass@k and pass^k group runs by it. Nil: the scenario is its
    /// own task.
    public var trialOf: String? = nil

    /// The task pass@k and pass^k group this scenario's runs under: ``trialOf``, else the id.
    public var task: String { trialOf ?? id }

    /// Whether `id` is a valid scenario id.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.utf8.first, first != UInt8(ascii: "."), id.utf8.count <= 200 else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        } && !id.contains("..")
    }
}

extension Scenario: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: [
            "id", "family", "title", "description", "agent", "principal", "input", "userTurns", "approvals", "limits", "expect", "fixtures",
            "trialOf",
        ])
        id = try reader.decode("id")
        guard Scenario.isValidID(id) else {
            throw JSONDecodingError(path: path.appending("id"), message: "expected an id of lowercase letters, digits, '.', '_' and '-' (it names the fixture folder), found \(JSONValue.string(id).serialized())")
        }
        family = try reader.decode("family", default: String(id.split(separator: ".").first ?? "default"))
        title = try reader.decode("title", default: id)
        description = try reader.decode("description", default: "")
        agent = try reader.decode("agent")
        principal = try reader.decode("principal")
        input = try reader.decode("input")
        userTurns = try reader.decode("userTurns", default: [])
        approvals = try reader.decode("approvals", default: [])
        limits = try reader.decode("limits", default: RunLimits())
        expect = try reader.decode("expect", default: Expectations())
        fixtures = try reader.decode("fixtures", default: id)
        guard !fixtures.hasPrefix("/"), !fixtures.split(separator: "/").contains("..") else {
            throw JSONDecodingError(path: path.appending("fixtures"), message: "expected a folder inside the fixtures folder, found \(JSONValue.string(fixtures).serialized())")
        }
        file = ""
        trialOf = try reader.decodeIfPresent("trialOf")
        if let trialOf, trialOf.isEmpty {
            throw JSONDecodingError(path: path.appending("trialOf"), message: "expected the id of the task this scenario is an attempt at, found an empty string")
        }
    }
}

/// A human approver's scripted decision in a scenario.
public struct ScriptedApproval: Sendable, Hashable {
    /// The tool the decision is for; nil answers the next approval of any tool.
    public var tool: String?
    /// The decision.
    public var decision: ApprovalDecision

    /// A scripted decision from its parts.
    public init(tool: String?, decision: ApprovalDecision) {
        self.tool = tool
        self.decision = decision
    }
}

extension ScriptedApproval: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let verb: String = try JSONObjectReader(json, at: path, keys: ["tool", "decision", "note", "reason", "arguments"]).decode("decision")
        // Each decision takes only its own keys: a "reason" on an approval would be silently meaningless.
        let decision: ApprovalDecision
        let reader: JSONObjectReader
        switch verb {
        case "approve":
            reader = try JSONObjectReader(json, at: path, keys: ["tool", "decision", "note"])
            decision = .approve(note: try reader.decodeIfPresent("note"))
        case "reject":
            reader = try JSONObjectReader(json, at: path, keys: ["tool", "decision", "reason"])
            decision = .reject(reason: try reader.decode("reason", default: "rejected by the approver"))
        case "edit":
            reader = try JSONObjectReader(json, at: path, keys: ["tool", "decision", "arguments", "note"])
            decision = .approveEdited(arguments: try reader.decode("arguments"), note: try reader.decodeIfPresent("note"))
        default:
            throw JSONDecodingError(path: path.appending("decision"), message: "expected \"approve\", \"reject\" or \"edit\", found \(JSONValue.string(verb).serialized())")
        }
        self.init(tool: try reader.decodeIfPresent("tool"), decision: decision)
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["decision": .string(decision.verb)]
        members["tool"] = tool.map(JSONValue.string)
        switch decision {
        case .approve(let note): members["note"] = note.map(JSONValue.string)
        case .reject(let reason): members["reason"] = .string(reason)
        case .approveEdited(let arguments, let note):
            members["arguments"] = arguments
            members["note"] = note.map(JSONValue.string)
        }
        return .object(members)
    }
}
