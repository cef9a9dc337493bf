public import RehearsalCore

/// How much worse than its baseline a run may be before `rehearsal run --baseline FILE --fail-on-regression`
/// fails it. A scenario that passed in the baseline and fails now is always a regression; these bound the
/// suite figures, compared over the scenario runs both sides have. Improvements never fail the gate.
public struct GateThresholds: Sendable, Hashable {
    /// The largest drop in pass rate allowed, as a share of runs (0.02 = two runs in a hundred).
    public var maxAccuracyDrop: Double
    /// The largest rise in total cost allowed, in percent of the baseline's.
    public var maxCostIncreasePct: Double
    /// The largest rise in p95 virtual latency allowed, in percent of the baseline's.
    public var maxP95IncreasePct: Double

    /// Thresholds from their parts: by default no drop in pass rate, and 10% more cost or p95 latency.
    public init(maxAccuracyDrop: Double = 0, maxCostIncreasePct: Double = 10, maxP95IncreasePct: Double = 10) {
        self.maxAccuracyDrop = maxAccuracyDrop
        self.maxCostIncreasePct = maxCostIncreasePct
        self.maxP95IncreasePct = maxP95IncreasePct
    }

    /// These thresholds with each value given replacing ours.
    public func overridden(maxAccuracyDrop: Double? = nil, maxCostIncreasePct: Double? = nil, maxP95IncreasePct: Double? = nil) -> GateThresholds {
        GateThresholds(
            maxAccuracyDrop: maxAccuracyDrop ?? self.maxAccuracyDrop, maxCostIncreasePct: maxCostIncreasePct ?? self.maxCostIncreasePct,
            maxP95IncreasePct: maxP95IncreasePct ?? self.maxP95IncreasePct)
    }
}

extension GateThresholds: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["maxAccuracyDrop", "maxCostIncreasePct", "maxP95IncreasePct"])
        let defaults = GateThresholds()
        let drop: Double = try reader.decode("maxAccuracyDrop", default: defaults.maxAccuracyDrop)
        guard (0...1).contains(drop) else {
            throw JSONDecodingError(path: path.appending("maxAccuracyDrop"), message: "expected a share of runs between 0 and 1, found \(JSONValue.format(number: drop))")
        }
        let cost: Double = try reader.decode("maxCostIncreasePct", default: defaults.maxCostIncreasePct)
        let latency: Double = try reader.decode("maxP95IncreasePct", default: defaults.maxP95IncreasePct)
        for (key, value) in [("maxCostIncreasePct", cost), ("maxP95IncreasePct", latency)] where value < 0 {
            throw JSONDecodingError(path: path.appending(key), message: "expected a percentage of 0 or more, found \(JSONValue.format(number: value))")
        }
        self.init(maxAccuracyDrop: drop, maxCostIncreasePct: cost, maxP95IncreasePct: latency)
    }

    public var json: JSONValue {
        ["maxAccuracyDrop": .number(maxAccuracyDrop), "maxCostIncreasePct": .number(maxCostIncreasePct), "maxP95IncreasePct": .number(maxP95IncreasePct)]
    }
}
