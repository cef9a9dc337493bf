import Foundation
import RehearsalCore
import RehearsalReports
import Testing

struct OTLPTraceWriterTests {
    static let run = OTLPTraceWriter.Run(
        startedAt: "2026-12-01T09:30:00Z", toolVersion: "0.1.0", suite: "built-in", configuration: "router", id: "r-1")
    /// 2026-12-01T09:30:00Z in ns since the epoch.
    static let origin: Int64 = 1_796_117_400_000_000_000

    /// The spans of the only `TracesData` line of `text`.
    func spans(_ text: String) throws -> [JSONValue] {
        let lines = text.split(separator: "\n")
        try #require(lines.count == 1)
        let data = try JSONParser.parse(String(lines[0]))
        return try #require(data["resourceSpans"]?[0]?["scopeSpans"]?[0]?["spans"]?.arrayValue)
    }

    func span(named name: String, in spans: [JSONValue]) throws -> JSONValue {
        try #require(spans.first { $0["name"]?.stringValue == name }, "no span \(name)")
    }

    @Test func exportsTheDeniedCallFieldByField() throws {
        let entry = try TraceResources.entry("shipping.ticket-write-denied", in: "traced-report")
        let text = try OTLPTraceWriter.render([entry], of: Self.run)
        let data = try JSONParser.parse(String(text.dropLast()))
        let resource = try #require(data["resourceSpans"]?[0])
        #expect(
            attributes(resource["resource"]) == [
                "service.name": ["stringValue": "rehearsal"], "service.version": ["stringValue": "0.1.0"],
                "rehearsal.suite": ["stringValue": "built-in"], "rehearsal.configuration": ["stringValue": "router"],
                "rehearsal.run.id": ["stringValue": "r-1"],
                "rehearsal.run.started_at": ["stringValue": "2026-12-01T09:30:00Z"],
            ])
        #expect(resource["scopeSpans"]?[0]?["scope"] == ["name": "rehearsal", "version": "0.1.0"])
        let spans = try spans(text)
        #expect(spans.count == entry["spans"]?.arrayValue?.count)

        let root = try span(named: "invoke_agent logistics", in: spans)
        #expect(root["traceId"] == entry["traceId"])
        #expect(root["traceId"]?.stringValue == "cb5b1a1ef1e13b3c8b48c1e98c1ba65b")
        #expect(root["parentSpanId"] == nil)
        #expect(root["kind"] == 1)
        #expect(root["startTimeUnixNano"] == "1796117400000000000")
        #expect(root["endTimeUnixNano"] == "1796117407192000000", "7192 virtual ms after the start")
        #expect(root["status"] == ["code": 1])
        let rootAttributes = attributes(root)
        #expect(rootAttributes["gen_ai.operation.name"] == ["stringValue": "invoke_agent"])
        #expect(rootAttributes["gen_ai.agent.name"] == ["stringValue": "logistics"])
        #expect(rootAttributes["gen_ai.request.model"] == ["stringValue": "gpt-4o"])
        #expect(rootAttributes["gen_ai.provider.name"] == ["stringValue": "openai"])
        #expect(rootAttributes["rehearsal.scenario.id"] == ["stringValue": "shipping.ticket-write-denied"])
        #expect(rootAttributes["rehearsal.scenario.passed"] == ["boolValue": true])
        #expect(rootAttributes["rehearsal.agent.depth"] == ["intValue": "0"])

        let chats = spans.filter { $0["name"] == "chat gpt-4o" }
        #expect(chats.count == 4)
        let chat = try #require(chats.first)
        #expect(chat["kind"] == 3, "a model call is a CLIENT span")
        #expect(chat["parentSpanId"] == root["spanId"])
        #expect(chat["startTimeUnixNano"] == "1796117400000000000")
        #expect(chat["endTimeUnixNano"] == "1796117401088000000")
        let chatAttributes = attributes(chat)
        #expect(chatAttributes["gen_ai.operation.name"] == ["stringValue": "chat"])
        #expect(chatAttributes["gen_ai.provider.name"] == ["stringValue": "openai"])
        #expect(chatAttributes["gen_ai.request.model"] == ["stringValue": "gpt-4o"])
        #expect(chatAttributes["gen_ai.response.model"] == ["stringValue": "gpt-4o"])
        #expect(chatAttributes["gen_ai.usage.input_tokens"] == ["intValue": "1369"])
        #expect(chatAttributes["gen_ai.usage.output_tokens"] == ["intValue": "34"])
        #expect(chatAttributes["gen_ai.usage.cache_read.input_tokens"] == ["intValue": "0"])
        #expect(
            chatAttributes["gen_ai.response.finish_reasons"] == [
                "arrayValue": ["values": [["stringValue": "tool_calls"]]]
            ])
        #expect(chatAttributes["rehearsal.cost_usd"] == ["doubleValue": 0.0037625000000000002])

        let denied = try span(named: "execute_tool update_ticket", in: spans)
        #expect(denied["kind"] == 1)
        #expect(denied["parentSpanId"] == root["spanId"])
        #expect(
            denied["status"] == [
                "code": 2, "message": "update_ticket requires scope tickets:write, which user u-4410 does not have",
            ])
        let deniedAttributes = attributes(denied)
        #expect(deniedAttributes["error.type"] == ["stringValue": "gateway_denied"])
        #expect(deniedAttributes["gen_ai.operation.name"] == ["stringValue": "execute_tool"])
        #expect(deniedAttributes["gen_ai.tool.name"] == ["stringValue": "update_ticket"])
        #expect(deniedAttributes["gen_ai.tool.call.id"] == ["stringValue": "call_8389431842160de3f6657837"])
        #expect(
            deniedAttributes["gen_ai.tool.call.arguments"]?["stringValue"]?.stringValue?.contains(
                #""ticket_id":"T-5570""#) == true)
        #expect(deniedAttributes["rehearsal.tool.outcome"] == ["stringValue": "denied"])

        let gateway = try span(named: "authorize update_ticket", in: spans)
        #expect(gateway["parentSpanId"] == denied["spanId"])
        #expect(gateway["status"]?["code"] == 2)
        let gatewayAttributes = attributes(gateway)
        #expect(gatewayAttributes["error.type"] == ["stringValue": "gateway_denied"])
        #expect(gatewayAttributes["rehearsal.gateway.decision"] == ["stringValue": "deny"])
        #expect(gatewayAttributes["rehearsal.gateway.rule"] == ["stringValue": "required-scopes"])
        #expect(
            gatewayAttributes["rehearsal.gateway.missing_scopes"] == [
                "arrayValue": ["values": [["stringValue": "tickets:write"]]]
            ])

        let allowed = try span(named: "authorize get_ticket", in: spans)
        #expect(allowed["status"] == ["code": 1])
        #expect(
            attributes(allowed)["rehearsal.gateway.scopes"] == [
                "arrayValue": ["values": [["stringValue": "tickets:read"]]]
            ])
        #expect(attributes(allowed)["error.type"] == nil)
        let run = try span(named: "run_tool get_ticket", in: spans)
        #expect(run["endTimeUnixNano"] == "1796117401183000000")
        #expect(
            attributes(run)["gen_ai.operation.name"] == nil,
            "one execute_tool per call: the tool's own run is not a second one")

        for span in spans {
            #expect(isHex(span["traceId"], digits: 32) && isHex(span["spanId"], digits: 16))
            #expect(span["parentSpanId"] == nil || isHex(span["parentSpanId"], digits: 16))
            for key in ["startTimeUnixNano", "endTimeUnixNano"] {
                #expect(span[key]?.stringValue?.allSatisfy(\.isNumber) == true, "\(key) is a decimal string")
            }
            #expect([1, 3].contains(span["kind"]?.numberValue ?? 0))
            #expect([1, 2].contains(span["status"]?["code"]?.numberValue ?? 0))
        }
    }

    @Test func rebuildsTheSpanTreeOfEveryEntryFromTheOutput() throws {
        for name in TraceResources.names {
            let report = try TraceResources.report(name)
            let text = try OTLPTraceWriter.render(report)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == report.scenarios.count)
            for (line, row) in zip(lines, report.scenarios) {
                let exported =
                    try JSONParser.parse(String(line))["resourceSpans"]?[0]?["scopeSpans"]?[0]?["spans"]?.arrayValue
                    ?? []
                let original = row.json["spans"]?.arrayValue ?? []
                #expect(exported.count == original.count, "\(name) \(row.id)")
                // The tree as the output says it, by parentSpanId, against the report's, one span to one.
                let parents: [String: String?] = Dictionary(
                    uniqueKeysWithValues: exported.map {
                        ($0["spanId"]?.stringValue ?? "", $0["parentSpanId"]?.stringValue)
                    })
                #expect(parents.count == exported.count, "span ids are unique")
                for (out, span) in zip(exported, original) {
                    let id = try #require(span["spanId"]?.stringValue)
                    #expect(out["spanId"]?.stringValue == id)
                    #expect(parents[id] == .some(span["parentSpanId"]?.stringValue), "\(row.id): \(id)'s parent")
                    #expect(out["traceId"]?.stringValue == row.traceID)
                    #expect(attributes(out)["rehearsal.span.kind"]?["stringValue"] == span["kind"])
                    #expect(out["startTimeUnixNano"]?.stringValue == nanos(span["startMs"]))
                    #expect(out["endTimeUnixNano"]?.stringValue == nanos(span["endMs"]))
                    #expect(out["status"]?["code"] == (span["status"] == "error" ? 2 : 1))
                    #expect(out["status"]?["message"] == span["error"])
                    let expectedName = Self.exportedName(of: span)
                    #expect(out["name"]?.stringValue == expectedName)
                }
                if let parentless = exported.filter({ $0["parentSpanId"] == nil }).first {
                    #expect(exported.filter { $0["parentSpanId"] == nil }.count == 1, "one root")
                    #expect(parentless["name"]?.stringValue?.hasPrefix("invoke_agent ") == true)
                }
            }
        }
    }

    /// The name docs/otlp.md gives a report span.
    static func exportedName(of span: JSONValue) -> String? {
        let name = span["name"]?.stringValue ?? ""
        switch span["kind"]?.stringValue {
        case "tool_call": return "execute_tool " + (span["attributes"]?["tool"]?.stringValue ?? "")
        case "execution": return "run_tool " + name.dropFirst("execute_tool ".count)
        default: return name
        }
    }

    @Test func marksInvalidCallsWithTheirValidationKind() throws {
        let entry = try TraceResources.entry("procurement.malformed-quantity", in: "traced-report")
        let quotes = try spans(OTLPTraceWriter.render([entry], of: Self.run)).filter {
            $0["name"] == "execute_tool request_quote"
        }
        #expect(
            quotes.map { attributes($0)["error.type"]?["stringValue"] } == [
                "malformed_arguments", "invalid_arguments", nil, nil,
            ])
        #expect(quotes.map { $0["status"]?["code"] } == [2, 2, 1, 1])
        #expect(
            attributes(quotes[1])["gen_ai.tool.call.arguments"] == [
                "stringValue": #"{"category":"monitors","quantity":"fifty","vendor_id":"V-322"}"#
            ])
    }

    @Test func hangsASpecialistUnderItsHandoffCall() throws {
        let entry = try TraceResources.entry("shipping.supervisor-refund-handoff", in: "traced-report")
        let spans = try spans(OTLPTraceWriter.render([entry], of: Self.run))
        let handoff = try span(named: "execute_tool ask_logistics", in: spans)
        let specialist = try span(named: "invoke_agent logistics", in: spans)
        #expect(specialist["parentSpanId"] == handoff["spanId"])
        #expect(attributes(specialist)["rehearsal.agent.depth"] == ["intValue": "1"])
        #expect(attributes(specialist)["gen_ai.request.model"] == ["stringValue": "gpt-4o"])
        #expect(attributes(specialist)["rehearsal.scenario.id"] == nil, "only the root says which scenario ran")
        let search = try span(named: "execute_tool search_policy", in: spans)
        #expect(search["parentSpanId"] == specialist["spanId"])
        #expect(attributes(search)["gen_ai.agent.name"] == ["stringValue": "logistics"])
    }

    @Test func reportsARunThatStoppedWithAnErrorAsErrors() throws {
        let entry = try TraceResources.entry("procurement.po-rejected", in: "error-report")
        let spans = try spans(OTLPTraceWriter.render([entry], of: Self.run))
        let root = try span(named: "invoke_agent finance", in: spans)
        #expect(root["status"]?["code"] == 2)
        #expect(attributes(root)["error.type"] == ["stringValue": "run_error"])
        #expect(attributes(root)["rehearsal.scenario.passed"] == ["boolValue": false])
        #expect(attributes(root)["rehearsal.scenario.failures"]?["arrayValue"]?["values"]?.arrayValue?.count == 9)
        let chat = try span(named: "chat gpt-4o-mini", in: spans)
        #expect(attributes(chat)["error.type"] == ["stringValue": "model_call_failed"])
        #expect(chat["status"]?["message"]?.stringValue?.hasPrefix("no recording for model call 1") == true)
        #expect(
            attributes(chat)["gen_ai.provider.name"] == ["stringValue": "openai"],
            "the failed call names its provider too")
    }

    @Test func carriesHostileTextAsDataOnOneLinePerRun() throws {
        let report = try Golden.smallReport()
        let text = try OTLPTraceWriter.render(report)
        #expect(text.split(separator: "\n").count == report.scenarios.count)
        let failing = try #require(report.scenarios.firstIndex { $0.id == "procurement.po-rejected" })
        let line = String(text.split(separator: "\n")[failing])
        let root = try #require(try JSONParser.parse(line)["resourceSpans"]?[0]?["scopeSpans"]?[0]?["spans"]?[0])
        let failures = attributes(root)["rehearsal.scenario.failures"]?["arrayValue"]?["values"]?.arrayValue?.compactMap
        { $0["stringValue"]?.stringValue }
        #expect(failures == report.scenarios[failing].failures)
        #expect(
            attributes(try JSONParser.parse(String(text.split(separator: "\n")[0]))["resourceSpans"]?[0]?["resource"])[
                "rehearsal.suite"]?["stringValue"]?.stringValue == report.suiteName)
    }

    @Test func namesProvidersItCannotReadFromTheRun() throws {
        var entry = try TraceResources.entry("shipping.ticket-write-denied", in: "traced-report")
        // An entry from before model spans recorded a provider, with models the name rules know and do not know.
        let spans = (entry["spans"]?.arrayValue ?? []).enumerated().map { index, span -> JSONValue in
            guard span["kind"] == "model", var attributes = span["attributes"]?.objectValue else { return span }
            attributes["provider"] = nil
            attributes["model"] = index < 5 ? "claude-sonnet-4" : "llama-3.1-70b"
            return span.with("attributes", .object(attributes))
        }
        entry = entry.with("spans", .array(spans))
        func providers(_ options: OTLPTraceWriter.Options) throws -> [String] {
            try self.spans(OTLPTraceWriter.render([entry], of: Self.run, options: options)).filter { $0["kind"] == 3 }
                .compactMap { attributes($0)["gen_ai.provider.name"]?["stringValue"]?.stringValue }
        }
        #expect(try providers(.init()) == ["anthropic", "_OTHER", "_OTHER", "_OTHER"])
        #expect(
            try providers(.init(providers: .table(["llama-3.1-70b": "groq"]))) == ["anthropic", "groq", "groq", "groq"])
        #expect(try providers(.init(providers: .unknown)) == ["_OTHER", "_OTHER", "_OTHER", "_OTHER"])
    }

    @Test(arguments: [
        ("gpt-4o-mini", "openai"), ("o3-mini", "openai"), ("claude-haiku-4-5", "anthropic"),
        ("gemini-2.5-pro", "gcp.gen_ai"),
        ("mistral-large-latest", "mistral_ai"), ("command-r-plus", "cohere"), ("deepseek-chat", "deepseek"),
        ("grok-4", "x_ai"),
        ("sonar-pro", "perplexity"),
    ])
    func infersProvidersFromWellKnownModelNames(model: String, provider: String) {
        #expect(OTLPTraceWriter.ProviderNaming.wellKnownModelNames.name(model) == provider)
    }

    @Test func leavesOpenWeightModelsUnnamed() {
        #expect(OTLPTraceWriter.ProviderNaming.wellKnownModelNames.name("llama-3.1-70b") == nil)
        #expect(OTLPTraceWriter.ProviderNaming.wellKnownModelNames.name("my-finetune") == nil)
    }

    @Test func leavesOutToolArgumentsWhenAsked() throws {
        let entry = try TraceResources.entry("shipping.ticket-write-denied", in: "traced-report")
        let spans = try spans(
            OTLPTraceWriter.render([entry], of: Self.run, options: .init(includesToolArguments: false)))
        #expect(!spans.contains { attributes($0)["gen_ai.tool.call.arguments"] != nil })
        #expect(spans.contains { attributes($0)["gen_ai.tool.call.id"] != nil })
    }

    @Test func readsStartTimesWithOffsetsAndFractions() throws {
        let entry = try TraceResources.entry("returns.order-status", in: "small-report")
        func rootStart(_ startedAt: String) throws -> String? {
            var run = Self.run
            run.startedAt = startedAt
            return try spans(OTLPTraceWriter.render([entry], of: run)).first?["startTimeUnixNano"]?.stringValue
        }
        #expect(try rootStart("2026-12-01T10:30:00+01:00") == "1796117400000000000")
        #expect(try rootStart("2026-12-01T09:30:00.25Z") == "1796117400250000000")
        #expect(try rootStart("1970-01-01T00:00:00Z") == "0")
        #expect(try rootStart("2000-02-29T00:00:00Z") == "951782400000000000")
    }

    @Test(arguments: [
        "yesterday", "2026-12-01", "2026-12-01T09:30:00", "2026-13-01T09:30:00Z", "2026-12-01T09:30:00Zjunk",
    ])
    func refusesAStartTimeThatIsNotISO8601(startedAt: String) throws {
        let entry = try TraceResources.entry("returns.order-status", in: "small-report")
        var run = Self.run
        run.startedAt = startedAt
        #expect {
            try OTLPTraceWriter.render([entry], of: run)
        } throws: { error in
            (error as? OTLPExportError)?.message.contains("is not ISO 8601") == true
        }
    }

    @Test func namesTheEntryAndSpanOfABadID() throws {
        let entry = try TraceResources.entry("returns.order-status", in: "small-report")
        var spans = entry["spans"]?.arrayValue ?? []
        spans[1] = spans[1].with("spanId", "not-hex")
        #expect {
            try OTLPTraceWriter.render([entry, entry.with("spans", .array(spans))], of: Self.run)
        } throws: { error in
            (error as? OTLPExportError)?.message.hasPrefix("$[1].spans[1].spanId: expected 16 hex digits") == true
        }
        #expect {
            try OTLPTraceWriter.render([entry.with("traceId", "XYZ")], of: Self.run)
        } throws: { error in
            (error as? OTLPExportError)?.message.hasPrefix("$[0].traceId: expected 32 hex digits") == true
        }
    }

    @Test func exportsAStoredRunWithItsIdentity() throws {
        let entry = try TraceResources.entry("returns.order-status", in: "small-report")
        let run = StoredRun(
            id: "2026-12-01T0930-ab12", startedAt: "2026-12-01T09:30:00Z", status: .complete, suite: "built-in",
            configuration: "router",
            configurationDigest: "d", arguments: [:], expectedScenarioRuns: 1, rehearsalVersion: "0.2.0")
        let stored = StoredScenarioRun(
            runID: run.id, scenarioID: "returns.order-status", trial: 0, traceID: entry["traceId"]?.stringValue ?? "",
            family: "returns",
            passed: true, model: "gpt-4o-mini", costUSD: 0, latencyMs: 0, stopReason: "answered", failures: [],
            entry: entry)
        let data = try JSONParser.parse(String(try OTLPTraceWriter.render([stored], of: run).dropLast()))
        let resource = attributes(data["resourceSpans"]?[0]?["resource"])
        #expect(resource["rehearsal.run.id"] == ["stringValue": "2026-12-01T0930-ab12"])
        #expect(resource["service.version"] == ["stringValue": "0.2.0"])
        #expect(data["resourceSpans"]?[0]?["scopeSpans"]?[0]?["scope"]?["version"] == "0.2.0")
    }

    @Test func matchesTheGoldenForADeniedCall() throws {
        let entry = try TraceResources.entry("shipping.ticket-write-denied", in: "traced-report")
        try Golden.assert(
            try OTLPTraceWriter.render([entry], of: Self.run), matches: "traced-report.ticket-write-denied.otlp.jsonl")
    }

    // MARK: - Helpers

    /// An OTLP attribute list (of a span or a resource) as key → AnyValue.
    func attributes(_ holder: JSONValue?) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for pair in holder?["attributes"]?.arrayValue ?? [] {
            if let key = pair["key"]?.stringValue { result[key] = pair["value"] }
        }
        return result
    }

    func isHex(_ value: JSONValue?, digits: Int) -> Bool {
        guard let text = value?.stringValue else { return false }
        return text.count == digits && text.allSatisfy { "0123456789abcdef".contains($0) }
    }

    func nanos(_ ms: JSONValue?) -> String {
        String(Self.origin + Int64(((ms?.numberValue ?? 0) * 1_000_000).rounded()))
    }
}

extension JSONValue {
    /// The element at `index`, when this is an array that long.
    fileprivate subscript(index: Int) -> JSONValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
