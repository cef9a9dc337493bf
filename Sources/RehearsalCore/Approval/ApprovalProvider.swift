/// Gives the human decision on a consequential call: a terminal prompt, a scenario's scripted answers, a queue.
public protocol ApprovalProvider: Sendable {
    /// The decision on `request`.
    /// - Throws: when no decision can be had (the engine then stops the run with the error).
    func decide(on request: ApprovalRequest) async throws -> ApprovalDecision
}

/// A call waiting for a human: what the agent wants to do and for whom.
public struct ApprovalRequest: Sendable {
    /// The call, already validated and authorized.
    public var call: AuthorizedCall
    /// The loop step that proposed it (0-based).
    public var step: Int
    /// The agent's reasoning that led to the call, when it gave any.
    public var thought: String?

    /// A request from its parts.
    public init(call: AuthorizedCall, step: Int, thought: String?) {
        self.call = call
        self.step = step
        self.thought = thought
    }
}

/// A human's decision on a call.
public enum ApprovalDecision: Sendable, Hashable {
    /// Run the call as proposed.
    case approve(note: String?)
    /// Do not run it; the agent is told why.
    case reject(reason: String)
    /// Run it with these arguments instead (validated and authorized again before it runs).
    case approveEdited(arguments: JSONValue, note: String?)

    /// `approve`, `reject` or `edit`: the word the report and the scenario format use.
    public var verb: String {
        switch self {
        case .approve: "approve"
        case .reject: "reject"
        case .approveEdited: "edit"
        }
    }
}

/// An approval provider that approves everything: for library users who do not gate; never the CLI's default.
public struct ApproveAll: ApprovalProvider {
    /// An approver that always says yes.
    public init() {}
    public func decide(on request: ApprovalRequest) async throws -> ApprovalDecision { .approve(note: "approved automatically") }
}
