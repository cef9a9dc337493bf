public import RehearsalCore
import Synchronization

/// Approvals from a scenario's script: each request takes the first unused decision for its tool (or for any
/// tool). With nothing scripted, it asks `fallback` (the terminal, when the CLI has one) or refuses.
public final class ScriptedApprovals: ApprovalProvider {
    private let remaining: Mutex<[ScriptedApproval]>
    private let fallback: (any ApprovalProvider)?

    /// Approvals answering from `script`, then from `fallback`.
    public init(_ script: [ScriptedApproval], fallback: (any ApprovalProvider)? = nil) {
        remaining = Mutex(script)
        self.fallback = fallback
    }

    /// The scripted decisions no request used.
    public var unused: [ScriptedApproval] { remaining.withLock { $0 } }

    public func decide(on request: ApprovalRequest) async throws -> ApprovalDecision {
        let tool = request.call.tool.name
        let scripted: ApprovalDecision? = remaining.withLock { remaining in
            guard let index = remaining.firstIndex(where: { $0.tool == nil || $0.tool == tool }) else { return nil }
            return remaining.remove(at: index).decision
        }
        if let scripted { return scripted }
        if let fallback { return try await fallback.decide(on: request) }
        throw ApprovalUnavailable(tool: tool, step: request.step)
    }
}

/// An approval was requested but the scenario scripts no decision for it and nobody can be asked.
public struct ApprovalUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// The tool waiting for approval.
    public var tool: String
    /// The step that proposed the call.
    public var step: Int

    public var description: String {
        "approval requested for \(tool) but the scenario scripts no decision for it; add {\"tool\": \"\(tool)\", \"decision\": \"approve\"} (or reject/edit) to its \"approvals\""
    }
}
