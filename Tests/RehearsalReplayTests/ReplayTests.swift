import RehearsalCore
import RehearsalReplay
import RehearsalTesting
import Testing

struct ReplayModelClientTests {
    let provenance = Provenance(source: .authored, provider: "test")

    func request(_ user: String, model: String = "gpt-4o") -> ModelRequest {
        ModelRequest(model: model, messages: [.system("You are a procurement agent."), .user(user)], tools: [])
    }

    func exchange(_ request: ModelRequest, answer: String) -> LLMExchange {
        var response = ModelResponse.answering(answer, latencyMs: 200)
        response.model = request.model
        return LLMExchange(request: request, response: response, provenance: provenance)
    }

    @Test func servesRecordingsOfOneRequestFirstInFirstOut() throws {
        let cassette = LLMCassette([exchange(request("hi"), answer: "first"), exchange(request("hi"), answer: "second")])
        let client = ReplayModelClient(cassette: cassette)
        #expect(try client.answer(request("hi")).message.content == "first")
        #expect(try client.answer(request("hi")).message.content == "second")
        #expect {
            try client.answer(request("hi"))
        } throws: { error in
            (error as? ReplayMiss)?.detail.contains("already used") == true
        }
    }

    @Test func failsClosedNamingTheNearestRecordingAndHowItDiffers() {
        let cassette = LLMCassette([exchange(request("We need 50 laptops"), answer: "ok"), exchange(request("unrelated", model: "gpt-4o-mini"), answer: "x")])
        let client = ReplayModelClient(cassette: cassette)
        do {
            _ = try client.answer(request("We need 60 laptops"))
            Issue.record("a changed request was answered")
        } catch let miss as ReplayMiss {
            #expect(miss.key.hasPrefix("sha256:"))
            #expect(miss.detail.contains("$.messages[1].content"))
            #expect(miss.detail.contains(#"recorded "We need 50 laptops", now "We need 60 laptops""#))
            #expect(miss.description.contains("model call 1 (agent, gpt-4o)"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func saysWhenAModelWasNeverRecorded() {
        let client = ReplayModelClient(cassette: LLMCassette([exchange(request("hi"), answer: "x")]))
        #expect {
            try client.answer(request("hi", model: "gpt-4.1"))
        } throws: { error in
            (error as? ReplayMiss)?.detail.contains("no recordings for model gpt-4.1 (it has gpt-4o)") == true
        }
    }

    @Test func sequenceMatcherKeepsEachModelsRecordingsApart() throws {
        let cassette = LLMCassette([
            exchange(request("one", model: "gpt-4o-mini"), answer: "mini 1"), exchange(request("one"), answer: "strong 1"),
            exchange(request("two"), answer: "strong 2"),
        ])
        let client = ReplayModelClient(cassette: cassette, matcher: .sequence)
        #expect(try client.answer(request("x")).message.content == "strong 1")
        #expect(try client.answer(request("y")).message.content == "strong 2")
        #expect(try client.answer(request("z", model: "gpt-4o-mini")).message.content == "mini 1")
        #expect {
            try client.answer(request("w", model: "gpt-4.1"))
        } throws: { error in
            (error as? ReplayMiss)?.detail == "the fixture has no agent recordings for model gpt-4.1"
        }
    }

    @Test func sequenceMatcherServesInOrderAndWarnsAboutDrift() throws {
        let cassette = LLMCassette([exchange(request("one"), answer: "A"), exchange(request("two"), answer: "B")])
        let client = ReplayModelClient(cassette: cassette, matcher: .sequence)
        #expect(try client.answer(request("one")).message.content == "A")
        #expect(try client.answer(request("changed")).message.content == "B")
        #expect(client.warnings.count == 1)
        #expect(client.warnings.first?.contains("drifted") == true)
        #expect(throws: ReplayMiss.self) { try client.answer(request("three")) }
    }
}

struct ReplayToolExecutorTests {
    let provenance = Provenance(source: .recorded, provider: "test")

    @Test func matchesOnToolAndCanonicalArguments() throws {
        let cassette = APICassette([APIExchange(tool: "quote", arguments: ["vendor": "V-1", "qty": 50], outcome: .success(["total": 10]), latencyMs: 70, provenance: provenance)])
        let executor = ReplayToolExecutor(cassette: cassette)
        let result = try executor.answer(tool: "quote", arguments: try JSONParser.parse(#"{"qty": 50.0, "vendor": "V-1"}"#))
        #expect(result == ToolResult(.success(["total": 10]), latencyMs: 70))
    }

    @Test func replaysRecordedErrorsThenSuccessesInOrder() throws {
        let cassette = APICassette([
            APIExchange(tool: "quote", arguments: ["v": 1], outcome: .failure(status: 500, message: "boom"), latencyMs: 5, provenance: provenance),
            APIExchange(tool: "quote", arguments: ["v": 1], outcome: .success("fine"), latencyMs: 5, provenance: provenance),
        ])
        let executor = ReplayToolExecutor(cassette: cassette)
        #expect(try executor.answer(tool: "quote", arguments: ["v": 1]).observation == "Error: 500 boom")
        #expect(try executor.answer(tool: "quote", arguments: ["v": 1]).observation == "fine")
    }

    @Test func failsClosedNamingTheNearestArguments() {
        let cassette = APICassette([APIExchange(tool: "quote", arguments: ["vendor": "V-2"], outcome: .success(1), latencyMs: 1, provenance: provenance)])
        #expect {
            try ReplayToolExecutor(cassette: cassette).answer(tool: "quote", arguments: ["vendor": "V-9"])
        } throws: { error in
            (error as? ReplayMiss)?.detail.contains(#"$.vendor: recorded "V-2", now "V-9""#) == true
        }
    }
}

struct FixtureFormatTests {
    @Test func readsAndWritesExchangesAsSortedJSONLines() throws {
        let exchange = APIExchange(tool: "t", arguments: ["b": 1, "a": 2], outcome: .failure(status: 504, message: "timeout"), latencyMs: 30000, provenance: Provenance(source: .authored, provider: "script", detail: "x.script.json"))
        let text = JSONFile.lines([exchange.json])
        #expect(text == #"{"arguments":{"a":2,"b":1},"error":{"message":"timeout","status":504},"kind":"api","latencyMs":30000,"provenance":{"detail":"x.script.json","provider":"script","source":"authored"},"tool":"t"}"# + "\n")
        let decoded = try JSONFile.decodeLines(APIExchange.self, from: text, file: "api.jsonl")
        #expect(decoded.map(\.value) == [exchange])
    }

    @Test func rejectsAnExchangeWithBothResponseAndErrorAtItsLine() {
        let text = "\n" + #"{"tool": "t", "response": 1, "error": {"message": "x"}, "latencyMs": 1, "provenance": {"source": "recorded", "provider": "p"}}"#
        #expect {
            try JSONFile.decodeLines(APIExchange.self, from: text, file: "api.jsonl")
        } throws: { error in
            let error = error as? InputError
            return error?.line == 2 && error?.message.contains("exactly one of") == true
        }
    }

    @Test func rejectsAnExchangeInTheWrongFile() {
        let line = #"{"kind": "llm", "tool": "t", "response": 1, "latencyMs": 1, "provenance": {"source": "recorded", "provider": "p"}}"#
        #expect {
            try JSONFile.decodeLines(APIExchange.self, from: line, file: "api.jsonl")
        } throws: { error in
            (error as? InputError)?.path == JSONPath.root.appending("kind")
        }
    }

    @Test func rejectsAnUnknownProvenanceSource() {
        #expect(throws: JSONDecodingError.self) { try Provenance(json: ["source": "guessed", "provider": "p"], at: .root) }
    }
}
