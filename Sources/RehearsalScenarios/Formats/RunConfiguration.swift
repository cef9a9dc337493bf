public import RehearsalCore
public import RehearsalReplay

/// Everything a comparison varies: the router, limits and how recordings are matched. A `*.config.json` file.
///
/// ```json
/// {"name": "router", "router": {"kind": "rules", "strongIf": {"keywords": ["policy"]}},
///  "limits": {"maxSteps": 12}, "matcher": "canonical"}
/// ```
public struct RunConfiguration: Sendable, Hashable {
    /// A short name for reports.
    public var name: String
    /// What the configuration is for.
    public var description: String
    /// How models are chosen.
    public var router: RouterConfiguration
    /// Limits overriding every agent's (a scenario's own limits override these).
    public var limits: RunLimits
    /// How model requests find their recordings.
    public var matcher: RequestMatcher
    /// How scenarios are judged when they do not say: the trajectory mode and argument rules.
    public var evaluation: EvaluationDefaults
    /// How much worse than its baseline a run may be before the regression gate fails it.
    public var gate: GateThresholds
    /// The file it came from, when it came from one.
    public var file: String?

    /// A configuration from its parts.
    public init(
        name: String, description: String = "", router: RouterConfiguration, limits: RunLimits = .init(),
        matcher: RequestMatcher = .canonical, evaluation: EvaluationDefaults = .init(), gate: GateThresholds = .init(),
        file: String? = nil
    ) {
        self.evaluation = evaluation
        self.gate = gate
        self.name = name
        self.description = description
        self.router = router
        self.limits = limits
        self.matcher = matcher
        self.file = file
    }

    /// The configuration used when a suite names none: every agent on its strong model.
    public static let standard = RunConfiguration(
        name: "always-strong", description: "Every task on each agent's strong model.", router: .alwaysStrong)

    /// A digest of everything that changes results (not the name or file): trace ids derive from it.
    public var digest: String {
        let material: JSONValue = ["router": router.json, "limits": limits.json, "matcher": .string(matcher.description)]
        return String(SHA256.hex(material.serialized()).prefix(16))
    }
}

extension RunConfiguration: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["name", "description", "router", "limits", "matcher", "evaluation", "gate"])
        let matcherName: String = try reader.decode("matcher", default: "canonical")
        guard let matcher = RequestMatcher(matcherName) else {
            throw JSONDecodingError(path: path.appending("matcher"), message: "expected \"canonical\" or \"sequence\", found \(JSONValue.string(matcherName).serialized())")
        }
        self.init(
            name: try reader.decode("name"), description: try reader.decode("description", default: ""),
            router: try reader.decode("router"), limits: try reader.decode("limits", default: RunLimits()), matcher: matcher,
            evaluation: try reader.decode("evaluation", default: EvaluationDefaults()),
            gate: try reader.decode("gate", default: GateThresholds()))
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(name), "description": .string(description), "router": router.json, "limits": limits.json,
            "matcher": .string(matcher.description), "digest": .string(digest), "evaluation": evaluation.json,
        ]
        members["file"] = file.map(JSONValue.string)
        return .object(members)
    }
}

/// How a configuration judges scenarios that do not say: the default trajectory mode and argument rules.
public struct EvaluationDefaults: Sendable, Hashable {
    /// The trajectory mode for scenarios that name none.
    public var trajectory: TrajectoryMode
    /// The argument rules scenarios refine.
    public var arguments: ArgumentRules
    /// How much lower than always-strong's pass rate a router threshold may be and still count as keeping its
    /// quality, as a share of runs (0.02 = two runs in a hundred).
    public var qualityTolerance: Double

    /// Defaults from their parts: `superset`, subset arguments and a 0.02 quality tolerance unless told otherwise.
    public init(trajectory: TrajectoryMode = .superset, arguments: ArgumentRules = .standard, qualityTolerance: Double = 0.02) {
        self.trajectory = trajectory
        self.arguments = arguments
        self.qualityTolerance = qualityTolerance
    }
}

extension EvaluationDefaults: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["trajectory", "arguments", "qualityTolerance"])
        let tolerance: Double = try reader.decode("qualityTolerance", default: 0.02)
        guard (0...1).contains(tolerance) else {
            throw JSONDecodingError(path: path.appending("qualityTolerance"), message: "expected a share of runs between 0 and 1, found \(JSONValue.format(number: tolerance))")
        }
        self.init(
            trajectory: try reader.decode("trajectory", default: .superset),
            arguments: ArgumentRules.standard.overridden(by: try reader.decode("arguments", default: ArgumentRules())), qualityTolerance: tolerance)
    }

    public var json: JSONValue {
        ["trajectory": .string(trajectory.rawValue), "arguments": arguments.json, "qualityTolerance": .number(qualityTolerance)]
    }
}
