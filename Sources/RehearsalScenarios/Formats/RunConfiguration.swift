public import RehearsalCore
public import RehearsalReplay

/// Everything a comparison varies: the router, the models per agent, limits, how recordings are matched, the
/// price table, trials and the regression gate. A `*.config.json` file (see docs/config.md).
///
/// ```json
/// {"name": "router", "router": {"kind": "rules", "strongIf": {"keywords": ["policy"]}},
///  "models": {"finance": {"strong": "claude-sonnet-4"}}, "limits": {"maxSteps": 12}, "matcher": "canonical"}
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
    /// The cheap and strong models per agent, replacing those of the agents' files when a suite is loaded under
    /// this configuration.
    public var models: ModelOverrides
    /// The price table file: as the configuration names it, resolved against the configuration file's folder by
    /// the loader; once a command has chosen its prices, the file they came from (see ``pricesFrom``).
    public var prices: String?
    /// Where the prices a command used came from; nil until a command has chosen them.
    public var pricesFrom: PricesOrigin?
    /// How many times `run` and `compare` run each scenario when `--trials` is not given; nil leaves it to them (1).
    public var trials: Int?
    /// How much worse than its baseline a run may be before the regression gate fails it.
    public var gate: GateThresholds
    /// The file it came from, when it came from one.
    public var file: String?

    /// A configuration from its parts.
    public init(
        name: String, description: String = "", router: RouterConfiguration, limits: RunLimits = .init(),
        matcher: RequestMatcher = .canonical, evaluation: EvaluationDefaults = .init(), models: ModelOverrides = .init(),
        prices: String? = nil, trials: Int? = nil, gate: GateThresholds = .init(), file: String? = nil
    ) {
        self.evaluation = evaluation
        self.gate = gate
        self.name = name
        self.description = description
        self.router = router
        self.limits = limits
        self.matcher = matcher
        self.models = models
        self.prices = prices
        self.trials = trials
        self.file = file
    }

    /// The configuration used when a suite names none: every agent on its strong model.
    public static let standard = RunConfiguration(
        name: "always-strong", description: "Every task on each agent's strong model.", router: .alwaysStrong)

    /// A digest of everything that changes runs: trace ids derive from it.
    ///
    /// It covers the router, limits, matcher and model overrides (the last only when there are any, so digests of
    /// configurations without them did not change when they were introduced). Not the name or file; not the
    /// evaluation defaults or gate, which change verdicts, not runs; not the trials, which every run carries
    /// itself; not the prices, which change costs, not the requests made (see docs/config.md).
    public var digest: String {
        var material: [String: JSONValue] = ["router": router.json, "limits": limits.json, "matcher": .string(matcher.description)]
        if !models.isEmpty { material["models"] = models.json }
        return String(SHA256.hex(JSONValue.object(material).serialized()).prefix(16))
    }

    /// This configuration as read from `file`: the file recorded and its price table resolved against the file's folder.
    public func located(at file: String) -> RunConfiguration {
        var configuration = self
        configuration.file = file
        configuration.prices = prices.map { Path.normalize(Path.join(Path.parent(of: file), $0)) }
        return configuration
    }
}

extension RunConfiguration: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: [
            "name", "description", "router", "models", "limits", "matcher", "evaluation", "prices", "trials", "gate",
        ])
        let matcherName: String = try reader.decode("matcher", default: "canonical")
        guard let matcher = RequestMatcher(matcherName) else {
            throw JSONDecodingError(path: path.appending("matcher"), message: "expected \"canonical\" or \"sequence\", found \(JSONValue.string(matcherName).serialized())")
        }
        let prices: String? = try reader.decodeIfPresent("prices")
        if prices?.isEmpty == true {
            throw JSONDecodingError(path: path.appending("prices"), message: "expected a price table file, relative to this file's folder, found \"\"")
        }
        let trials: Int? = try reader.decodeIfPresent("trials")
        if let trials, trials < 1 {
            throw JSONDecodingError(path: path.appending("trials"), message: "expected a positive number of trials, found \(trials)")
        }
        self.init(
            name: try reader.decode("name"), description: try reader.decode("description", default: ""),
            router: try reader.decode("router"), limits: try reader.decode("limits", default: RunLimits()), matcher: matcher,
            evaluation: try reader.decode("evaluation", default: EvaluationDefaults()),
            models: try reader.decode("models", default: ModelOverrides()), prices: prices, trials: trials,
            gate: try reader.decode("gate", default: GateThresholds()))
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(name), "description": .string(description), "router": router.json, "limits": limits.json,
            "matcher": .string(matcher.description), "digest": .string(digest), "evaluation": evaluation.json,
        ]
        members["models"] = models.json
        members["prices"] = prices.map(JSONValue.string)
        members["pricesFrom"] = pricesFrom.map { .string($0.rawValue) }
        members["trials"] = trials.map(\.json)
        members["gate"] = gate.json
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
