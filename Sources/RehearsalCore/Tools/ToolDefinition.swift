/// A tool the agent may call: an OpenAI function definition plus Rehearsal's gateway and approval extensions.
///
/// The file format is the OpenAI function-tool object, `{"type": "function", "function": {"name", "description",
/// "parameters"}}` (the bare inner object is accepted too), with an optional `x-rehearsal` object:
/// `{"scopes": ["po:write"], "sideEffect": "write", "requiresApproval": true}`, plus `"handoff": "agent"` for a
/// tool that hands the task to another agent and `"builtin": "search_policy"` for a tool Rehearsal computes
/// itself. See docs/tool-format.md.
public struct ToolDefinition: Sendable {
    /// The tool's name, unique in a registry.
    public var name: String
    /// What the tool does and when to use it: the model reads this to choose.
    public var description: String
    /// The arguments' JSON Schema as written.
    public var parameters: JSONValue
    /// The compiled schema every proposed call is validated against.
    public var schema: JSONSchema
    /// OAuth2-style scopes the acting principal must hold, all of them, for the gateway to allow a call.
    public var requiredScopes: [String]
    /// Whether a call reads or changes state.
    public var sideEffect: SideEffect
    /// When a human must approve a call before it executes.
    public var approval: ApprovalRequirement
    /// What executing a call means: an API call, a handoff to another agent, or a built-in tool.
    public var kind: ToolKind
    /// OpenAI's `strict` flag (structured outputs for the arguments), sent to the model when set.
    public var strict: Bool?

    /// A tool from its parts. A tool is a write unless said otherwise (assuming a read could let a state change
    /// slip past the `writes` match mode), except a handoff, which changes nothing itself.
    /// - Throws: ``JSONSchemaError`` when `parameters` is not a valid JSON Schema.
    public init(
        name: String, description: String, parameters: JSONValue, requiredScopes: [String] = [],
        sideEffect: SideEffect? = nil, approval: ApprovalRequirement = .never, kind: ToolKind = .api
    ) throws(JSONSchemaError) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.schema = try JSONSchema(parameters)
        self.requiredScopes = requiredScopes
        if case .handoff = kind { self.sideEffect = sideEffect ?? .read } else { self.sideEffect = sideEffect ?? .write }
        self.approval = approval
        self.kind = kind
    }

    /// A tool whose calls all need approval (`true`) or none (`false`).
    /// - Throws: ``JSONSchemaError`` when `parameters` is not a valid JSON Schema.
    public init(
        name: String, description: String, parameters: JSONValue, requiredScopes: [String] = [],
        sideEffect: SideEffect = .write, requiresApproval: Bool
    ) throws(JSONSchemaError) {
        try self.init(
            name: name, description: description, parameters: parameters, requiredScopes: requiredScopes,
            sideEffect: sideEffect, approval: requiresApproval ? .always : .never)
    }

    /// Whether some calls of this tool need approval.
    public var requiresApproval: Bool { approval != .never }

    /// The function definition as sent to a model (no Rehearsal extensions: the model never sees scopes).
    public var functionJSON: JSONValue {
        var members: [String: JSONValue] = ["name": .string(name), "description": .string(description), "parameters": parameters]
        members["strict"] = strict.map(JSONValue.bool)
        return .object(members)
    }
}

/// When a tool's calls need a human's approval.
public enum ApprovalRequirement: Sendable, Hashable {
    /// Never.
    case never
    /// Always.
    case always
    /// When the numeric top-level argument `argument` is above `limit` (a refund above the agent's own limit).
    case whenAbove(argument: String, limit: Double)

    /// Whether a call with `arguments` needs approval.
    public func isRequired(for arguments: JSONValue) -> Bool {
        switch self {
        case .never: false
        case .always: true
        case .whenAbove(let argument, let limit): (arguments[argument]?.numberValue ?? 0) > limit
        }
    }
}

/// What executing a tool call means.
public enum ToolKind: Sendable, Hashable {
    /// Calling an API (live, or its recording in replay).
    case api
    /// Handing the task to another agent, which runs with its own tools and returns its answer.
    case handoff(agent: String)
    /// A tool Rehearsal computes itself, even in replay (such as `search_policy`).
    case builtin(String)

    /// The built-in tools Rehearsal knows.
    public static let builtinNames = ["search_policy"]
}

/// Whether a tool only reads or also changes the world; writes are what approvals and the `writes` match mode
/// care about.
public enum SideEffect: String, Sendable, Hashable, CaseIterable {
    /// Reads state; safe to repeat.
    case read
    /// Changes state (creates, updates, sends, pays).
    case write
}

extension ToolDefinition: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        // Two shapes: OpenAI's tool object {"type": "function", "function": {…}} and the bare function object.
        let isWrapped = json["function"] != nil
        let outer = try JSONObjectReader(
            json, at: path, keys: isWrapped ? ["type", "function", "x-rehearsal"] : ["type", "name", "description", "parameters", "strict", "x-rehearsal"])
        if let type = try outer.decodeIfPresent("type", as: String.self), type != "function" {
            throw JSONDecodingError(path: path.appending("type"), message: "expected \"function\", found \(JSONValue.string(type).serialized())")
        }
        let function = isWrapped
            ? try JSONObjectReader(outer.members["function"]!, at: path.appending("function"), keys: ["name", "description", "parameters", "strict"])
            : outer
        let name: String = try function.decode("name")
        guard !name.isEmpty, name.utf8.count <= 64,
            name.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2D })
        else {
            throw JSONDecodingError(
                path: function.path.appending("name"),
                message: "tool names must be 1-64 characters of a-z, A-Z, 0-9, _ and - (what providers accept), found \(JSONValue.string(name).serialized())")
        }
        let description: String = try function.decode("description", default: "")
        let parameters: JSONValue = try function.decode("parameters", default: ["type": "object", "properties": [:]])
        var scopes: [String] = []
        var sideEffect: SideEffect?
        var approval = ApprovalRequirement.never
        var kind = ToolKind.api
        if let extensionValue = outer.members["x-rehearsal"] {
            let extensions = try JSONObjectReader(extensionValue, at: path.appending("x-rehearsal"), keys: ["scopes", "sideEffect", "requiresApproval", "handoff", "builtin"])
            scopes = try extensions.decode("scopes", default: [])
            if let effect: String = try extensions.decodeIfPresent("sideEffect") {
                guard let parsed = SideEffect(rawValue: effect) else {
                    throw JSONDecodingError(path: extensions.path.appending("sideEffect"), message: "expected \"read\" or \"write\", found \(JSONValue.string(effect).serialized())")
                }
                sideEffect = parsed
            }
            switch extensions.members["requiresApproval"] {
            case nil, .null: break
            case .bool(let required): approval = required ? .always : .never
            case .object?:
                let condition = extensions.members["requiresApproval"]!
                let conditionPath = extensions.path.appending("requiresApproval")
                let reader = try JSONObjectReader(condition, at: conditionPath, keys: ["argument", "above"])
                approval = .whenAbove(argument: try reader.decode("argument"), limit: try reader.decode("above"))
            case let other?:
                throw JSONDecodingError.typeMismatch(at: extensions.path.appending("requiresApproval"), expected: #"true, false or {"argument": NAME, "above": NUMBER}"#, found: other)
            }
            let handoff: String? = try extensions.decodeIfPresent("handoff")
            let builtin: String? = try extensions.decodeIfPresent("builtin")
            switch (handoff, builtin) {
            case (nil, nil): break
            case (let agent?, nil): kind = .handoff(agent: agent)
            case (nil, let name?):
                guard ToolKind.builtinNames.contains(name) else {
                    throw JSONDecodingError(path: extensions.path.appending("builtin"), message: "unknown built-in tool \(JSONValue.string(name).serialized()); the built-ins are \(ToolKind.builtinNames.joined(separator: ", "))")
                }
                kind = .builtin(name)
            default:
                throw JSONDecodingError(path: extensions.path, message: "a tool is a handoff or a built-in, not both")
            }
        }
        let strict: Bool? = try function.decodeIfPresent("strict")
        do {
            // A handoff changes nothing by itself (its specialist's calls carry their own side effects), so it is a read
            // unless it says otherwise; any other tool is a write unless it says otherwise.
            try self.init(name: name, description: description, parameters: parameters, requiredScopes: scopes, sideEffect: sideEffect, approval: approval, kind: kind)
            self.strict = strict
        } catch {
            var schemaPath = function.path.appending("parameters")
            schemaPath.components += error.path.components
            throw JSONDecodingError(path: schemaPath, message: "invalid JSON Schema: \(error.message)")
        }
    }

    private var approvalJSON: JSONValue {
        switch approval {
        case .never: false
        case .always: true
        case .whenAbove(let argument, let limit): ["argument": .string(argument), "above": .number(limit)]
        }
    }

    /// The file form: OpenAI's function tool plus the `x-rehearsal` extensions.
    public var json: JSONValue {
        var extensions: [String: JSONValue] = [
            "scopes": requiredScopes.json, "sideEffect": .string(sideEffect.rawValue), "requiresApproval": approvalJSON,
        ]
        switch kind {
        case .api: break
        case .handoff(let agent): extensions["handoff"] = .string(agent)
        case .builtin(let name): extensions["builtin"] = .string(name)
        }
        return ["type": "function", "function": functionJSON, "x-rehearsal": .object(extensions)]
    }
}

extension ToolDefinition: Hashable {
    // The compiled schema is derived from `parameters`, so equality and hashing leave it out.
    public static func == (lhs: ToolDefinition, rhs: ToolDefinition) -> Bool {
        lhs.name == rhs.name && lhs.description == rhs.description && lhs.parameters == rhs.parameters
            && lhs.requiredScopes == rhs.requiredScopes && lhs.sideEffect == rhs.sideEffect
            && lhs.approval == rhs.approval && lhs.kind == rhs.kind && lhs.strict == rhs.strict
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(parameters)
    }
}
