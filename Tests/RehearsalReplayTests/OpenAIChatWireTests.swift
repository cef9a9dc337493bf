import RehearsalCore
import RehearsalReplay
import RehearsalTesting
import Testing

struct OpenAIChatWireTests {
    let tool = TestTools.tool("get_budget", properties: ["quarter": ["type": "string"]], scopes: ["budget:read"])

    @Test func encodesToolCallsAndResultsInTheWireShape() {
        let request = ModelRequest(
            model: "gpt-4o",
            messages: [
                .system("policy"), .user("how much?"),
                .assistant("checking", toolCalls: [ToolCall(id: "call_1", name: "get_budget", arguments: #"{"quarter":"2026-Q3"}"#)]),
                .tool("68500", callID: "call_1"),
            ],
            tools: [tool], sampling: SamplingParameters(temperature: 0, maxOutputTokens: 200, parallelToolCalls: true))
        let body = OpenAIChatWire.body(for: request)
        #expect(body["model"] == "gpt-4o")
        #expect(body["temperature"] == 0)
        #expect(body["max_completion_tokens"] == 200)
        #expect(body["parallel_tool_calls"] == true)
        let messages = body["messages"]?.arrayValue ?? []
        #expect(messages[2] == [
            "role": "assistant", "content": "checking",
            "tool_calls": [["id": "call_1", "type": "function", "function": ["name": "get_budget", "arguments": #"{"quarter":"2026-Q3"}"#]]],
        ])
        #expect(messages[3] == ["role": "tool", "content": "68500", "tool_call_id": "call_1"])
        // The model sees the function, never Rehearsal's scopes.
        #expect(body["tools"]?.arrayValue?.first?["function"]?["name"] == "get_budget")
        #expect(body.serialized().contains("budget:read") == false)
    }

    @Test func leavesOutToolsWhenThereAreNone() {
        let body = OpenAIChatWire.body(for: ModelRequest(model: "m", messages: [.user("hi")], tools: []))
        #expect(body["tools"] == nil)
        #expect(body["parallel_tool_calls"] == nil)
    }

    @Test func decodesAToolCallingResponseWithCachedAndReasoningTokens() throws {
        let body = try JSONParser.parse("""
            {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-2024-08-06",
             "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
               "tool_calls": [{"id": "call_9", "type": "function", "function": {"name": "get_budget", "arguments": "{\\"quarter\\": \\"2026-Q3\\"}"}}]}}],
             "usage": {"prompt_tokens": 1500, "completion_tokens": 40, "total_tokens": 1540,
               "prompt_tokens_details": {"cached_tokens": 1024}, "completion_tokens_details": {"reasoning_tokens": 12}}}
            """)
        let response = try OpenAIChatWire.response(from: body, latencyMs: 640)
        #expect(response.message.content == nil)
        #expect(response.message.toolCalls == [ToolCall(id: "call_9", name: "get_budget", arguments: #"{"quarter": "2026-Q3"}"#)])
        #expect(response.usage == TokenUsage(input: 1500, cachedInput: 1024, output: 40, reasoning: 12))
        #expect(response.finishReason == "tool_calls")
        #expect(response.model == "gpt-4o-2024-08-06")
        #expect(response.latencyMs == 640)
    }

    @Test func namesThePathOfAMalformedResponse() throws {
        let body = try JSONParser.parse(#"{"choices": [{"message": {"role": "assistant", "content": "hi"}}], "usage": {"prompt_tokens": "ten", "completion_tokens": 1}}"#)
        #expect {
            try OpenAIChatWire.response(from: body, latencyMs: 1)
        } throws: { error in
            (error as? JSONDecodingError)?.path.description == "$.usage.prompt_tokens"
        }
    }

    @Test func roundTripsAResponseItBuilt() throws {
        let response = ModelResponse.calling("get_budget", ["quarter": "2026-Q3"], thought: "let me check", latencyMs: 300, usage: TokenUsage(input: 10, cachedInput: 2, output: 3))
        var named = response
        named.model = "gpt-4o"
        let body = OpenAIChatWire.body(for: named, id: "chatcmpl-x", created: 0)
        let decoded = try OpenAIChatWire.response(from: body, latencyMs: 300)
        #expect(decoded.message == named.message)
        #expect(decoded.usage == named.usage)
        #expect(decoded.wire?.body == body)
    }
}

struct RequestKeyTests {
    func request(callID: String, prompt: String = "policy") -> ModelRequest {
        ModelRequest(model: "gpt-4o", messages: [
            .system(prompt), .user("go"), .assistant(nil, toolCalls: [ToolCall(id: callID, name: "t", arguments: "{}")]), .tool("ok", callID: callID),
        ], tools: [], sampling: SamplingParameters(temperature: 0))
    }

    @Test func ignoresTheProvidersVolatileCallIDs() {
        #expect(RequestKey.key(for: request(callID: "call_a")) == RequestKey.key(for: request(callID: "call_b")))
    }

    @Test func changesWhenThePromptChanges() {
        #expect(RequestKey.key(for: request(callID: "c")) != RequestKey.key(for: request(callID: "c", prompt: "policy v2")))
    }

    @Test func isTheSameForARecordedBodyAsForTheRequestItCameFrom() {
        let original = request(callID: "call_1")
        #expect(RequestKey.key(forRecorded: OpenAIChatWire.body(for: original)) == RequestKey.key(for: original))
        #expect(RequestKey.key(for: original).hasPrefix("sha256:"))
        #expect(RequestKey.key(for: original).count == 71)
    }

    @Test func keysAPICallsOnCanonicalArguments() throws {
        let a = try JSONParser.parse(#"{"b": 50.0, "a": "x"}"#)
        let b = try JSONParser.parse(#"{"a":"x","b":50}"#)
        #expect(RequestKey.apiKey(tool: "t", arguments: a) == RequestKey.apiKey(tool: "t", arguments: b))
    }
}

struct IncrementalRequestKeyTests {
    let tools = [TestTools.tool("a", properties: ["x": ["type": "string", "description": "has \"messages\":[] inside"]]), TestTools.tool("b")]

    @Test func equalsTheFullKeyAsTheConversationGrowsAndChanges() {
        var incremental = IncrementalRequestKey()
        var messages: [ChatMessage] = [.system("policy\nwith \"quotes\""), .user("hello")]
        let sampling = SamplingParameters(temperature: 0, maxOutputTokens: 300, parallelToolCalls: true)
        var requests: [ModelRequest] = []
        for step in 0..<6 {
            messages.append(.assistant("thinking \(step)", toolCalls: [ToolCall(id: "call_\(step)", name: "a", arguments: #"{"x":"\#(step)"}"#)]))
            messages.append(.tool("result \(step) é", callID: "call_\(step)"))
            requests.append(ModelRequest(model: "gpt-4o", messages: messages, tools: tools, sampling: sampling))
        }
        // A branch that does not extend the previous conversation, a model change and a tools change.
        requests.append(ModelRequest(model: "gpt-4o", messages: Array(messages.prefix(3)), tools: tools, sampling: sampling))
        requests.append(ModelRequest(model: "gpt-4o-mini", messages: messages, tools: tools, sampling: sampling))
        requests.append(ModelRequest(model: "gpt-4o-mini", messages: messages, tools: [], sampling: SamplingParameters()))
        requests.append(ModelRequest(model: "gpt-4o-mini", messages: [], tools: [], sampling: SamplingParameters()))
        for request in requests {
            #expect(incremental.key(for: request) == RequestKey.key(for: request))
        }
    }
}

struct TokenNormalizationTests {
    // The same call as each provider reports it: 2,000 prompt tokens of which 1,500 read from cache, 200 written
    // to it, 120 completion tokens.
    @Test func normalisesOpenAIUsageWithCachedTokensInsidePromptTokens() throws {
        let usage = try OpenAIChatWire.response(from: [
            "choices": [["message": ["role": "assistant", "content": "ok"], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 2000, "completion_tokens": 120, "prompt_tokens_details": ["cached_tokens": 1500]],
        ], latencyMs: 1).usage
        #expect(usage == TokenUsage(input: 2000, cachedInput: 1500, output: 120))
        // gpt-4o: 500 uncached x 2.50 + 1,500 cached x 1.25 + 120 x 10 per million.
        let cost = ModelPrice(input: 2.5, cachedInput: 1.25, output: 10).breakdown(of: usage)
        #expect(abs(cost.input - 0.00125) < 1e-12 && abs(cost.cachedInput - 0.001875) < 1e-12 && abs(cost.output - 0.0012) < 1e-12)
    }

    @Test func normalisesAnthropicUsageWithCacheCountsApartFromInputTokens() throws {
        let response = try AnthropicMessagesWire.response(from: [
            "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-20250514",
            "content": [["type": "text", "text": "Checking."], ["type": "tool_use", "id": "toolu_1", "name": "get_budget", "input": ["quarter": "2026-Q3"]]],
            "stop_reason": "tool_use",
            "usage": ["input_tokens": 300, "cache_read_input_tokens": 1500, "cache_creation_input_tokens": 200, "output_tokens": 120],
        ], latencyMs: 700)
        #expect(response.usage == TokenUsage(input: 2000, cachedInput: 1500, cacheWrite: 200, output: 120))
        #expect(response.finishReason == "tool_calls")
        #expect(response.message.content == "Checking.")
        #expect(response.message.toolCalls == [ToolCall(id: "toolu_1", name: "get_budget", arguments: #"{"quarter":"2026-Q3"}"#)])
        // Claude Sonnet 4: 300 x 3 + 1,500 x 0.30 + 200 x 3.75 + 120 x 15 per million = 0.0039 USD.
        let cost = ModelPrice(input: 3, cachedInput: 0.30, cacheWrite: 3.75, output: 15).breakdown(of: response.usage)
        #expect(abs(cost.input - 0.0009) < 1e-12)
        #expect(abs(cost.cachedInput - 0.00045) < 1e-12)
        #expect(abs(cost.cacheWrite - 0.00075) < 1e-12)
        #expect(abs(cost.total - 0.0039) < 1e-12)
    }

    @Test func readsAnthropicFixtureLines() throws {
        let request = ModelRequest(model: "claude-sonnet-4", messages: [.user("hi")], tools: [])
        let exchange = LLMExchange(
            key: RequestKey.key(for: request), purpose: "agent", model: "claude-sonnet-4", format: AnthropicMessagesWire.format,
            request: OpenAIChatWire.body(for: request),
            response: ["content": [["type": "text", "text": "hello"]], "stop_reason": "end_turn", "usage": ["input_tokens": 5, "output_tokens": 2]],
            latencyMs: 300, provenance: Provenance(source: .recorded, provider: "anthropic"))
        let decoded = try JSONFile.decodeLines(LLMExchange.self, from: exchange.json.serialized(), file: "llm.jsonl")
        #expect(try decoded.first?.value.decodedResponse().message.content == "hello")
        #expect(try ReplayModelClient(cassette: LLMCassette([exchange])).answer(request).usage == TokenUsage(input: 5, output: 2))
    }

    @Test func rejectsAnthropicResponsesWithoutUsage() {
        #expect(throws: JSONDecodingError.self) { try AnthropicMessagesWire.response(from: ["content": []], latencyMs: 1) }
    }
}
