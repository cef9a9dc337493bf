public import RehearsalCore

extension ModelOverrides {
    /// The models one entry of ``ModelOverrides`` sets: the cheap one, the strong one, or both.
    public struct Roles: Sendable, Hashable {
        /// The model replacing the agent's cheap one, if any.
        public var cheap: String?
        /// The model replacing the agent's strong one, if any.
        public var strong: String?

        /// Roles from their parts.
        public init(cheap: String? = nil, strong: String? = nil) {
            self.cheap = cheap
            self.strong = strong
        }
    }
}

extension ModelOverrides.Roles: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["cheap", "strong"])
        var models: [String: String] = [:]
        for role in ["cheap", "strong"] {
            guard let model: String = try reader.decodeIfPresent(role) else { continue }
            guard !model.isEmpty else {
                throw JSONDecodingError(path: path.appending(role), message: "expected a model name, found \"\"")
            }
            models[role] = model
        }
        guard !models.isEmpty else {
            throw JSONDecodingError(path: path, message: "expected \"cheap\", \"strong\" or both, found neither")
        }
        self.init(cheap: models["cheap"], strong: models["strong"])
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members["cheap"] = cheap.map(JSONValue.string)
        members["strong"] = strong.map(JSONValue.string)
        return .object(members)
    }
}
