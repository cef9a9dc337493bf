/// When the loop must stop even though the agent has not answered.
///
/// Limits are checked before each model call, so a run may overshoot the token or cost budget by the one step
/// that crossed it; the report says which limit stopped the run.
public struct RunLimits: Sendable, Hashable {
    /// The most model calls (steps) in one run.
    public var maxSteps: Int?
    /// The most tokens, input plus output, over the run.
    public var maxTokens: Int?
    /// The most USD spent over the run.
    public var maxCostUSD: Double?

    /// Limits from their parts; nil means no limit of that kind.
    public init(maxSteps: Int? = nil, maxTokens: Int? = nil, maxCostUSD: Double? = nil) {
        self.maxSteps = maxSteps
        self.maxTokens = maxTokens
        self.maxCostUSD = maxCostUSD
    }

    /// The limits a run gets when nothing sets them: 25 steps, no token or cost cap.
    public static let standard = RunLimits(maxSteps: 25)

    /// These limits with every limit `overrides` sets replacing this one's.
    public func overridden(by overrides: RunLimits) -> RunLimits {
        RunLimits(
            maxSteps: overrides.maxSteps ?? maxSteps, maxTokens: overrides.maxTokens ?? maxTokens,
            maxCostUSD: overrides.maxCostUSD ?? maxCostUSD)
    }

    /// The limit a run has reached after `steps` model calls, `tokens` tokens and `costUSD` spent, if any.
    public func reached(steps: Int, tokens: Int, costUSD: Double) -> StopReason.Limit? {
        if let maxSteps, steps >= maxSteps { return .maxSteps(maxSteps) }
        if let maxTokens, tokens >= maxTokens { return .maxTokens(maxTokens) }
        if let maxCostUSD, costUSD >= maxCostUSD { return .maxCost(maxCostUSD) }
        return nil
    }
}

extension RunLimits: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["maxSteps", "maxTokens", "maxCostUSD"])
        maxSteps = try reader.decodeIfPresent("maxSteps")
        maxTokens = try reader.decodeIfPresent("maxTokens")
        maxCostUSD = try reader.decodeIfPresent("maxCostUSD")
        for (key, value) in [("maxSteps", maxSteps.map(Double.init)), ("maxTokens", maxTokens.map(Double.init)), ("maxCostUSD", maxCostUSD)] {
            if let value, value <= 0 {
                throw JSONDecodingError(path: path.appending(key), message: "expected a limit > 0, found \(JSONValue.format(number: value))")
            }
        }
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members["maxSteps"] = maxSteps.map(\.json)
        members["maxTokens"] = maxTokens.map(\.json)
        members["maxCostUSD"] = maxCostUSD.map(JSONValue.number)
        return .object(members)
    }
}
