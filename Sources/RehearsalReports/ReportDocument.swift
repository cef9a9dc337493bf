public import RehearsalCore

/// A `report.json` as the human-facing writers read it: the headline figures and one row per scenario run, typed,
/// with the raw JSON kept for the parts a writer shows as they are (a scenario's steps and calls).
///
/// Reading is lenient about keys it does not use, so a report from a newer minor version still renders, and strict
/// about the keys it does use: a missing or mistyped one is a ``JSONDecodingError`` naming its JSON path. Schema
/// version 1 reports (without the evaluation-in-depth figures) read too; the v2-only parts are then `nil`.
public struct ReportDocument: Sendable {
    /// The schema versions this build reads.
    public static let readableVersions = 1...RunReport.schemaVersion

    /// The whole document.
    public var json: JSONValue
    /// `schemaVersion`.
    public var schemaVersion: Int
    /// `tool.version`, when present.
    public var toolVersion: String?
    /// `suite.name`.
    public var suiteName: String
    /// The configuration evaluated.
    public var configuration: Configuration
    /// `prices.source` and `prices.date`, when present.
    public var prices: (source: String, date: String)?
    /// `environment.startedAt`, when present: the only wall-clock fact the writers show.
    public var startedAt: String?
    /// The suite's figures.
    public var summary: Summary
    /// One entry per scenario run, in report order.
    public var scenarios: [ScenarioRow]

    /// The configuration as the writers name it.
    public struct Configuration: Sendable {
        /// `configuration.name`.
        public var name: String
        /// `configuration.description`, when present.
        public var description: String?
        /// `configuration.router.kind`: `fixed`, `rules` or `classifier`.
        public var routerKind: String?
        /// `configuration.digest`.
        public var digest: String?
        /// `configuration.file`, when the configuration came from a file.
        public var file: String?
    }

    /// The suite's headline figures.
    public struct Summary: Sendable {
        public var scenarios: Int
        public var passed: Int
        public var failed: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var exactMatchRate: Double
        public var argumentAccuracy: Double
        public var p50Ms: Double
        public var p95Ms: Double
        /// `latency.p99Ms` (schema version 2).
        public var p99Ms: Double?
        public var inputTokens: Int
        public var cachedInputTokens: Int
        public var outputTokens: Int
        public var costUSD: Double
        /// `router.strongShare`, 0...1.
        public var strongShare: Double
        /// `router.baselineUsd`: what the same runs cost on the strong model.
        public var baselineUSD: Double
        /// `router.savingsPct`, 0...100 (negative when routing cost more).
        public var savingsPct: Double
        /// `summary.security` (schema version 2).
        public var security: Security?
        /// `summary.routerSweep`, absent with `--no-sweep`.
        public var routerSweep: RouterSweep?
        /// `summary.reliability` (schema version 2).
        public var reliability: Reliability?
    }

    /// Safety figures.
    public struct Security: Sendable {
        public var deniedCalls: Int
        public var invalidCalls: Int
        public var neverCallChecked: Int
        public var neverCallHeld: Int
        public var approvalsRequested: Int
        public var approvalsGranted: Int
        public var approvalsEdited: Int
        public var approvalsRejected: Int
        /// Limit code → runs stopped by it.
        public var limitsHit: [String: Int]
    }

    /// The router sweep's points and figures.
    public struct RouterSweep: Sendable {
        /// One point of the cost/quality curve.
        public struct Point: Sendable {
            public var name: String
            public var threshold: Double?
            public var strongShare: Double
            public var quality: Double
            public var costUSD: Double
            /// Whether the point is a cascade (cheap first, strong on failure).
            public var isCascade: Bool { name.hasPrefix("cascade") }
        }
        public var points: [Point]
        /// The cheapest threshold within the quality tolerance.
        public var best: Point?
        public var bestSavingsPct: Double?
        public var apgrCalls: Double?
        public var cpt80Calls: Double?
        public var qualityTolerance: Double
        /// `classifierConfiguration`: the configuration whose classifier scored the runs, `nil` when the suite has none.
        public var classifierConfiguration: String?
        /// `excluded`: the labels of runs left out because a replay could not finish.
        public var excluded: [String]
    }

    /// pass@k and pass^k.
    public struct Reliability: Sendable {
        public var trials: Int
        /// pass@k for k = 1...trials.
        public var passAt: [Double]
        /// pass^k for k = 1...trials.
        public var passHat: [Double]
    }

    /// One scenario run as a table row; `json` holds the rest for detail views.
    public struct ScenarioRow: Sendable {
        public var id: String
        public var title: String
        /// The scenario family (the id's first part unless the scenario says otherwise).
        public var family: String
        public var trial: Int
        public var passed: Bool
        /// The model of the scenario's agent, `nil` when routing failed.
        public var model: String?
        /// `routing.tier` and `routing.reason`, when the scenario was routed.
        public var routingTier: String?
        public var routingReason: String?
        public var f1: Double?
        public var costUSD: Double
        public var latencyMs: Double
        public var failures: [String]
        public var traceID: String
        public var toolCalls: Int
        public var inputTokens: Int
        public var outputTokens: Int
        /// `stopReason.code`.
        public var stopReason: String?
        /// The scenario's entry in the report, as it is.
        public var json: JSONValue

        /// The id with `#trial` appended for trials after the first, as the report's lists name runs.
        public var label: String { trial == 0 ? id : "\(id)#\(trial)" }
    }

    /// Reads a report document.
    /// - Throws: ``JSONDecodingError`` at the path of the first key that is missing or mistyped, or at
    ///   `schemaVersion` when the report is newer than this build reads.
    public init(json: JSONValue) throws(JSONDecodingError) {
        let root = Fields(json, at: .root)
        try root.requireObject()
        self.json = json
        schemaVersion = try root.int("schemaVersion")
        guard ReportDocument.readableVersions.contains(schemaVersion) else {
            throw JSONDecodingError(
                path: .root.appending("schemaVersion"),
                message: "this build reads report schema versions \(ReportDocument.readableVersions.lowerBound) to \(ReportDocument.readableVersions.upperBound), found \(schemaVersion); use a newer rehearsal")
        }
        toolVersion = try root.optional("tool")?.optionalString("version")
        suiteName = try root.object("suite").string("name")
        let configuration = try root.object("configuration")
        self.configuration = Configuration(
            name: try configuration.string("name"), description: try configuration.optionalString("description"),
            routerKind: try configuration.optional("router")?.optionalString("kind"), digest: try configuration.optionalString("digest"),
            file: try configuration.optionalString("file"))
        if let prices = try root.optional("prices") {
            self.prices = (try prices.string("source"), try prices.string("date"))
        }
        startedAt = try root.optional("environment")?.optionalString("startedAt")
        summary = try Summary(try root.object("summary"))
        scenarios = try root.array("scenarios").enumerated().map { index, value throws(JSONDecodingError) in
            try ScenarioRow(Fields(value, at: .root.appending("scenarios").appending(index)))
        }
    }

    /// Parses and reads a report file's text.
    /// - Throws: ``InputError`` naming `file`, the line and column, the JSON path and what was expected.
    public static func parse(_ text: String, file: String) throws(InputError) -> ReportDocument {
        let json = try JSONFile.parse(text, file: file)
        do {
            return try ReportDocument(json: json)
        } catch {
            let location = JSONParser.location(of: error.path, in: text, key: error.isAboutKey)
            throw InputError(file: file, line: location?.line, column: location?.column, path: error.path, message: error.message)
        }
    }
}

extension ReportDocument.Summary {
    init(_ fields: Fields) throws(JSONDecodingError) {
        scenarios = try fields.int("scenarios")
        passed = try fields.int("passed")
        failed = try fields.int("failed")
        let toolChoice = try fields.object("toolChoice")
        precision = try toolChoice.number("precision")
        recall = try toolChoice.number("recall")
        f1 = try toolChoice.number("f1")
        exactMatchRate = try toolChoice.number("exactMatchRate")
        argumentAccuracy = try toolChoice.number("argumentAccuracy")
        let latency = try fields.object("latency")
        p50Ms = try latency.number("p50Ms")
        p95Ms = try latency.number("p95Ms")
        p99Ms = try latency.optionalNumber("p99Ms")
        let tokens = try fields.object("tokens")
        inputTokens = try tokens.int("input")
        cachedInputTokens = try tokens.int("cachedInput")
        outputTokens = try tokens.int("output")
        costUSD = try fields.object("cost").number("usd")
        let router = try fields.object("router")
        strongShare = try router.number("strongShare")
        baselineUSD = try router.number("baselineUsd")
        savingsPct = try router.number("savingsPct")
        security = try fields.optional("security").map { security throws(JSONDecodingError) in
            let neverCall = try security.object("neverCall")
            let approvals = try security.object("approvals")
            var limits: [String: Int] = [:]
            // report.json lists the runs each limit stopped; the reader keeps their number.
            if let hit = try security.optional("limitsHit") {
                for key in hit.keys { limits[key] = try hit.strings(key).count }
            }
            return ReportDocument.Security(
                deniedCalls: try security.int("deniedCalls"), invalidCalls: try security.int("invalidCalls"),
                neverCallChecked: try neverCall.int("checked"), neverCallHeld: try neverCall.int("held"),
                approvalsRequested: try approvals.int("requested"), approvalsGranted: try approvals.int("granted"),
                approvalsEdited: try approvals.int("edited"), approvalsRejected: try approvals.int("rejected"), limitsHit: limits)
        }
        routerSweep = try fields.optional("routerSweep").map { sweep throws(JSONDecodingError) in
            func point(_ fields: Fields) throws(JSONDecodingError) -> ReportDocument.RouterSweep.Point {
                .init(
                    name: try fields.string("name"), threshold: try fields.optionalNumber("threshold"),
                    strongShare: try fields.number("strongShare"), quality: try fields.number("quality"), costUSD: try fields.number("costUsd"))
            }
            var points: [ReportDocument.RouterSweep.Point] = []
            for (index, value) in try sweep.array("points").enumerated() {
                points.append(try point(Fields(value, at: sweep.path.appending("points").appending(index))))
            }
            return ReportDocument.RouterSweep(
                points: points, best: try sweep.optional("best").map(point), bestSavingsPct: try sweep.optionalNumber("bestSavingsPct"),
                apgrCalls: try sweep.optional("apgr")?.optionalNumber("calls"), cpt80Calls: try sweep.optional("cpt80")?.optionalNumber("strongShare"),
                qualityTolerance: try sweep.optionalNumber("qualityTolerance") ?? 0,
                classifierConfiguration: try sweep.optionalString("classifierConfiguration"),
                excluded: try sweep.optionalStrings("excluded") ?? [])
        }
        reliability = try fields.optional("reliability").map { reliability throws(JSONDecodingError) in
            ReportDocument.Reliability(
                trials: try reliability.int("trials"), passAt: try reliability.numbers("passAt"), passHat: try reliability.numbers("passHat"))
        }
    }
}

extension ReportDocument.ScenarioRow {
    init(_ fields: Fields) throws(JSONDecodingError) {
        id = try fields.string("id")
        title = try fields.optionalString("title") ?? ""
        family = try fields.optionalString("family") ?? String(id.split(separator: ".").first ?? Substring(id))
        trial = try fields.optionalInt("trial") ?? 0
        passed = try fields.bool("passed")
        model = try fields.optionalString("model")
        let routing = try fields.optional("routing")
        routingTier = try routing?.optionalString("tier")
        routingReason = try routing?.optionalString("reason")
        f1 = try fields.optional("toolChoice")?.optionalNumber("f1")
        costUSD = try fields.optionalNumber("costUsd") ?? 0
        latencyMs = try fields.optionalNumber("latencyMs") ?? 0
        failures = try fields.strings("failures")
        traceID = try fields.string("traceId")
        toolCalls = try fields.array("toolCalls").count
        let tokens = try fields.optional("tokens")
        inputTokens = try tokens?.optionalInt("input") ?? 0
        outputTokens = try tokens?.optionalInt("output") ?? 0
        stopReason = try fields.optional("stopReason")?.optionalString("code")
        json = fields.value
    }
}

/// Typed access to one JSON object's members, with errors at their paths. Unknown members are ignored.
struct Fields {
    let value: JSONValue
    let path: JSONPath

    init(_ value: JSONValue, at path: JSONPath) {
        self.value = value
        self.path = path
    }

    var keys: [String] { (value.objectValue ?? [:]).keys.sorted() }

    func requireObject() throws(JSONDecodingError) {
        guard case .object = value else { throw .typeMismatch(at: path, expected: "an object", found: value) }
    }

    private func member(_ key: String) throws(JSONDecodingError) -> JSONValue {
        try requireObject()
        guard let member = value[key], member != .null else {
            throw JSONDecodingError(path: path, message: "missing required key \(JSONValue.string(key).serialized())")
        }
        return member
    }

    private func optionalMember(_ key: String) throws(JSONDecodingError) -> JSONValue? {
        try requireObject()
        guard let member = value[key], member != .null else { return nil }
        return member
    }

    func object(_ key: String) throws(JSONDecodingError) -> Fields {
        let fields = Fields(try member(key), at: path.appending(key))
        try fields.requireObject()
        return fields
    }

    func optional(_ key: String) throws(JSONDecodingError) -> Fields? {
        guard let member = try optionalMember(key) else { return nil }
        let fields = Fields(member, at: path.appending(key))
        try fields.requireObject()
        return fields
    }

    func array(_ key: String) throws(JSONDecodingError) -> [JSONValue] {
        let member = try member(key)
        guard let elements = member.arrayValue else { throw .typeMismatch(at: path.appending(key), expected: "an array", found: member) }
        return elements
    }

    func string(_ key: String) throws(JSONDecodingError) -> String {
        let member = try member(key)
        guard let text = member.stringValue else { throw .typeMismatch(at: path.appending(key), expected: "a string", found: member) }
        return text
    }

    func optionalString(_ key: String) throws(JSONDecodingError) -> String? {
        guard let member = try optionalMember(key) else { return nil }
        guard let text = member.stringValue else { throw .typeMismatch(at: path.appending(key), expected: "a string", found: member) }
        return text
    }

    func number(_ key: String) throws(JSONDecodingError) -> Double {
        let member = try member(key)
        guard let number = member.numberValue else { throw .typeMismatch(at: path.appending(key), expected: "a number", found: member) }
        return number
    }

    func optionalNumber(_ key: String) throws(JSONDecodingError) -> Double? {
        guard let member = try optionalMember(key) else { return nil }
        guard let number = member.numberValue else { throw .typeMismatch(at: path.appending(key), expected: "a number", found: member) }
        return number
    }

    func int(_ key: String) throws(JSONDecodingError) -> Int {
        let member = try member(key)
        guard member.isInteger, let number = member.numberValue else {
            throw .typeMismatch(at: path.appending(key), expected: "an integer", found: member)
        }
        return Int(number)
    }

    func optionalInt(_ key: String) throws(JSONDecodingError) -> Int? {
        guard try optionalMember(key) != nil else { return nil }
        return try int(key)
    }

    func bool(_ key: String) throws(JSONDecodingError) -> Bool {
        let member = try member(key)
        guard let flag = member.boolValue else { throw .typeMismatch(at: path.appending(key), expected: "true or false", found: member) }
        return flag
    }

    func strings(_ key: String) throws(JSONDecodingError) -> [String] {
        var result: [String] = []
        for (index, element) in try array(key).enumerated() {
            guard let text = element.stringValue else {
                throw .typeMismatch(at: path.appending(key).appending(index), expected: "a string", found: element)
            }
            result.append(text)
        }
        return result
    }

    func optionalStrings(_ key: String) throws(JSONDecodingError) -> [String]? {
        guard try optionalMember(key) != nil else { return nil }
        return try strings(key)
    }

    func numbers(_ key: String) throws(JSONDecodingError) -> [Double] {
        var result: [Double] = []
        for (index, element) in try array(key).enumerated() {
            guard let number = element.numberValue else {
                throw .typeMismatch(at: path.appending(key).appending(index), expected: "a number", found: element)
            }
            result.append(number)
        }
        return result
    }
}
