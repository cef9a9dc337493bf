/// The user an agent acts for: the agent inherits exactly this principal's permissions.
public struct Principal: Sendable, Hashable {
    /// The user's id, as the identity provider knows it.
    public var userID: String
    /// The user's roles (informative, and checked by role rules where a deployment adds them).
    public var roles: [String]
    /// The OAuth2-style scopes the user's token carries, e.g. `po:write`.
    public var scopes: [String]

    /// A principal from its parts.
    public init(userID: String, roles: [String] = [], scopes: [String] = []) {
        self.userID = userID
        self.roles = roles
        self.scopes = scopes
    }

    /// Whether the principal holds `scope`, exactly or through a wildcard such as `po:*` (which covers `po:write`).
    public func holds(_ scope: String) -> Bool {
        scopes.contains { granted in
            granted == scope || (granted.hasSuffix(":*") && scope.hasPrefix(granted.dropLast()))
        }
    }
}

extension Principal: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["userId", "roles", "scopes"])
        userID = try reader.decode("userId")
        roles = try reader.decode("roles", default: [])
        scopes = try reader.decode("scopes", default: [])
    }

    public var json: JSONValue { ["userId": .string(userID), "roles": roles.json, "scopes": scopes.json] }
}
