/// Decides whether the acting principal may make a validated call: every tool call passes here before it runs.
///
/// A gateway is a list of rules; the first rule that objects denies the call. The standard gateway checks the
/// tool's required scopes against the principal's.
public struct Gateway: Sendable {
    /// The rules, checked in order.
    public var rules: [GatewayRule]

    /// A gateway enforcing `rules`.
    public init(rules: [GatewayRule]) { self.rules = rules }

    /// The gateway every run uses unless configured otherwise: tool scopes must all be held by the principal.
    public static let standard = Gateway(rules: [.requiredScopes])

    /// Checks `call` for `principal`.
    /// - Returns: the call, authorized, or the denial of the first rule that objected.
    public func authorize(_ call: ValidatedCall, for principal: Principal) -> Result<AuthorizedCall, GatewayDenial> {
        for rule in rules {
            if let denial = rule.check(call, principal) { return .failure(denial) }
        }
        return .success(AuthorizedCall(call, principal: principal))
    }
}

/// One check the gateway makes; nil means "no objection".
public struct GatewayRule: Sendable {
    /// The rule's name, recorded in the audit trail with each denial.
    public var name: String
    /// Returns a denial when `principal` may not make `call`.
    public var check: @Sendable (_ call: ValidatedCall, _ principal: Principal) -> GatewayDenial?

    /// A rule from a name and a check.
    public init(name: String, check: @escaping @Sendable (ValidatedCall, Principal) -> GatewayDenial?) {
        self.name = name
        self.check = check
    }

    /// Denies a call unless the principal holds every scope the tool requires.
    public static let requiredScopes = GatewayRule(name: "required-scopes") { call, principal in
        let missing = call.tool.requiredScopes.filter { !principal.holds($0) }
        guard !missing.isEmpty else { return nil }
        return GatewayDenial(
            rule: "required-scopes", missingScopes: missing,
            reason: "\(call.tool.name) requires scope\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")), which user \(principal.userID) does not have")
    }
}

/// Why the gateway refused a call.
public struct GatewayDenial: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule that refused.
    public var rule: String
    /// The scopes the principal lacked, when that was the reason.
    public var missingScopes: [String]
    /// A sentence for the model, the audit trail and the report.
    public var reason: String

    /// A denial from its parts.
    public init(rule: String, missingScopes: [String] = [], reason: String) {
        self.rule = rule
        self.missingScopes = missingScopes
        self.reason = reason
    }

    public var description: String { reason }
}
