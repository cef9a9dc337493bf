public import RehearsalCore
import Synchronization

/// A tool executor that answers from recorded API exchanges, matched on tool name and canonical arguments,
/// first-in first-out; a call with no recording fails closed.
///
/// Make one per scenario run.
public final class ReplayToolExecutor: ToolExecutor {
    private let cassette: APICassette
    private let used = Mutex([String: Int]())
    private let served = Mutex(Set<Int>())

    /// The positions (in the cassette) of the recordings this executor has served.
    public var servedPositions: Set<Int> { served.withLock { $0 } }

    /// An executor replaying `cassette`.
    public init(cassette: APICassette) { self.cassette = cassette }

    public func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        try answer(tool: call.tool.name, arguments: call.arguments)
    }

    /// The recorded answer for `tool` called with `arguments`.
    /// - Throws: ``ReplayMiss`` naming the nearest recorded arguments for the same tool.
    public func answer(tool: String, arguments: JSONValue) throws -> ToolResult {
        let key = RequestKey.apiKey(tool: tool, arguments: arguments)
        let positions = cassette.positions(for: key)
        let index: Int? = used.withLock { used in
            let count = used[key, default: 0]
            guard count < positions.count else { return nil }
            used[key] = count + 1
            return positions[count]
        }
        if let index {
            served.withLock { _ = $0.insert(index) }
            return cassette.exchanges[index].result
        }
        let what = "tool call \(tool) \(JSONDiff.excerpt(arguments, limit: 120))"
        if !positions.isEmpty {
            throw ReplayMiss(what: what, key: key, detail: "all \(positions.count) recording\(positions.count == 1 ? "" : "s") of this call were already used; the agent called it again")
        }
        let sameTool = cassette.exchanges.filter { $0.tool == tool }
        guard !sameTool.isEmpty else {
            throw ReplayMiss(what: what, key: key, detail: "the fixture has no recordings of \(tool)")
        }
        let nearest = sameTool.map { ($0, JSONDiff.differences(from: $0.arguments, to: arguments, limit: 20)) }
            .min { $0.1.count < $1.1.count }!
        let shown = nearest.1.prefix(3).map(\.description).joined(separator: "; ")
        throw ReplayMiss(what: what, key: key, detail: "\(sameTool.count == 1 ? "1 recording" : "\(sameTool.count) recordings") of \(tool) \(sameTool.count == 1 ? "exists" : "exist"); the nearest differs: \(shown)")
    }
}
