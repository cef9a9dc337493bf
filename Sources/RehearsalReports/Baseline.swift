public import RehearsalCore

/// The figures a regression gate compares a run against, kept from one report: per scenario run its verdict, cost,
/// latency and first failure, and the suite's headline figures. Written by `--save-baseline FILE`.
///
/// A baseline is a pure function of a report's deterministic part (no wall clock, keys sorted), so the same report
/// always gives the same bytes and a baseline committed to a repository changes only when the figures do. The
/// format is documented in docs/baseline.md.
public struct Baseline: Sendable, Hashable {
    /// The value of `kind`, which tells a baseline from a report or any other JSON file.
    public static let kind = "rehearsal-baseline"
    /// The format's version, bumped when the meaning of a key changes.
    public static let schemaVersion = 1

    /// `tool.version` of the rehearsal that wrote the report, when it said.
    public var toolVersion: String?
    /// `suite.name`.
    public var suiteName: String
    /// `configuration.name`.
    public var configurationName: String
    /// `configuration.digest`: what the runs depend on (router, limits, matcher, model overrides); `nil` for reports that had none.
    public var configurationDigest: String?
    /// `prices.source` and `prices.date` of the price table used, when the report said.
    public var prices: Prices?
    /// The suite's headline figures, as the report had them.
    public var summary: Summary
    /// One entry per scenario run, in report order (scenario id, then trial).
    public var runs: [Run]

    /// The price table a baseline was priced with.
    public struct Prices: Sendable, Hashable {
        public var source: String
        public var date: String

        /// Prices from their parts.
        public init(source: String, date: String) {
            self.source = source
            self.date = date
        }
    }

    /// The suite's headline figures, over every run of the report.
    public struct Summary: Sendable, Hashable {
        /// Scenario runs.
        public var scenarios: Int
        public var passed: Int
        public var failed: Int
        /// Total cost in USD.
        public var costUSD: Double
        /// Nearest-rank latency percentiles in virtual milliseconds, over the runs that did not stop with an error.
        public var p50Ms: Double
        public var p95Ms: Double
        /// Micro-averaged tool-choice F1.
        public var f1: Double

        /// `passed / scenarios`, 0 when there are no runs.
        public var passRate: Double { scenarios == 0 ? 0 : Double(passed) / Double(scenarios) }

        /// Figures from their parts.
        public init(scenarios: Int, passed: Int, failed: Int, costUSD: Double, p50Ms: Double, p95Ms: Double, f1: Double)
        {
            self.scenarios = scenarios
            self.passed = passed
            self.failed = failed
            self.costUSD = costUSD
            self.p50Ms = p50Ms
            self.p95Ms = p95Ms
            self.f1 = f1
        }
    }

    /// One scenario run's figures.
    public struct Run: Sendable, Hashable {
        /// The scenario id.
        public var id: String
        /// The trial, 0 for the first.
        public var trial: Int
        public var passed: Bool
        /// The run's cost in USD.
        public var costUSD: Double
        /// The run's virtual latency in milliseconds.
        public var latencyMs: Double
        /// `stopReason.code` (`answered`, `limit:maxSteps`, `error`, …), when the report had one.
        public var stopReason: String?
        /// The first failure reason; `nil` for a run that passed.
        public var firstFailure: String?
        /// The model of the scenario's agent, `nil` when routing failed.
        public var model: String?

        /// A run from its parts.
        public init(
            id: String, trial: Int = 0, passed: Bool, costUSD: Double, latencyMs: Double, stopReason: String? = nil,
            firstFailure: String? = nil, model: String? = nil
        ) {
            self.id = id
            self.trial = trial
            self.passed = passed
            self.costUSD = costUSD
            self.latencyMs = latencyMs
            self.stopReason = stopReason
            self.firstFailure = firstFailure
            self.model = model
        }

        /// The id with `#trial` appended for trials after the first, as reports name runs.
        public var label: String { trial == 0 ? id : "\(id)#\(trial)" }

        /// What identifies the run across reports.
        public var key: Key { Key(id: id, trial: trial) }

        /// Whether the run finished (did not stop with an error), so that its latency counts in percentiles.
        public var finished: Bool { stopReason != "error" }
    }

    /// A scenario run's identity: its scenario id and trial.
    public struct Key: Sendable, Hashable, Comparable {
        public var id: String
        public var trial: Int

        /// A key from its parts.
        public init(id: String, trial: Int) {
            self.id = id
            self.trial = trial
        }

        public static func < (lhs: Key, rhs: Key) -> Bool { (lhs.id, lhs.trial) < (rhs.id, rhs.trial) }
    }

    /// A baseline from its parts.
    public init(
        toolVersion: String? = nil, suiteName: String, configurationName: String, configurationDigest: String?,
        prices: Prices? = nil,
        summary: Summary, runs: [Run]
    ) {
        self.toolVersion = toolVersion
        self.suiteName = suiteName
        self.configurationName = configurationName
        self.configurationDigest = configurationDigest
        self.prices = prices
        self.summary = summary
        self.runs = runs
    }

    /// The baseline of a report: what a gate needs of it, nothing wall-clock.
    public init(_ report: ReportDocument) {
        let summary = report.summary
        self.init(
            toolVersion: report.toolVersion, suiteName: report.suiteName, configurationName: report.configuration.name,
            configurationDigest: report.configuration.digest,
            prices: report.prices.map { Prices(source: $0.source, date: $0.date) },
            summary: Summary(
                scenarios: summary.scenarios, passed: summary.passed, failed: summary.failed, costUSD: summary.costUSD,
                p50Ms: summary.p50Ms,
                p95Ms: summary.p95Ms, f1: summary.f1),
            runs: report.scenarios.map { row in
                Run(
                    id: row.id, trial: row.trial, passed: row.passed, costUSD: row.costUSD, latencyMs: row.latencyMs,
                    stopReason: row.stopReason,
                    firstFailure: row.passed ? nil : (row.failures.first ?? "no reason recorded"), model: row.model)
            })
    }
}

// MARK: - Writing

extension Baseline: JSONEncodable {
    /// The baseline as JSON; optional keys are left out when they do not apply.
    public var json: JSONValue {
        var root: [String: JSONValue] = [
            "kind": .string(Baseline.kind),
            "schemaVersion": Baseline.schemaVersion.json,
            "suite": ["name": .string(suiteName)],
            "summary": [
                "scenarios": summary.scenarios.json, "passed": summary.passed.json, "failed": summary.failed.json,
                "passRate": .number(summary.passRate), "costUsd": .number(summary.costUSD),
                "p50Ms": .number(summary.p50Ms),
                "p95Ms": .number(summary.p95Ms), "f1": .number(summary.f1),
            ],
            "scenarios": .array(runs.map(\.json)),
        ]
        var configuration: [String: JSONValue] = ["name": .string(configurationName)]
        configuration["digest"] = configurationDigest.map(JSONValue.string)
        root["configuration"] = .object(configuration)
        if let toolVersion { root["tool"] = ["name": "rehearsal", "version": .string(toolVersion)] }
        if let prices { root["prices"] = ["source": .string(prices.source), "date": .string(prices.date)] }
        return .object(root)
    }

    /// The file's text: pretty-printed JSON with sorted keys, ending with a newline.
    public func serialized() -> String { json.serialized(.pretty) + "\n" }
}

extension Baseline.Run: JSONEncodable {
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "trial": trial.json, "passed": .bool(passed), "costUsd": .number(costUSD),
            "latencyMs": .number(latencyMs),
        ]
        members["stopReason"] = stopReason.map(JSONValue.string)
        members["firstFailure"] = firstFailure.map(JSONValue.string)
        members["model"] = model.map(JSONValue.string)
        return .object(members)
    }
}

// MARK: - Reading

extension Baseline {
    /// Reads a baseline document, lenient about keys it does not use and strict about those it does.
    /// - Throws: ``JSONDecodingError`` at the path of the first key that is missing or mistyped, at `kind` for a file
    ///   that is not a baseline (a report.json is named as such), or at `schemaVersion` for a newer baseline.
    public init(json: JSONValue) throws(JSONDecodingError) {
        let root = Fields(json, at: .root)
        try root.requireObject()
        guard let kind = try root.optionalString("kind") else {
            let looksLikeReport = json["scenarios"] != nil && json["summary"]?["toolChoice"] != nil
            throw JSONDecodingError(
                path: .root,
                message: "missing required key \"kind\": "
                    + (looksLikeReport
                        ? "this is a report.json, not a baseline; make one from it with `rehearsal report DIR --save-baseline FILE`"
                        : "expected a baseline written by `rehearsal run --save-baseline FILE`"))
        }
        guard kind == Baseline.kind else {
            throw JSONDecodingError(
                path: .root.appending("kind"),
                message:
                    "expected \(JSONValue.string(Baseline.kind).serialized()), found \(JSONValue.string(kind).serialized())"
            )
        }
        let version = try root.int("schemaVersion")
        guard version >= 1 && version <= Baseline.schemaVersion else {
            throw JSONDecodingError(
                path: .root.appending("schemaVersion"),
                message: "this build reads baseline schema version \(Baseline.schemaVersion), found \(version)"
                    + (version > Baseline.schemaVersion ? "; use a newer rehearsal" : ""))
        }
        toolVersion = try root.optional("tool")?.optionalString("version")
        suiteName = try root.object("suite").string("name")
        let configuration = try root.object("configuration")
        configurationName = try configuration.string("name")
        configurationDigest = try configuration.optionalString("digest")
        if let prices = try root.optional("prices") {
            self.prices = Prices(source: try prices.string("source"), date: try prices.string("date"))
        }
        let summary = try root.object("summary")
        self.summary = Summary(
            scenarios: try summary.int("scenarios"), passed: try summary.int("passed"),
            failed: try summary.int("failed"),
            costUSD: try summary.number("costUsd"), p50Ms: try summary.number("p50Ms"),
            p95Ms: try summary.number("p95Ms"),
            f1: try summary.number("f1"))
        var runs: [Run] = []
        var seen: Set<Key> = []
        for (index, value) in try root.array("scenarios").enumerated() {
            let fields = Fields(value, at: root.path.appending("scenarios").appending(index))
            try fields.requireObject()
            let run = Run(
                id: try fields.string("id"), trial: try fields.int("trial"), passed: try fields.bool("passed"),
                costUSD: try fields.number("costUsd"), latencyMs: try fields.number("latencyMs"),
                stopReason: try fields.optionalString("stopReason"),
                firstFailure: try fields.optionalString("firstFailure"), model: try fields.optionalString("model"))
            guard run.trial >= 0 else {
                throw JSONDecodingError(
                    path: fields.path.appending("trial"),
                    message: "expected a trial number of 0 or more, found \(run.trial)")
            }
            guard seen.insert(run.key).inserted else {
                throw JSONDecodingError(
                    path: fields.path,
                    message: "run \(run.label) is listed twice; each scenario id and trial may appear once")
            }
            runs.append(run)
        }
        self.runs = runs
    }

    /// Parses and reads a baseline file's text.
    /// - Throws: ``InputError`` naming `file`, the line and column, the JSON path and what was expected.
    public static func parse(_ text: String, file: String) throws(InputError) -> Baseline {
        let json = try JSONFile.parse(text, file: file)
        do {
            return try Baseline(json: json)
        } catch {
            let location = JSONParser.location(of: error.path, in: text, key: error.isAboutKey)
            throw InputError(
                file: file, line: location?.line, column: location?.column, path: error.path, message: error.message)
        }
    }
}
