import Foundation
import RehearsalCore
import RehearsalImport
import RehearsalReplay
import RehearsalScenarios
import Testing

/// Importing OpenAI chat logs: JSON Lines of Chat Completions calls as proxies and SDK loggers write them.
///
/// The files in Resources/openai-*.jsonl are written by hand after the API reference: requests as in
/// https://platform.openai.com/docs/api-reference/chat/create (`model`, `messages` with system, developer, user,
/// assistant and tool roles, `tool_calls` with `function.arguments` as JSON text, `tools` of type `function`),
/// responses as the chat completion object of https://platform.openai.com/docs/api-reference/chat/object (`choices`,
/// `finish_reason`, `usage` with `prompt_tokens_details.cached_tokens` and `completion_tokens_details.reasoning_tokens`)
/// and errors as https://platform.openai.com/docs/guides/error-codes (`{"error": {"message", "type", "param", "code"}}`).
/// The LiteLLM shapes follow https://docs.litellm.ai/docs/proxy/logging_spec and LiteLLM's spend log rows.
struct OpenAIChatLogFormatTests {
    static func resource(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Resources/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func traces(_ name: String) throws -> [ImportedTrace] {
        try OpenAIChatLogFormat.traces(in: try resource(name), file: name)
    }

    /// The error importing `text` as `log.jsonl` raises, as the CLI prints it.
    static func error(_ text: String) -> String? {
        do {
            _ = try OpenAIChatLogFormat.traces(in: text, file: "log.jsonl")
            return nil
        } catch {
            return error.description
        }
    }

    static let getOrder: JSONValue = [
        "type": "object",
        "properties": ["order_id": ["type": "string", "description": "The order id, e.g. ORD-1042."]],
        "required": ["order_id"], "additionalProperties": false,
    ]

    // MARK: - The hand-written files

    @Test func importsATwoCallToolLoopAsOneTrace() throws {
        let traces = try Self.traces("openai-tool-loop.jsonl")
        #expect(traces.count == 1)
        let trace = try #require(traces.first)
        #expect(trace.id == "openai-tool-loop.1")
        #expect(trace.family == "openai-tool-loop")
        #expect(trace.title == "Where is my order ORD-1042?")
        #expect(
            trace.source == .init(format: "openai-chat-log", file: "openai-tool-loop.jsonl", location: "lines 1 and 2"))
        #expect(
            trace.agent
                == .init(
                    id: "openai-tool-loop",
                    systemPrompt:
                        "You are the support assistant of Northwind Traders. Look orders up before you answer.",
                    model: "gpt-4o", temperature: 0))
        #expect(
            trace.tools == [
                .init(
                    name: "get_order", description: "Look up an order by id: status, carrier and tracking number.",
                    parameters: Self.getOrder)
            ])
        #expect(trace.input == "Where is my order ORD-1042?")
        #expect(trace.userTurns.isEmpty)
        #expect(
            trace.turns == [
                .init(
                    model: "gpt-4o", text: nil,
                    calls: [
                        .init(name: "get_order", arguments: #"{"order_id":"ORD-1042"}"#, id: "call_Qp3vX7s1Jd0Fh2")
                    ],
                    usage: TokenUsage(input: 142, output: 18), latencyMs: 812, finishReason: "tool_calls"),
                .init(
                    model: "gpt-4o",
                    text: "Your order ORD-1042 has shipped with UPS; the tracking number is 1Z999AA10123456784.",
                    usage: TokenUsage(input: 201, output: 27), latencyMs: 640, finishReason: "stop"),
            ])
        #expect(
            trace.toolResults == [
                .init(
                    name: "get_order", arguments: ["order_id": "ORD-1042"],
                    output: #"{"id":"ORD-1042","status":"shipped","carrier":"UPS","tracking":"1Z999AA10123456784"}"#)
            ])
        #expect(trace.recordedVerdict == nil)
        #expect(!trace.skeleton)
    }

    @Test func anImportedToolLoopRecordsThroughTheEngineWithEveryTurnAndResultUsed() async throws {
        let trace = try #require(try Self.traces("openai-tool-loop.jsonl").first)
        let prices =
            #"{"source": "test", "date": "2026-01-01", "models": {"gpt-4o": {"input": 2.5, "cachedInput": 1.25, "output": 10}}}"#
        let plan = try SuiteImporter.files(for: [trace], suiteName: "chat-log", prices: prices)
        let fileSystem = MemoryFileSystem(
            Dictionary(uniqueKeysWithValues: plan.files.map { ("suite/" + $0.path, $0.text) }))
        let suite = try SuiteLoader(fileSystem: fileSystem).load(paths: ["suite/scenarios"])
        let scenario = try #require(suite.scenarios.first { $0.id == trace.id })
        let recording = await SuiteImporter.record(
            trace, scenario: scenario, suite: suite,
            prices: try JSONFile.decode(PriceTable.self, from: prices, file: "prices.json"))
        #expect(recording.problems.isEmpty, "\(recording.problems)")
        #expect(recording.llm.count == 2)
        #expect(recording.api.map(\.tool) == ["get_order"])
        #expect(recording.run.stopReason == .answered)
    }

    @Test func readsAMultiTurnConversationWithTwoUserMessages() throws {
        let trace = try #require(try Self.traces("openai-multi-turn.jsonl").first)
        #expect(
            trace.agent.systemPrompt
                == "You are the support assistant of Northwind Traders. Ask for the order id when you do not have it.")
        #expect(trace.agent.model == "o4-mini")
        #expect(trace.agent.temperature == nil)
        #expect(trace.input == "I want to cancel my order.")
        #expect(trace.userTurns == ["ORD-7, I ordered the wrong size."])
        #expect(trace.tools.map(\.name) == ["get_order", "cancel_order"])
        #expect(
            trace.turns.map(\.text) == [
                "Sure. Which order would you like to cancel? Please give me its id (it starts with ORD-).", nil,
                "Done: ORD-7 is cancelled and $54.90 will be refunded to your card.",
            ])
        #expect(
            trace.turns[1].calls == [
                .init(
                    name: "cancel_order", arguments: #"{"order_id":"ORD-7","reason":"wrong size"}"#,
                    id: "call_8mZk2cRwq0PZ1T")
            ])
        // Latencies from start_time and end_time; reasoning tokens inside completion_tokens.
        #expect(trace.turns.map(\.latencyMs) == [1250, 900, 750])
        #expect(trace.turns[0].usage == TokenUsage(input: 180, output: 96, reasoning: 64))
        #expect(trace.toolResults.map(\.output) == [#"{"id":"ORD-7","status":"cancelled","refund_usd":54.9}"#])
        #expect(trace.source.location == "lines 1, 2 and 3")
    }

    @Test func separatesInterleavedConversationsBySessionID() throws {
        let traces = try Self.traces("openai-sessions.jsonl")
        #expect(traces.map(\.id) == ["openai-sessions.sess-a", "openai-sessions.sess-b"])
        #expect(traces.map(\.source.location) == ["lines 1 and 3, session sess-a", "lines 2 and 4, session sess-b"])
        let (a, b) = (traces[0], traces[1])
        #expect(a.input == "Where is my order ORD-1042?")
        #expect(a.turns.map(\.text) == [nil, "ORD-1042 has shipped."])
        #expect(a.toolResults.map(\.name) == ["get_order"])
        // Session b's client sends only the latest message: the id, not the messages, makes it one conversation.
        #expect(b.input == "Do you ship to Norway?")
        #expect(b.userTurns == ["And how long does it take?"])
        #expect(b.turns.map(\.text) == ["Yes, we ship to Norway.", "Delivery to Norway takes 3 to 5 working days."])
        #expect(b.toolResults.isEmpty)
    }

    @Test func aFailedCallEndsItsRunAndTheRetryIsARunOfItsOwn() throws {
        let traces = try Self.traces("openai-error.jsonl")
        #expect(traces.map(\.id) == ["openai-error.1", "openai-error.2"])
        let failed = traces[0]
        let error =
            "HTTP 429 rate_limit_exceeded: Rate limit reached for gpt-4o in organization org-123 on tokens per min (TPM): Limit 30000, Used 29950, Requested 1200. Please try again in 2.3s."
        #expect(failed.turns.count == 2)
        #expect(failed.turns[1] == .init(model: "gpt-4o", text: nil, latencyMs: 95, error: error))
        #expect(failed.recordedVerdict == .init(passed: false, detail: "the model call on line 2 failed: " + error))
        // A tool result that starts with "Error: " is the tool's error; the engine shows it as the same text.
        #expect(
            failed.toolResults == [
                .init(
                    name: "get_order", arguments: ["order_id": "ORD-9"], output: nil,
                    error: "503 order service unavailable")
            ])

        // The retry starts mid-run: the history's assistant message is a turn with no tokens, the answer a logged one.
        let retry = traces[1]
        #expect(retry.source.location == "line 3")
        #expect(retry.turns.map(\.calls.count) == [1, 0])
        #expect(retry.turns[0].usage == nil && retry.turns[0].latencyMs == nil)
        #expect(retry.turns[1].usage == TokenUsage(input: 170, output: 18))
        #expect(retry.turns[1].latencyMs == 520)
        #expect(retry.toolResults.map(\.error) == ["503 order service unavailable"])
        #expect(retry.recordedVerdict == nil)
    }

    @Test func readsCachedTokensAsPartOfTheInput() throws {
        let trace = try #require(try Self.traces("openai-cached-tokens.jsonl").first)
        #expect(
            trace.turns.map(\.usage) == [
                TokenUsage(input: 2048, output: 20), TokenUsage(input: 2110, cachedInput: 1920, output: 25),
            ])
        #expect(trace.turns.map(\.latencyMs) == [910, 430])
    }

    @Test func aMalformedLineIsReportedWithItsFileLineAndPath() throws {
        let text = try Self.resource("openai-malformed.jsonl")
        let error = try #require(throws: InputError.self) {
            try OpenAIChatLogFormat.traces(in: text, file: "openai-malformed.jsonl")
        }
        #expect(error.line == 3, "the blank second line still counts")
        #expect(error.path?.description == "$.response.choices[0].message.tool_calls[0].function")
        #expect(
            error.description
                == #"openai-malformed.jsonl:3:875: $.response.choices[0].message.tool_calls[0].function: missing required key "name""#
        )
    }

    // MARK: - Errors

    @Test(arguments: [
        (
            #"{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, "response": {"choices": []"#,
            "log.jsonl:1:109: invalid JSON: expected ',' or '}', found end of input"
        ),
        (
            #"["not", "a", "call"]"#,
            #"log.jsonl:1:2: $[0]: expected a logged call (an object), found string "not""#
        ),
        (
            #"{"prompt": "hi", "completion": "hello"}"#,
            #"log.jsonl:1:1: expected a logged call: {"request": <Chat Completions request>, "response": <Chat Completion>} (or input/output, request_body/response_body), a LiteLLM StandardLoggingPayload (messages, response) or a LiteLLM spend log row (proxy_server_request); found keys completion, prompt"#
        ),
        (
            #"{"request": {"model": "gpt-4o"}, "response": {}}"#,
            #"log.jsonl:1:13: $.request: missing required key "messages": expected a Chat Completions request body"#
        ),
        (
            #"{"request": {"model": "gpt-4o", "messages": [{"role": "bot", "content": "hi"}]}, "response": {}}"#,
            #"log.jsonl:1:55: $.request.messages[0].role: expected a role: system, developer, user, assistant or tool; found string "bot""#
        ),
        (
            #"{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}}"#,
            #"log.jsonl:1:1: missing required key "response": expected the Chat Completion the request got, or an "error""#
        ),
        (
            #"{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, "response": {"choices": [{"message": {"role": "assistant", "content": "hello"}}], "usage": {"prompt_tokens": "12", "completion_tokens": 3}}}"#,
            #"log.jsonl:1:192: $.response.usage.prompt_tokens: expected a token count (an integer ≥ 0), found string "12""#
        ),
        (
            #"{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "custom", "custom": {"name": "grep"}}]}, "response": {}}"#,
            #"log.jsonl:1:101: $.request.tools[0].type: expected a function tool ("type": "function"), found "custom"; only function tools are imported"#
        ),
        (
            #"{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, "response": {"object": "chat.completion"}}"#,
            #"log.jsonl:1:95: $.response: expected a Chat Completion (an object with "choices"), the chunks of a streamed one, or an error {"error": {"message", …}}, found object with 1 key"#
        ),
        (
            #"{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, "response": {"choices": [{"message": {"content": "x"}}]}, "latency_ms": "fast"}"#,
            #"log.jsonl:1:155: $.latency_ms: expected a duration in milliseconds (a number ≥ 0), found string "fast""#
        ),
        (
            #"{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}, {"role": "tool", "tool_call_id": "call_9", "content": "42"}]}, "response": {"choices": [{"message": {"content": "x"}}]}}"#,
            #"log.jsonl:1:81: $.request.messages[1]: a tool message (tool_call_id "call_9") that answers no tool call: every call before it already has its result"#
        ),
        (
            #"{"request": {"messages": [{"role": "user", "content": "hi"}]}, "response": {"choices": [{"message": {"content": "x"}}]}}"#,
            #"log.jsonl:1:1: no model named: expected the request's "model" (or the response's)"#
        ),
        (
            #"{"request_id": "chatcmpl-1", "proxy_server_request": "{}", "response": "{}", "status": "success"}"#,
            #"log.jsonl:1:54: $.proxy_server_request: the row holds no request body: LiteLLM stores request and response content in its spend logs only with store_prompts_in_spend_logs: true"#
        ),
    ])
    func reportsWhatIsWrongWhere(line: String, expected: String) {
        #expect(Self.error(line) == expected)
    }

    @Test func aFileThatIsOneJSONArrayReportsPathsInTheDocument() {
        let text = """
            [
              {"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, "response": {"choices": [{"message": {"content": "hello"}}]}},
              {"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": 7}]}, "response": {"choices": [{"message": {"content": "hello"}}]}}
            ]
            """
        #expect(
            Self.error(text)
                == #"log.jsonl:3:76: $[1].request.messages[0].content: expected a string, an array of content parts or null, found number 7"#
        )
    }

    @Test func aPrettyPrintedDocumentWithASyntaxErrorIsReportedWhereTheDocumentBreaks() {
        let text = """
            {
              "request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]},
              "response": {"choices": [{"message": {"content": "hello"}}]},
            }
            """
        #expect(Self.error(text) == "log.jsonl:4:1: invalid JSON: expected a key in double quotes, found '}'")
    }

    @Test func groupsThousandsOfRunsOfOneAgentByTheirMessages() throws {
        // 2,000 runs of one agent, two calls each, all first calls logged before any second call.
        func call(_ run: Int, second: Bool) -> String {
            let user = #"{"role": "user", "content": "order \#(run)"}"#
            let history =
                second
                ? #", {"role": "assistant", "content": null, "tool_calls": [{"id": "c\#(run)", "type": "function", "function": {"name": "get_order", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "c\#(run)", "content": "shipped \#(run)"}"#
                : ""
            let answer =
                second
                ? #"{"role": "assistant", "content": "Order \#(run) shipped."}"#
                : #"{"role": "assistant", "content": null, "tool_calls": [{"id": "c\#(run)", "type": "function", "function": {"name": "get_order", "arguments": "{}"}}]}"#
            return
                #"{"request": {"model": "m", "messages": [{"role": "system", "content": "Same prompt."}, \#(user)\#(history)]}, "response": {"choices": [{"message": \#(answer)}]}}"#
        }
        let runs = 0..<2000
        let log = (runs.map { call($0, second: false) } + runs.map { call($0, second: true) }).joined(separator: "\n")
        let traces = try OpenAIChatLogFormat.traces(in: log, file: "bulk.jsonl")
        #expect(traces.count == 2000)
        #expect(traces.allSatisfy { $0.turns.count == 2 && $0.toolResults.count == 1 })
        #expect(traces[1999].input == "order 1999" && traces[1999].toolResults.first?.output == "shipped 1999")
    }

    // MARK: - Other loggers' shapes

    @Test func readsLiteLLMStandardLoggingPayloads() throws {
        // A fresh trace_id on every call (LiteLLM's default) is no session: the calls are grouped by their messages.
        let log = """
            {"id": "chatcmpl-1", "trace_id": "0c1a", "call_type": "acompletion", "status": "success", "custom_llm_provider": "openai", "startTime": 1777626902.1, "endTime": 1777626902.9, "model": "gpt-4o", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Where is ORD-1?"}], "response": {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_order", "arguments": "{\\"order_id\\":\\"ORD-1\\"}"}}], "function_call": null}}], "usage": {"prompt_tokens": 50, "completion_tokens": 9, "total_tokens": 59, "prompt_tokens_details": null, "completion_tokens_details": null}}, "model_parameters": {"temperature": 0.2, "tools": [{"type": "function", "function": {"name": "get_order", "parameters": {"type": "object"}}}]}, "error_str": null}
            {"id": "chatcmpl-2", "trace_id": "7d2e", "call_type": "acompletion", "status": "failure", "custom_llm_provider": "openai", "startTime": 1777626903.5, "endTime": 1777626903.75, "model": "gpt-4o", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Where is ORD-1?"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_order", "arguments": "{\\"order_id\\": \\"ORD-1\\"}"}}]}, {"role": "tool", "tool_call_id": "call_1", "content": "{\\"status\\":\\"lost\\"}"}], "response": null, "model_parameters": {"temperature": 0.2}, "error_str": "litellm.RateLimitError: too many requests", "error_information": {"error_code": "429", "error_class": "RateLimitError", "llm_provider": "openai", "error_message": "litellm.RateLimitError: too many requests"}}
            """
        let traces = try OpenAIChatLogFormat.traces(in: log, file: "litellm.jsonl")
        #expect(traces.count == 1, "the re-encoded arguments still continue the conversation")
        let trace = try #require(traces.first)
        #expect(trace.source.provider == "openai")
        #expect(trace.agent.temperature == 0.2)
        #expect(trace.tools == [.init(name: "get_order", description: "", parameters: ["type": "object"])])
        #expect(trace.turns.map(\.latencyMs) == [800, 250])
        #expect(trace.turns[0].usage == TokenUsage(input: 50, output: 9))
        #expect(trace.turns[1].error == "HTTP 429 RateLimitError: litellm.RateLimitError: too many requests")
        #expect(trace.toolResults.map(\.output) == [#"{"status":"lost"}"#])
    }

    @Test func readsLiteLLMSpendLogRowsWithTheirBodiesAsJSONText() throws {
        let request =
            #"{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}], "litellm_session_id": "s-42"}"#
        let response =
            #"{"object": "chat.completion", "model": "gpt-4o-mini", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi!"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 8, "completion_tokens": 3}}"#
        let row: JSONValue = [
            "request_id": "chatcmpl-9", "session_id": "s-42", "call_type": "acompletion",
            "startTime": "2026-05-01T10:00:00.000Z",
            "endTime": "2026-05-01T10:00:00.420Z", "model": "gpt-4o-mini", "messages": "{}",
            "proxy_server_request": .string(request),
            "response": .string(response), "status": "success", "metadata": "{}",
        ]
        let trace = try #require(try OpenAIChatLogFormat.traces(in: row.serialized(), file: "spend.jsonl").first)
        #expect(trace.id == "spend.1", "a session id no other row shares does not name the conversation")
        #expect(trace.input == "Hello")
        #expect(
            trace.turns == [
                .init(
                    model: "gpt-4o-mini", text: "Hi!", usage: TokenUsage(input: 8, output: 3), latencyMs: 420,
                    finishReason: "stop")
            ])
    }

    @Test func readsHeliconeExportsNewestFirstInTheOrderTheCallsWereMade() throws {
        let first =
            #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "Weather in Oslo?"}], "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]}"#
        let second =
            #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "Weather in Oslo?"}, {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}}]}, {"role": "tool", "tool_call_id": "c1", "content": "4°C, rain"}], "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]}"#
        let log = """
            {"request_created_at": "2026-05-03T08:00:02.000+02:00", "response_created_at": "2026-05-03T08:00:02.500+02:00", "response_status": 200, "request_properties": {"Helicone-Session-Id": "h-7"}, "request_body": \(second), "response_body": {"choices": [{"message": {"role": "assistant", "content": "4°C and rain."}, "finish_reason": "stop"}]}}
            {"request_created_at": "2026-05-03T06:00:00.000Z", "response_created_at": "2026-05-03T06:00:00.750Z", "response_status": 200, "request_properties": {"Helicone-Session-Id": "h-7"}, "request_body": \(first), "response_body": {"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}}]}, "finish_reason": "tool_calls"}]}}
            """
        let trace = try #require(try OpenAIChatLogFormat.traces(in: log, file: "helicone.jsonl").first)
        #expect(trace.id == "helicone.h-7")
        #expect(trace.source.location == "lines 2 and 1, session h-7")
        #expect(trace.turns.map(\.latencyMs) == [750, 500])
        #expect(trace.turns.map(\.text) == [nil, "4°C and rain."])
        #expect(trace.toolResults == [.init(name: "get_weather", arguments: ["city": "Oslo"], output: "4°C, rain")])
    }

    @Test func readsOpenPipeInputOutputPairsAndHTTPRecords() throws {
        let log = """
            {"input": {"model": "gpt-4o", "messages": [{"role": "system", "content": "tell me the weather in SF"}]}, "output": {"choices": [{"message": {"role": "assistant", "content": "Sunny."}, "finish_reason": "stop"}]}, "tags": {"prompt_id": "weather"}}
            {"request": {"method": "POST", "url": "https://api.openai.com/v1/chat/completions", "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}}, "response": {"status_code": 503, "body": {"error": {"message": "The server is overloaded.", "type": "server_error", "code": null}}}}
            """
        let traces = try OpenAIChatLogFormat.traces(in: log, file: "mixed.jsonl")
        #expect(traces.map(\.id) == ["mixed.1", "mixed.2"])
        #expect(traces[0].agent.systemPrompt == "tell me the weather in SF")
        #expect(traces[0].input == "", "a conversation with no user message has no input")
        #expect(traces[0].title == "mixed.1")
        #expect(
            traces[1].turns == [
                .init(model: "gpt-4o", text: nil, error: "HTTP 503 server_error: The server is overloaded.")
            ])
    }

    @Test func putsAStreamedResponseBackTogether() throws {
        let chunks: JSONValue = [
            [
                "object": "chat.completion.chunk", "model": "gpt-4o-2024-08-06",
                "choices": [
                    [
                        "index": 0,
                        "delta": [
                            "role": "assistant", "content": nil,
                            "tool_calls": [
                                [
                                    "index": 0, "id": "call_s", "type": "function",
                                    "function": ["name": "get_order", "arguments": ""],
                                ]
                            ],
                        ], "finish_reason": nil,
                    ]
                ],
            ],
            [
                "object": "chat.completion.chunk",
                "choices": [
                    [
                        "index": 0, "delta": ["tool_calls": [["index": 0, "function": ["arguments": "{\"order_"]]]],
                        "finish_reason": nil,
                    ]
                ],
            ],
            [
                "object": "chat.completion.chunk",
                "choices": [
                    [
                        "index": 0,
                        "delta": ["tool_calls": [["index": 0, "function": ["arguments": "id\":\"ORD-5\"}"]]]],
                        "finish_reason": nil,
                    ]
                ],
            ],
            [
                "object": "chat.completion.chunk",
                "choices": [["index": 0, "delta": [:], "finish_reason": "tool_calls"]],
            ],
            [
                "object": "chat.completion.chunk", "choices": [],
                "usage": ["prompt_tokens": 60, "completion_tokens": 12, "prompt_tokens_details": ["cached_tokens": 0]],
            ],
        ]
        let request: JSONValue = [
            "model": "gpt-4o", "stream": true, "messages": [["role": "user", "content": "ORD-5?"]],
        ]
        let asArray = try #require(
            try OpenAIChatLogFormat.traces(
                in: JSONValue.object(["request": request, "response": chunks]).serialized(), file: "s.jsonl"
            ).first)
        let expected = ImportedTrace.Turn(
            model: "gpt-4o", text: nil,
            calls: [.init(name: "get_order", arguments: #"{"order_id":"ORD-5"}"#, id: "call_s")],
            usage: TokenUsage(input: 60, output: 12), finishReason: "tool_calls")
        #expect(asArray.turns == [expected])

        // The same stream logged as the raw event-stream text.
        let events = (chunks.arrayValue ?? []).map { "data: \($0.serialized())\n\n" }.joined() + "data: [DONE]\n\n"
        let asText = try #require(
            try OpenAIChatLogFormat.traces(
                in: JSONValue.object(["request": request, "response": .string(events)]).serialized(), file: "s.jsonl"
            ).first)
        #expect(asText.turns == [expected])
    }

    @Test func pairsToolResultsByCallIDWhateverTheirOrderAndElseByOrder() throws {
        func line(_ results: [JSONValue]) -> String {
            let calls: JSONValue = [
                [
                    "id": "c1", "type": "function",
                    "function": ["name": "get_order", "arguments": "{\"order_id\":\"A\"}"],
                ],
                [
                    "id": "c2", "type": "function",
                    "function": ["name": "get_order", "arguments": "{\"order_id\":\"B\"}"],
                ],
            ]
            let messages: JSONValue = .array(
                [["role": "user", "content": "A and B?"], ["role": "assistant", "content": nil, "tool_calls": calls]]
                    + results)
            return JSONValue.object([
                "request": ["model": "gpt-4o", "messages": messages],
                "response": ["choices": [["message": ["role": "assistant", "content": "Both shipped."]]]],
            ]).serialized()
        }
        let reversed = try OpenAIChatLogFormat.traces(
            in: line([
                ["role": "tool", "tool_call_id": "c2", "content": "B shipped"],
                ["role": "tool", "tool_call_id": "c1", "content": "A shipped"],
            ]), file: "p.jsonl")
        #expect(reversed[0].toolResults.map(\.output) == ["A shipped", "B shipped"])
        #expect(reversed[0].toolResults.map(\.arguments) == [["order_id": "A"], ["order_id": "B"]])
        let unnamed = try OpenAIChatLogFormat.traces(
            in: line([["role": "tool", "content": "first"], ["role": "tool", "content": "second"]]), file: "p.jsonl")
        #expect(unnamed[0].toolResults.map(\.output) == ["first", "second"])
    }

    @Test func keepsConversationIDsUniqueAfterMakingThemScenarioIDs() throws {
        let call = { (session: String) in
            #"{"session_id": "\#(session)", "request": {"model": "m", "messages": [{"role": "user", "content": "\#(session)"}]}, "response": {"choices": [{"message": {"content": "ok"}}]}}"#
        }
        let log = [call("A B"), call("A B"), call("a-b"), call("a-b")].joined(separator: "\n")
        let traces = try OpenAIChatLogFormat.traces(in: log, file: "logs/Prod Log.v2.jsonl")
        #expect(traces.map(\.id) == ["prod-log-v2.a-b", "prod-log-v2.a-b-2"])
        #expect(traces.map(\.agent.id) == ["prod-log-v2", "prod-log-v2"])
    }

    @Test(arguments: [
        (#"{"request": {"model": "gpt-4o", "messages": []}, "response": {}}"#, true),
        (#"{"input": {"messages": [{"role": "user", "content": "hi"}]}, "output": {}}"#, true),
        (#"{"request": {"body": {"messages": []}}, "response": {}}"#, true),
        (#"[{"request_body": "{\"messages\": []}", "response_body": {}}]"#, true),
        (#"{"messages": [{"role": "user", "content": "hi"}], "response": {}, "model_parameters": {}}"#, true),
        (#"{"request_id": "r", "proxy_server_request": "{}"}"#, true),
        (#"{"input": "What is 2+2?", "output": "4"}"#, false),
        (#"{"resourceSpans": []}"#, false),
        (#"[{"task_id": 3, "trial": 0, "reward": 1.0, "traj": [{"role": "system", "content": "policy"}]}]"#, false),
    ])
    func recognizesItsShapesAndNoOtherFormats(json: String, recognized: Bool) throws {
        #expect(OpenAIChatLogFormat.recognizes(try JSONParser.parse(json)) == recognized)
    }
}
