public import RehearsalCore
import Synchronization

/// A tool executor for tests: answers through a closure and remembers every call it ran.
public final class StubToolExecutor: ToolExecutor {
    private let handler: @Sendable (String, JSONValue) throws -> ToolResult
    private let executed = Mutex<[(name: String, arguments: JSONValue)]>([])

    /// An executor answering with `handler(tool, arguments)`.
    public init(_ handler: @escaping @Sendable (_ tool: String, _ arguments: JSONValue) throws -> ToolResult) {
        self.handler = handler
    }

    /// An executor answering every call with `response` after `latencyMs`.
    public convenience init(always response: JSONValue = ["ok": true], latencyMs: Double = 50) {
        self.init { _, _ in ToolResult(.success(response), latencyMs: latencyMs) }
    }

    /// The calls that reached execution, in order.
    public var calls: [(name: String, arguments: JSONValue)] { executed.withLock { $0 } }

    public func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        executed.withLock { $0.append((call.tool.name, call.arguments)) }
        return try handler(call.tool.name, call.arguments)
    }
}

/// An approval provider for tests: decides through a closure and remembers every request.
public final class StubApprovals: ApprovalProvider {
    private let decision: @Sendable (ApprovalRequest) throws -> ApprovalDecision
    private let received = Mutex<[String]>([])

    /// Approvals decided by `decision`.
    public init(_ decision: @escaping @Sendable (ApprovalRequest) throws -> ApprovalDecision) { self.decision = decision }

    /// The tools approval was asked for, in order.
    public var requestedTools: [String] { received.withLock { $0 } }

    public func decide(on request: ApprovalRequest) async throws -> ApprovalDecision {
        received.withLock { $0.append(request.call.tool.name) }
        return try decision(request)
    }
}
