/// Why a run ended.
public enum StopReason: Sendable, Hashable {
    /// The agent answered without calling a tool and no scripted user turn was left.
    case answered
    /// A limit stopped the loop.
    case limitReached(Limit)
    /// The run could not go on: a replay miss, an approval with no decision, a price missing.
    case error(String)

    /// A limit that can stop a run.
    public enum Limit: Sendable, Hashable, CustomStringConvertible {
        case maxSteps(Int)
        case maxTokens(Int)
        case maxCost(Double)

        /// The limit's key as written in files: `maxSteps`, `maxTokens` or `maxCostUSD`.
        public var key: String {
            switch self {
            case .maxSteps: "maxSteps"
            case .maxTokens: "maxTokens"
            case .maxCost: "maxCostUSD"
            }
        }

        public var description: String {
            switch self {
            case .maxSteps(let value): "maxSteps (\(value) model calls)"
            case .maxTokens(let value): "maxTokens (\(value) tokens)"
            case .maxCost(let value): "maxCostUSD ($\(JSONValue.format(number: value)))"
            }
        }
    }

    /// A short code for reports: `answered`, `limit:maxSteps`, `error`.
    public var code: String {
        switch self {
        case .answered: "answered"
        case .limitReached(let limit): "limit:" + limit.key
        case .error: "error"
        }
    }

    /// A sentence for people.
    public var explanation: String {
        switch self {
        case .answered: "the agent answered"
        case .limitReached(let limit): "stopped by limit \(limit)"
        case .error(let message): message
        }
    }
}
