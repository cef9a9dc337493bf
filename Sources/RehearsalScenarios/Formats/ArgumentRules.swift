public import RehearsalCore

/// How a call's arguments are compared with the expected ones: a mode plus optional refinements, set per scenario
/// (`expect.arguments`) over the configuration's defaults (`evaluation.arguments`).
///
/// In files: a mode string (`"subset"`, `"exact"`) or an object
/// `{"mode": "subset", "ignore": ["request_id"], "tolerance": 0.01, "relativeTolerance": 0.001,
///   "perTool": {"create_purchase_order": {"tolerance": 1}}}`. Any expected value may also be
/// `{"$anyOf": [value, value, …]}`: one of several acceptable values.
public struct ArgumentRules: Sendable, Hashable {
    /// Exact or subset comparison; nil inherits.
    public var mode: ArgumentMode?
    /// Keys (at any depth) left out of the comparison: volatile values such as generated ids; nil inherits.
    public var ignore: [String]?
    /// Numbers within this absolute distance of the expected value match; nil inherits.
    public var tolerance: Double?
    /// Numbers within this fraction of the expected value match; nil inherits.
    public var relativeTolerance: Double?
    /// Rules for one tool's calls, over these.
    public var perTool: [String: ArgumentRules]

    /// Rules from their parts.
    public init(mode: ArgumentMode? = nil, ignore: [String]? = nil, tolerance: Double? = nil, relativeTolerance: Double? = nil, perTool: [String: ArgumentRules] = [:]) {
        self.mode = mode
        self.ignore = ignore
        self.tolerance = tolerance
        self.relativeTolerance = relativeTolerance
        self.perTool = perTool
    }

    /// Subset comparison, nothing ignored, no tolerance: the default when nothing says otherwise.
    public static let standard = ArgumentRules(mode: .subset)

    /// These rules with everything `other` sets replacing them (per-tool rules merged tool by tool).
    public func overridden(by other: ArgumentRules) -> ArgumentRules {
        var merged = ArgumentRules(
            mode: other.mode ?? mode, ignore: other.ignore ?? ignore, tolerance: other.tolerance ?? tolerance,
            relativeTolerance: other.relativeTolerance ?? relativeTolerance, perTool: perTool)
        for (tool, rules) in other.perTool { merged.perTool[tool] = (perTool[tool] ?? ArgumentRules()).overridden(by: rules) }
        return merged
    }

    /// The rules that apply to calls of `tool`.
    public func resolved(for tool: String) -> ResolvedArgumentRules {
        let rules = perTool[tool].map { self.overridden(by: $0) } ?? self
        return ResolvedArgumentRules(
            mode: rules.mode ?? .subset, ignore: Set(rules.ignore ?? []), tolerance: rules.tolerance ?? 0,
            relativeTolerance: rules.relativeTolerance ?? 0)
    }
}

/// Argument rules with every choice made, for one tool.
public struct ResolvedArgumentRules: Sendable, Hashable {
    /// Exact or subset.
    public var mode: ArgumentMode
    /// Keys left out at any depth.
    public var ignore: Set<String>
    /// Absolute numeric tolerance.
    public var tolerance: Double
    /// Relative numeric tolerance.
    public var relativeTolerance: Double

    /// Rules from their parts.
    public init(mode: ArgumentMode, ignore: Set<String> = [], tolerance: Double = 0, relativeTolerance: Double = 0) {
        self.mode = mode
        self.ignore = ignore
        self.tolerance = tolerance
        self.relativeTolerance = relativeTolerance
    }

    /// Whether two numbers match within the tolerances.
    public func numbersMatch(_ actual: Double, _ expected: Double) -> Bool {
        actual == expected || abs(actual - expected) <= max(tolerance, relativeTolerance * abs(expected))
    }
}

extension ArgumentRules: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        if case .string(let name) = json {
            self.init(mode: try ArgumentRules.mode(name, at: path))
            return
        }
        let reader = try JSONObjectReader(json, at: path, keys: ["mode", "ignore", "tolerance", "relativeTolerance", "perTool"])
        let modeName: String? = try reader.decodeIfPresent("mode")
        let tolerance: Double? = try reader.decodeIfPresent("tolerance")
        let relative: Double? = try reader.decodeIfPresent("relativeTolerance")
        for (key, value) in [("tolerance", tolerance), ("relativeTolerance", relative)] {
            if let value, value < 0 {
                throw JSONDecodingError(path: path.appending(key), message: "expected a tolerance >= 0, found \(JSONValue.format(number: value))")
            }
        }
        self.init(
            mode: try modeName.map { try ArgumentRules.mode($0, at: path.appending("mode")) }, ignore: try reader.decodeIfPresent("ignore"),
            tolerance: tolerance, relativeTolerance: relative, perTool: try reader.decode("perTool", default: [:]))
    }

    private static func mode(_ name: String, at path: JSONPath) throws -> ArgumentMode {
        guard let mode = ArgumentMode(rawValue: name) else {
            throw JSONDecodingError(path: path, message: "expected \"exact\" or \"subset\", found \(JSONValue.string(name).serialized())")
        }
        return mode
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members["mode"] = mode.map { .string($0.rawValue) }
        members["ignore"] = ignore.map(\.json)
        members["tolerance"] = tolerance.map(JSONValue.number)
        members["relativeTolerance"] = relativeTolerance.map(JSONValue.number)
        if !perTool.isEmpty { members["perTool"] = .object(perTool.mapValues(\.json)) }
        return .object(members)
    }
}
