public import RehearsalCore
public import RehearsalScenarios

/// Whether the policy passages a scenario names were among what the agent's `search_policy` calls returned.
public enum RetrievalJudge {
    /// The outcome of one retrieval check.
    public struct Outcome: Sendable, Hashable {
        /// The check.
        public var check: RetrievalCheck
        /// The best (lowest) 1-based rank at which a matching passage was returned, nil when it never was.
        public var rank: Int?
        /// Whether a matching passage was returned.
        public var retrieved: Bool { rank != nil }
    }

    /// Each check of `checks` against the results of the built-in `search_policy` calls among `calls`.
    /// - Parameter searchTools: the names of the tools that are `search_policy` built-ins.
    public static func outcomes(_ checks: [RetrievalCheck], calls: [ToolCallRecord], searchTools: Set<String>) -> [Outcome] {
        let resultLists: [[JSONValue]] = calls.compactMap { call in
            guard searchTools.contains(call.name), case .success(let answer)? = call.result?.outcome else { return nil }
            return answer["results"]?.arrayValue
        }
        return checks.map { check in
            var best: Int?
            let phrase = check.contains.lowercased()
            for results in resultLists {
                for (offset, result) in results.enumerated()
                where result["document"]?.stringValue == check.document && (result["text"]?.stringValue?.lowercased().contains(phrase) ?? false) {
                    best = min(best ?? Int.max, offset + 1)
                }
            }
            return Outcome(check: check, rank: best)
        }
    }
}
