public import RehearsalCore

/// Scenario runs as OTLP/JSON traces for any OpenTelemetry backend: JSON Lines, one `TracesData` per scenario run,
/// following the OpenTelemetry GenAI semantic conventions (`invoke_agent`, `chat`, `execute_tool` spans).
///
/// Each line holds one `resourceSpans` entry whose resource names the run (`service.name` `rehearsal`, the suite,
/// the configuration), one scope (`rehearsal` and the tool's version) and every span of the scenario run's report
/// entry, one to one, with the same trace and span ids as `report.json`. Virtual times become absolute ones by
/// adding their millisecond offsets to the run's start. The encoding is OTLP's JSON mapping: hex ids, enums as
/// integers, 64-bit integers as decimal strings. The mapping of span kinds and attributes is in docs/otlp.md.
///
/// The output is a pure function of its inputs: attributes are sorted by key and spans keep the report's order.
public enum OTLPTraceWriter {
    /// What every exported trace says about the run it came from.
    public struct Run: Sendable, Hashable {
        /// When the run started, ISO 8601 (`2026-12-01T09:30:00Z`): the origin of the virtual times.
        public var startedAt: String
        /// The rehearsal version that made the run: `service.version` and the scope's version.
        public var toolVersion: String
        /// The suite's name.
        public var suite: String
        /// The configuration's name.
        public var configuration: String
        /// The run's id in the store, when it has one.
        public var id: String?

        /// A run description from its parts.
        public init(startedAt: String, toolVersion: String, suite: String, configuration: String, id: String? = nil) {
            self.startedAt = startedAt
            self.toolVersion = toolVersion
            self.suite = suite
            self.configuration = configuration
            self.id = id
        }
    }

    /// Choices about what the export carries.
    public struct Options: Sendable {
        /// How to name the provider of a model whose `chat` span does not record one.
        public var providers: ProviderNaming
        /// Whether `execute_tool` spans carry the proposed arguments as `gen_ai.tool.call.arguments`, an opt-in
        /// attribute of the conventions (arguments may hold personal data in production traces).
        public var includesToolArguments: Bool

        /// Options with well-known model names for providers and the tool arguments included, as report.json has them.
        public init(providers: ProviderNaming = .wellKnownModelNames, includesToolArguments: Bool = true) {
            self.providers = providers
            self.includesToolArguments = includesToolArguments
        }
    }

    /// The OTLP/JSON lines of `entries`, report.json's `scenarios[]` entries, each line ending with a newline.
    /// - Throws: ``OTLPExportError`` when the start time is not ISO 8601 or an entry lacks a valid trace or span id.
    public static func render(_ entries: [JSONValue], of run: Run, options: Options = Options()) throws(OTLPExportError)
        -> String
    {
        var text = ""
        for (index, entry) in entries.enumerated() {
            text += try tracesData(entry, of: run, options: options, path: .root.appending(index)).serialized() + "\n"
        }
        return text
    }

    /// The OTLP/JSON lines of every scenario run in `report`, with the run's start from its `environment`.
    /// - Throws: ``OTLPExportError`` when the report has no start time or an entry lacks a valid id.
    public static func render(_ report: ReportDocument, options: Options = Options()) throws(OTLPExportError) -> String
    {
        guard let startedAt = report.startedAt else {
            throw OTLPExportError(
                "the report has no environment.startedAt, the origin of its virtual times; export it from the store instead"
            )
        }
        let run = Run(
            startedAt: startedAt, toolVersion: report.toolVersion ?? "unknown", suite: report.suiteName,
            configuration: report.configuration.name)
        return try render(report.scenarios.map(\.json), of: run, options: options)
    }

    /// The OTLP/JSON lines of stored scenario runs of `run`.
    /// - Throws: ``OTLPExportError`` when the run's start is not ISO 8601 or an entry lacks a valid id.
    public static func render(_ scenarioRuns: [StoredScenarioRun], of run: StoredRun, options: Options = Options())
        throws(OTLPExportError) -> String
    {
        let described = Run(
            startedAt: run.startedAt, toolVersion: run.rehearsalVersion, suite: run.suite,
            configuration: run.configuration, id: run.id)
        return try render(scenarioRuns.map(\.entry), of: described, options: options)
    }

    /// One scenario run's `TracesData` object.
    /// - Throws: ``OTLPExportError`` when the start time is not ISO 8601 or the entry lacks a valid trace or span id.
    public static func tracesData(_ entry: JSONValue, of run: Run, options: Options = Options()) throws(OTLPExportError)
        -> JSONValue
    {
        try tracesData(entry, of: run, options: options, path: .root)
    }

    // MARK: - Span kinds and status codes (opentelemetry-proto trace.proto)

    /// `SPAN_KIND_INTERNAL`.
    static let internalKind = 1
    /// `SPAN_KIND_CLIENT`.
    static let clientKind = 3
    /// `STATUS_CODE_OK`.
    static let statusOK = 1
    /// `STATUS_CODE_ERROR`.
    static let statusError = 2

    static func tracesData(_ entry: JSONValue, of run: Run, options: Options, path: JSONPath) throws(OTLPExportError)
        -> JSONValue
    {
        guard let origin = UnixTime.nanoseconds(iso8601: run.startedAt) else {
            throw OTLPExportError(
                "the run's start time \(JSONValue.string(run.startedAt).serialized()) is not ISO 8601 (expected e.g. 2026-12-01T09:30:00Z)"
            )
        }
        guard let traceID = hexID(entry["traceId"], digits: 32) else {
            throw OTLPExportError(
                "\(path.appending("traceId")): expected 32 hex digits, found \(entry["traceId"]?.briefDescription ?? "nothing")"
            )
        }
        let spans = entry["spans"]?.arrayValue ?? []
        let context = SpanContext(entry: entry, spans: spans, options: options)
        var encoded: [JSONValue] = []
        for (index, span) in spans.enumerated() {
            encoded.append(
                try self.span(
                    span, at: path.appending("spans").appending(index), traceID: traceID, origin: origin,
                    context: context))
        }

        var resource = Attributes()
        resource.string("service.name", "rehearsal")
        resource.string("service.version", run.toolVersion)
        resource.string("rehearsal.suite", run.suite)
        resource.string("rehearsal.configuration", run.configuration)
        resource.string("rehearsal.run.id", run.id)
        resource.string("rehearsal.run.started_at", run.startedAt)
        let scopeSpans: JSONValue = [
            "scope": ["name": "rehearsal", "version": .string(run.toolVersion)], "spans": .array(encoded),
        ]
        return ["resourceSpans": [["resource": ["attributes": resource.json], "scopeSpans": [scopeSpans]]]]
    }

    /// What mapping one span needs to know about the others of its run.
    struct SpanContext {
        let entry: JSONValue
        let options: Options
        /// Span id → the model its agent was routed to (from the agent span's `routing` child).
        let agentModels: [String: String]
        /// Model → provider, as the run's `chat` spans recorded it.
        let recordedProviders: [String: String]
        /// Span id → the validation kind of a refused call (from its `validation` child).
        let refusals: [String: String]

        init(entry: JSONValue, spans: [JSONValue], options: Options) {
            self.entry = entry
            self.options = options
            var agentModels: [String: String] = [:]
            var recordedProviders: [String: String] = [:]
            var refusals: [String: String] = [:]
            for span in spans {
                let attributes = span["attributes"]
                guard let parent = span["parentSpanId"]?.stringValue else { continue }
                switch span["kind"]?.stringValue {
                case "routing": agentModels[parent] = attributes?["model"]?.stringValue ?? agentModels[parent]
                case "model":
                    if let model = attributes?["model"]?.stringValue,
                        let provider = attributes?["provider"]?.stringValue
                    {
                        recordedProviders[model] = recordedProviders[model] ?? provider
                    }
                case "validation": refusals[parent] = attributes?["kind"]?.stringValue ?? refusals[parent]
                default: break
                }
            }
            self.agentModels = agentModels
            self.recordedProviders = recordedProviders
            self.refusals = refusals
        }

        /// `gen_ai.provider.name` for `model`: what the run recorded, else the naming option, else `_OTHER`.
        func provider(of model: String, recorded: String?) -> String {
            recorded ?? recordedProviders[model] ?? options.providers.name(model) ?? "_OTHER"
        }
    }

    static func span(_ span: JSONValue, at path: JSONPath, traceID: String, origin: Int64, context: SpanContext)
        throws(OTLPExportError) -> JSONValue
    {
        guard let spanID = hexID(span["spanId"], digits: 16) else {
            throw OTLPExportError(
                "\(path.appending("spanId")): expected 16 hex digits, found \(span["spanId"]?.briefDescription ?? "nothing")"
            )
        }
        var parentID: String?
        if let parent = span["parentSpanId"], parent != .null {
            guard let id = hexID(parent, digits: 16) else {
                throw OTLPExportError(
                    "\(path.appending("parentSpanId")): expected 16 hex digits, found \(parent.briefDescription)")
            }
            parentID = id
        }
        let kind = span["kind"]?.stringValue ?? ""
        var attributes = span["attributes"]?.objectValue ?? [:]
        var out = Attributes()
        out.string("rehearsal.span.kind", kind)
        var name = span["name"]?.stringValue ?? kind
        var spanKind = internalKind
        let failed = span["status"]?.stringValue == "error"
        var errorType: String?

        func take(_ key: String) -> JSONValue? { attributes.removeValue(forKey: key) }
        switch kind {
        case "agent":
            let agent = take("agent")?.stringValue ?? ""
            name = "invoke_agent \(agent)"
            out.string("gen_ai.operation.name", "invoke_agent")
            out.string("gen_ai.agent.name", agent)
            if let model = context.agentModels[spanID] {
                out.string("gen_ai.request.model", model)
                out.string("gen_ai.provider.name", context.provider(of: model, recorded: nil))
            }
            out.string("rehearsal.user", take("user")?.stringValue)
            let stop = take("stopReason")?.stringValue
            out.string("rehearsal.stop_reason", stop)
            out.int("rehearsal.agent.depth", take("depth"))
            if parentID == nil {
                let entry = context.entry
                out.string("rehearsal.scenario.id", entry["id"]?.stringValue)
                out.int("rehearsal.scenario.trial", entry["trial"])
                out.bool("rehearsal.scenario.passed", entry["passed"]?.boolValue)
                let failures = (entry["failures"]?.arrayValue ?? []).compactMap(\.stringValue)
                if !failures.isEmpty { out.strings("rehearsal.scenario.failures", failures) }
                out.double("rehearsal.cost_usd", entry["costUsd"]?.numberValue)
            }
            errorType = stop?.hasPrefix("limit:") == true ? "limit_exceeded" : "run_error"
        case "routing":
            out.string("rehearsal.router.model", take("model")?.stringValue)
            out.string("rehearsal.router.tier", take("tier")?.stringValue)
            out.string("rehearsal.router.reason", take("reason")?.stringValue)
            out.double("rehearsal.router.score", take("score")?.numberValue)
            out.string("rehearsal.router.classifier_model", take("classifierModel")?.stringValue)
            errorType = "routing_failed"
        case "model":
            let model = take("model")?.stringValue ?? ""
            name = "chat \(model)"
            spanKind = clientKind
            out.string("gen_ai.operation.name", "chat")
            out.string("gen_ai.provider.name", context.provider(of: model, recorded: take("provider")?.stringValue))
            out.string("gen_ai.request.model", model)
            out.string("gen_ai.response.model", take("responseModel")?.stringValue)
            if let finish = take("finishReason")?.stringValue {
                out.strings("gen_ai.response.finish_reasons", [finish])
            }
            if let usage = take("usage") {
                out.int("gen_ai.usage.input_tokens", usage["input"])
                out.int("gen_ai.usage.output_tokens", usage["output"])
                out.int("gen_ai.usage.cache_read.input_tokens", usage["cachedInput"])
                out.int("gen_ai.usage.cache_creation.input_tokens", usage["cacheWrite"])
                out.int("gen_ai.usage.reasoning.output_tokens", usage["reasoning"])
            }
            out.int("rehearsal.step", take("step"))
            out.double("rehearsal.cost_usd", take("costUsd")?.numberValue)
            errorType = "model_call_failed"
        case "tool_call":
            let tool = take("tool")?.stringValue ?? ""
            name = "execute_tool \(tool)"
            out.string("gen_ai.operation.name", "execute_tool")
            out.string("gen_ai.tool.name", tool)
            out.string("gen_ai.tool.call.id", take("callId")?.stringValue)
            let arguments = take("arguments")
            if context.options.includesToolArguments {
                out.string("gen_ai.tool.call.arguments", arguments?.stringValue ?? arguments.map { $0.serialized() })
            }
            out.string("gen_ai.agent.name", take("agent")?.stringValue)
            let outcome = take("outcome")?.stringValue
            out.string("rehearsal.tool.outcome", outcome)
            out.int("rehearsal.step", take("step"))
            switch outcome {
            case "denied": errorType = "gateway_denied"
            case "invalid": errorType = refusalType(context.refusals[spanID])
            case "rejected": errorType = "approval_rejected"
            case "failed": errorType = "tool_error"
            default: errorType = "_OTHER"
            }
        case "validation":
            let refusal = take("kind")?.stringValue
            out.string("rehearsal.validation.kind", refusal)
            errorType = refusalType(refusal)
        case "gateway":
            out.string("rehearsal.gateway.decision", take("decision")?.stringValue)
            out.strings("rehearsal.gateway.scopes", take("scopes")?.arrayValue?.compactMap(\.stringValue))
            out.string("rehearsal.gateway.rule", take("rule")?.stringValue)
            out.strings(
                "rehearsal.gateway.missing_scopes", take("missingScopes")?.arrayValue?.compactMap(\.stringValue))
            errorType = "gateway_denied"
        case "approval":
            out.string("rehearsal.approval.decision", take("decision")?.stringValue)
            out.string("rehearsal.approval.note", take("note")?.stringValue)
            out.string("rehearsal.approval.reason", take("reason")?.stringValue)
            if let edited = take("arguments") {
                out.string("rehearsal.approval.arguments", edited.stringValue ?? edited.serialized())
            }
            errorType = "approval_rejected"
        case "execution":
            // The report calls the tool's own run `execute_tool`; here that name belongs to the whole call (the
            // conventions' execute_tool span), so the run inside it gets a name of its own.
            name =
                "run_tool " + (name.hasPrefix("execute_tool ") ? String(name.dropFirst("execute_tool ".count)) : name)
            errorType = "tool_error"
        case "user_turn":
            out.string("rehearsal.user_turn.content", take("content")?.stringValue)
            out.int("rehearsal.step", take("step"))
        default:
            break
        }
        // Whatever the report records that the mapping above does not name is kept, under rehearsal.*.
        for (key, value) in attributes {
            out.any("rehearsal.\(snakeCase(key))", value)
        }

        var status: [String: JSONValue] = ["code": .number(Double(failed ? statusError : statusOK))]
        if failed {
            out.string("error.type", errorType ?? "_OTHER")
            status["message"] = .string(span["error"]?.stringValue ?? "")
        }
        var members: [String: JSONValue] = [
            "traceId": .string(traceID), "spanId": .string(spanID), "name": .string(name),
            "kind": .number(Double(spanKind)),
            "startTimeUnixNano": .string(String(absolute(span["startMs"], from: origin))),
            "endTimeUnixNano": .string(String(absolute(span["endMs"], from: origin))),
            "attributes": out.json, "status": .object(status),
        ]
        members["parentSpanId"] = parentID.map(JSONValue.string)
        return .object(members)
    }

    /// `error.type` for a call validation refused, by the validation's kind.
    static func refusalType(_ kind: String?) -> String {
        switch kind {
        case "unknownTool": "unknown_tool"
        case "malformedJSON": "malformed_arguments"
        default: "invalid_arguments"
        }
    }

    /// `origin` plus a virtual time in ms, in ns.
    static func absolute(_ ms: JSONValue?, from origin: Int64) -> Int64 {
        origin + Int64(((ms?.numberValue ?? 0) * 1_000_000).rounded())
    }

    /// A hex id of `digits` digits, lowercased; nil when `value` is not one.
    static func hexID(_ value: JSONValue?, digits: Int) -> String? {
        let hex = Set("0123456789abcdefABCDEF".utf8)
        guard let text = value?.stringValue, text.utf8.count == digits, text.utf8.allSatisfy(hex.contains) else {
            return nil
        }
        return text.lowercased()
    }

    /// `camelCase` as `snake_case`.
    static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// OTLP `KeyValue`s under construction, written sorted by key.
    struct Attributes {
        private var values: [String: JSONValue] = [:]

        mutating func string(_ key: String, _ value: String?) {
            if let value { values[key] = ["stringValue": .string(value)] }
        }

        /// An integer as OTLP's `intValue`, a decimal string; a number with a fraction stays a `doubleValue`.
        mutating func int(_ key: String, _ value: JSONValue?) {
            guard let value, let number = value.numberValue else { return }
            values[key] =
                value.isInteger
                ? ["intValue": .string(JSONValue.format(number: number))] : ["doubleValue": .number(number)]
        }

        mutating func double(_ key: String, _ value: Double?) {
            if let value { values[key] = ["doubleValue": .number(value)] }
        }

        mutating func bool(_ key: String, _ value: Bool?) {
            if let value { values[key] = ["boolValue": .bool(value)] }
        }

        mutating func strings(_ key: String, _ value: [String]?) {
            if let value {
                values[key] = ["arrayValue": ["values": .array(value.map { ["stringValue": .string($0)] })]]
            }
        }

        mutating func any(_ key: String, _ value: JSONValue) {
            if let encoded = Attributes.anyValue(value) { values[key] = encoded }
        }

        /// `value` as an OTLP `AnyValue`; nil for JSON null, which has no counterpart.
        static func anyValue(_ value: JSONValue) -> JSONValue? {
            switch value {
            case .null: return nil
            case .bool(let flag): return ["boolValue": .bool(flag)]
            case .number(let number):
                return value.isInteger
                    ? ["intValue": .string(JSONValue.format(number: number))] : ["doubleValue": .number(number)]
            case .string(let text): return ["stringValue": .string(text)]
            case .array(let elements): return ["arrayValue": ["values": .array(elements.compactMap(anyValue))]]
            case .object(let members):
                let pairs = members.keys.sorted().compactMap { key in
                    anyValue(members[key]!).map { ["key": .string(key), "value": $0] as JSONValue }
                }
                return ["kvlistValue": ["values": .array(pairs)]]
            }
        }

        var json: JSONValue {
            .array(values.keys.sorted().map { ["key": .string($0), "value": values[$0]!] })
        }
    }
}
