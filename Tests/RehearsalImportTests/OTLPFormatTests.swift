import Foundation
import RehearsalCore
import RehearsalImport
import Testing

/// `OTLPFormat` on files written by hand from the OTLP and GenAI semantic-convention specifications (cited in
/// docs/trace-formats.md), one per case, and on our own `rehearsal run --otlp` output.
struct OTLPFormatTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Resources"

    static func traces(_ name: String) throws -> [ImportedTrace] {
        let text = try String(contentsOfFile: resources + "/" + name, encoding: .utf8)
        return try OTLPFormat.traces(in: text, file: name)
    }

    // MARK: - Content forms

    @Test func importsStructuredContentUnderTheNewerNames() throws {
        let traces = try Self.traces("otlp-structured.json")
        let call = ImportedTrace.Call(
            name: "get_weather", arguments: #"{"location":"Paris"}"#, id: "call_VSPygqKTWdrhaFErNvMV18Yl")
        let expected = ImportedTrace(
            id: "weather-agent.5b8efff798038103", title: "Weather Agent: Weather in Paris?", family: "weather-agent",
            source: .init(
                format: "otlp", file: "otlp-structured.json", location: "trace 5b8efff798038103d269b633813fc60c",
                provider: "openai"),
            agent: .init(
                id: "weather-agent",
                systemPrompt: "You are a weather assistant. Use get_weather for current conditions.",
                model: "gpt-4o", temperature: 0.2),
            tools: [
                .init(
                    name: "get_weather", description: "Get the current weather in a given location",
                    parameters: [
                        "type": "object", "properties": ["location": ["type": "string"]], "required": ["location"],
                    ])
            ],
            input: "Weather in Paris?",
            turns: [
                .init(
                    model: "gpt-4o", text: nil, calls: [call],
                    usage: TokenUsage(input: 412, cachedInput: 256, output: 23),
                    latencyMs: 900, finishReason: "tool_calls"),
                .init(
                    model: "gpt-4o", text: "It is rainy in Paris, 57°F.", usage: TokenUsage(input: 468, output: 19),
                    latencyMs: 1400, finishReason: "stop"),
            ],
            toolResults: [
                .init(
                    name: "get_weather", arguments: ["location": "Paris"],
                    output: #"{"conditions":"rainy","temperature_f":57}"#, latencyMs: 120)
            ])
        #expect(traces == [expected])
    }

    @Test func importsOlderNamesWithContentInPerMessageEvents() throws {
        let trace = try #require(try Self.traces("otlp-old-names-events.jsonl").first)
        #expect(trace.id == "acme-support.0af7651916cd43dd")
        #expect(trace.source.provider == "anthropic")
        #expect(trace.source.location == "line 1, trace 0af7651916cd43dd8448eb211c80319c")
        #expect(trace.agent.id == "acme-support")
        #expect(trace.agent.systemPrompt == "You are Acme's support agent. Look orders up before answering.")
        #expect(trace.agent.model == "claude-sonnet-4-5")
        #expect(trace.input == "Where is order 1042?")
        #expect(!trace.skeleton)
        #expect(
            trace.turns == [
                .init(
                    model: "claude-sonnet-4-5", text: "Let me look that up.",
                    calls: [
                        .init(
                            name: "lookup_order", arguments: #"{"order_id": "1042"}"#,
                            id: "toolu_01A09q90qw90lq917835lq9")
                    ],
                    usage: TokenUsage(input: 980, output: 61), latencyMs: 1200, finishReason: "tool_use"),
                .init(
                    model: "claude-sonnet-4-5", text: "Order 1042 has shipped and should arrive on March 2.",
                    usage: TokenUsage(input: 1102, output: 24), latencyMs: 2500, finishReason: "end_turn"),
            ])
        // The tool span has no result attribute: the result is the tool message the next model call was sent.
        #expect(
            trace.toolResults == [
                .init(
                    name: "lookup_order", arguments: ["order_id": "1042"],
                    output: #"{"status":"shipped","eta":"2026-03-02"}"#, latencyMs: 85)
            ])
        #expect(trace.tools.map(\.name) == ["lookup_order"])
        #expect(trace.tools.first?.parameters == ["type": "object"])
    }

    @Test func readsContentRecordedAsJSONStringsOnSpansAndEvents() throws {
        let trace = try #require(try Self.traces("otlp-json-strings.jsonl").first)
        #expect(trace.agent.id == "billing")
        #expect(trace.agent.systemPrompt == "You handle refunds. Confirm before refunding.")
        #expect(trace.agent.model == "us.anthropic.claude-sonnet-4-20250514-v1:0")
        #expect(trace.source.provider == "aws.bedrock")
        #expect(trace.input == "Refund my last invoice")
        #expect(trace.userTurns == ["Yes, please"])
        #expect(!trace.skeleton)
        #expect(
            trace.turns.map(\.text) == [
                nil, "Invoice INV-9 is for $120. Shall I refund it?", nil, "Done: INV-9 is refunded.",
            ])
        #expect(
            trace.turns.map(\.calls) == [
                [.init(name: "get_invoice", arguments: #"{"customer":"c-7","which":"last"}"#, id: "tooluse_1")], [],
                [.init(name: "refund_invoice", arguments: #"{"invoice": "INV-9"}"#, id: "tooluse_2")], [],
            ])
        #expect(
            trace.toolResults == [
                .init(
                    name: "get_invoice", arguments: ["customer": "c-7", "which": "last"],
                    output: #"{"amount":120,"invoice":"INV-9"}"#, latencyMs: 60),
                .init(name: "refund_invoice", arguments: ["invoice": "INV-9"], output: "refunded", latencyMs: 300),
            ])
    }

    @Test func readsOpenLLMetryIndexedAttributes() throws {
        let trace = try #require(try Self.traces("otlp-openllmetry.jsonl").first)
        #expect(trace.agent.id == "clock-app")
        #expect(trace.agent.systemPrompt == "You tell the time.")
        #expect(trace.agent.model == "gpt-4o-mini")
        #expect(trace.input == "What time is it in Tokyo?")
        #expect(
            trace.tools == [
                .init(
                    name: "get_time", description: "Current time in a city",
                    parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])
            ])
        #expect(
            trace.turns.map(\.calls) == [
                [.init(name: "get_time", arguments: #"{"city": "Tokyo"}"#, id: "call_tokyo")], [],
            ])
        #expect(trace.turns.map(\.usage) == [TokenUsage(input: 85, output: 17), TokenUsage(input: 120, output: 11)])
        #expect(trace.turns.last?.text == "It is 10:42 in Tokyo.")
        #expect(trace.toolResults.map(\.output) == ["10:42"])
        #expect(!trace.skeleton)
    }

    // MARK: - Encodings and structure

    @Test func decodesBase64IDsAndEnumNames() throws {
        let traces = try Self.traces("otlp-base64-ids.json")
        let trace = try #require(traces.first)
        #expect(traces.count == 1)
        #expect(trace.id == "faq.4bf92f3577b34da6")
        #expect(trace.source.location == "trace 4bf92f3577b34da6a3ce929d0e0e4737")
        #expect(trace.agent.id == "faq")
        #expect(trace.turns.map { $0.calls.map(\.name) } == [["search_faq"]])
        #expect(trace.turns.first?.latencyMs == 600)
        #expect(trace.toolResults.map(\.latencyMs) == [80])
    }

    @Test func importsASkeletonWhenContentWasNotCaptured() throws {
        let trace = try #require(try Self.traces("otlp-skeleton.jsonl").first)
        #expect(trace.skeleton)
        #expect(trace.input == "")
        #expect(
            trace.agent
                == .init(
                    id: "triage", systemPrompt: "", model: "anthropic.claude-3-5-sonnet-20240620-v1:0", temperature: 0))
        // Parallel calls in start order (the file lists list_orders first), names only.
        #expect(
            trace.turns.map(\.calls) == [
                [.init(name: "lookup_customer", arguments: nil), .init(name: "list_orders", arguments: nil)],
                [.init(name: "open_ticket", arguments: nil)], [],
            ])
        #expect(trace.turns.allSatisfy { $0.text == nil })
        #expect(trace.turns.map(\.latencyMs) == [1000, 1200, 3000])
        #expect(trace.turns.map(\.finishReason) == ["tool_use", "tool_use", "end_turn"])
        #expect(trace.turns[1].usage == TokenUsage(input: 1650, cachedInput: 1024, cacheWrite: 200, output: 45))
        #expect(
            trace.toolResults == [
                .init(name: "lookup_customer", arguments: nil, output: nil, latencyMs: 80),
                .init(name: "list_orders", arguments: nil, output: nil, latencyMs: 200),
                .init(name: "open_ticket", arguments: nil, output: nil, latencyMs: 300),
            ])
        #expect(
            trace.tools == [
                .init(name: "lookup_customer", description: ""),
                .init(name: "list_orders", description: "Lists a customer's orders"),
                .init(name: "open_ticket", description: ""),
            ])
        #expect(trace.tools.allSatisfy { $0.parameters == ["type": "object"] })
        #expect(trace.recordedVerdict == nil)
    }

    @Test func recordsErrorSpansOnTurnsResultsAndTheVerdict() throws {
        let trace = try #require(try Self.traces("otlp-error.jsonl").first)
        #expect(
            trace.toolResults == [
                .init(
                    name: "search_kb", arguments: ["query": "warranty terms"], output: nil,
                    error: "search_kb timed out after 30 s", latencyMs: 30000)
            ])
        #expect(trace.turns.map(\.error) == [nil, "429"])
        #expect(trace.turns.last?.model == "mistral-large-latest")
        #expect(trace.turns.last?.usage == nil)
        #expect(
            trace.recordedVerdict
                == .init(
                    passed: false,
                    detail:
                        "span status ERROR on invoke_agent researcher: agent run failed: the model call was rate limited"
                ))
    }

    @Test func groupsJSONLinesByTraceAndRebuildsTheTree() throws {
        let traces = try Self.traces("otlp-two-traces.jsonl")
        #expect(traces.map(\.id) == ["stock-checker.0123456789abcdef", "greeter.fedcba9876543210"])
        // The first trace's spans are on lines 1 and 4, children before their parent, out of start order.
        #expect(traces[0].source.location == "line 4, trace 0123456789abcdef0123456789abcdef")
        #expect(traces[0].turns.map { $0.calls.map(\.name) } == [["check_stock"], []])
        #expect(
            traces[0].turns.map(\.usage) == [TokenUsage(input: 500, output: 20), TokenUsage(input: 560, output: 40)])
        #expect(traces[1].source.location == "line 3, trace fedcba9876543210fedcba9876543210")
        #expect(traces[1].turns.count == 1)
        #expect(traces[1].agent.model == "gpt-4.1-mini")
    }

    @Test func importsEachTopLevelAgentRunOfATrace() throws {
        let agent = { (id: String, name: String, start: Int) in
            #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"\#(id)1","parentSpanId":"0000000000000001","name":"invoke_agent \#(name)","startTimeUnixNano":"\#(start)000000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},{"key":"gen_ai.agent.name","value":{"stringValue":"\#(name)"}}]},"#
                + #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"\#(id)2","parentSpanId":"\#(id)1","name":"chat","startTimeUnixNano":"\#(start)100000000","endTimeUnixNano":"\#(start)200000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}}]}"#
        }
        let session =
            #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000001","name":"session","startTimeUnixNano":"1000000000"}"#
        let text =
            #"{"resourceSpans":[{"scopeSpans":[{"spans":["# + agent("00000000000000b", "second", 20) + ","
            + agent("00000000000000a", "first", 10) + "," + session + "]}]}]}"
        let traces = try OTLPFormat.traces(in: text, file: "runs.json")
        #expect(traces.map(\.id) == ["first.5b8efff798038103-1", "second.5b8efff798038103-2"])
        #expect(
            traces.map(\.source.location) == [
                "line 1, trace 5b8efff798038103d269b633813fc60c, span 00000000000000a1",
                "line 1, trace 5b8efff798038103d269b633813fc60c, span 00000000000000b1",
            ])
        #expect(traces.map(\.turns.count) == [1, 1])
    }

    // MARK: - Round trip

    /// `otlp-rehearsal-export.jsonl` is a copy of `Tests/RehearsalReportsTests/Goldens/traced-report.ticket-write-denied.otlp.jsonl`,
    /// the line `OTLPTraceWriter` writes for `shipping.ticket-write-denied` (what `rehearsal run --otlp` writes).
    @Test func importsOurOwnExportAsASkeleton() throws {
        let traces = try Self.traces("otlp-rehearsal-export.jsonl")
        let trace = try #require(traces.first)
        #expect(traces.count == 1)
        #expect(trace.id == "shipping.ticket-write-denied")
        #expect(trace.family == "shipping")
        #expect(trace.skeleton)
        #expect(trace.agent.id == "logistics")
        #expect(trace.agent.model == "gpt-4o")
        #expect(trace.source.provider == "openai")
        #expect(trace.recordedVerdict == .init(passed: true, detail: "rehearsal.scenario.passed true"))
        #expect(
            trace.turns.map { $0.calls.map(\.name) } == [
                ["get_ticket", "get_erp_order"], ["track_shipment"], ["update_ticket"], [],
            ])
        #expect(trace.turns.map(\.latencyMs) == [1088, 1168, 2055, 2481])
        #expect(trace.turns[1].usage == TokenUsage(input: 1608, cachedInput: 1280, output: 39))
        #expect(
            trace.turns[0].calls[0]
                == .init(name: "get_ticket", arguments: #"{"ticket_id":"T-5570"}"#, id: "call_70ca98a1c84081caa12bfe83")
        )
        #expect(trace.toolResults.map(\.name) == ["get_ticket", "get_erp_order", "track_shipment", "update_ticket"])
        #expect(trace.toolResults.map(\.latencyMs) == [95, 120, 280, 0])
        #expect(
            trace.toolResults.last?.error
                == "update_ticket requires scope tickets:write, which user u-4410 does not have")
        #expect(trace.tools.map(\.name) == ["get_ticket", "get_erp_order", "track_shipment", "update_ticket"])
    }

    @Test func namesTrialsOfOneExportedScenarioAfterTheirTrial() throws {
        let line = try String(contentsOfFile: Self.resources + "/otlp-rehearsal-export.jsonl", encoding: .utf8)
        let second = line.replacingOccurrences(
            of: "cb5b1a1ef1e13b3c8b48c1e98c1ba65b", with: "cb5b1a1ef1e13b3c8b48c1e98c1ba65c"
        )
        .replacingOccurrences(
            of: #"{"key":"rehearsal.scenario.trial","value":{"intValue":"0"}}"#,
            with: #"{"key":"rehearsal.scenario.trial","value":{"intValue":"1"}}"#)
        #expect(second != line)
        let traces = try OTLPFormat.traces(in: line + second, file: "trials.jsonl")
        #expect(traces.map(\.id) == ["shipping.ticket-write-denied.trial-0", "shipping.ticket-write-denied.trial-1"])
        #expect(traces.map(\.task) == ["shipping.ticket-write-denied", "shipping.ticket-write-denied"])
        #expect(traces.map(\.title) == ["shipping.ticket-write-denied", "shipping.ticket-write-denied, trial 1"])
    }

    // MARK: - Errors

    @Test func namesTheLineAndPathOfAMalformedSpan() throws {
        let error = try #require(throws: InputError.self) { try Self.traces("otlp-malformed.jsonl") }
        #expect(
            error.description
                == #"otlp-malformed.jsonl:2:55: $.resourceSpans[0].scopeSpans[0].spans[0].traceId: expected a trace id of 16 bytes as 32 hex digits (OTLP/JSON) or base64 (protobuf JSON), found string "not-a-trace-id""#
        )
    }

    @Test(arguments: [
        ("", "input.json: the file is empty: expected OTLP/JSON TracesData (JSON Lines or one document)"),
        (
            "{\"resourceSpans\": [\n  {\"scopeSpans\": [}\n]}",
            "input.json:2:19: invalid JSON: expected a value, found '}'"
        ),
        (
            #"{"resourceLogs": []}"#,
            #"input.json:1:1: missing "resourceSpans": expected OTLP/JSON TracesData (or an ExportTraceServiceRequest), found keys "resourceLogs""#
        ),
        (
            #"{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "AAAA"}]}]}]}"#,
            #"input.json:1:105: $.resourceSpans[0].scopeSpans[0].spans[0].spanId: expected a span id of 8 bytes as 16 hex digits (OTLP/JSON) or base64 (protobuf JSON), found string "AAAA""#
        ),
        (
            #"{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b173", "startTimeUnixNano": "soon"}]}]}]}"#,
            #"input.json:1:146: $.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected nanoseconds since the Unix epoch (a decimal string, as OTLP/JSON writes it), found string "soon""#
        ),
        (
            #"{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b173", "attributes": [{"key": "gen_ai.usage.input_tokens", "value": {"intValue": "many"}}]}]}]}]}"#,
            #"input.json:1:199: $.resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue: expected a 64-bit integer (a decimal string, as OTLP/JSON writes it), found string "many""#
        ),
        (
            #"{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b173", "status": {"code": 7}}]}]}]}"#,
            #"input.json:1:144: $.resourceSpans[0].scopeSpans[0].spans[0].status.code: expected a status code: 0 (unset), 1 (ok) or 2 (error), found number 7"#
        ),
        (
            #"{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b173", "name": "GET /health"}]}]}]}"#,
            "input.json: no GenAI spans in 1 span of 1 trace: expected spans with gen_ai.operation.name chat, invoke_agent or execute_tool (OpenTelemetry GenAI semantic conventions)"
        ),
        (
            #"{"resourceSpans": []}"#,
            "input.json: no spans: expected OTLP/JSON TracesData with resourceSpans[].scopeSpans[].spans[]"
        ),
    ])
    func rejectsInputThatIsNotOTLP(text: String, message: String) throws {
        let error = try #require(throws: InputError.self) { try OTLPFormat.traces(in: text, file: "input.json") }
        #expect(error.description == message)
    }

    // MARK: - Recognition

    @Test func recognizesTracesDataOnly() throws {
        let line = try String(contentsOfFile: Self.resources + "/otlp-rehearsal-export.jsonl", encoding: .utf8)
        #expect(OTLPFormat.recognizes(try JSONParser.parse(line)))
        #expect(OTLPFormat.recognizes([["resourceSpans": []]]))
        #expect(!OTLPFormat.recognizes(["request": ["messages": []], "response": ["choices": []]]))
        #expect(!OTLPFormat.recognizes(["resourceLogs": []]))
        #expect(OTLPFormat.name == "otlp")
    }
}
