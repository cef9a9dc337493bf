import RehearsalCore
import RehearsalReplay
import RehearsalTesting
import Testing

struct MustNotBeCalled: Error {}

struct RecordingSessionTests {
    let registry = try! ToolRegistry([TestTools.tool("lookup", properties: ["id": ["type": "string"]])])
    let provenance = Provenance(source: .authored, provider: "test")

    func runOnce(_ model: any ModelClient, _ tools: any ToolExecutor) async -> AgentRun {
        let engine = AgentEngine(modelClient: model, toolExecutor: tools, approvals: ApproveAll(), router: Router(.fixed(.tier(.cheap))), prices: TestTools.prices)
        return await engine.run(TestTools.task(agent: TestTools.agent(tools: ["lookup"]), registry: registry))
    }

    func scripted() -> ScriptedModelClient {
        ScriptedModelClient([.calling("lookup", ["id": "A"], latencyMs: 300), .calling("lookup", ["id": "A"], latencyMs: 200), .answering("found", latencyMs: 100)])
    }

    @Test func replaysExactlyWhatItRecorded() async {
        let session = RecordingSession(mode: .all)
        let tools = StubToolExecutor(always: ["name": "Widget"], latencyMs: 40)
        let recorded = await runOnce(session.modelClient(wrapping: scripted(), provenance: provenance), session.toolExecutor(wrapping: tools, provenance: provenance))
        #expect(session.recordedCounts.llm == 3)
        #expect(session.recordedCounts.api == 2, "the same call made twice is recorded twice, in order")

        let replayed = await runOnce(ReplayModelClient(cassette: LLMCassette(session.llmExchanges)), ReplayToolExecutor(cassette: APICassette(session.apiExchanges)))
        #expect(replayed.stopReason == .answered)
        #expect(replayed.spans == recorded.spans)
        #expect(replayed.toolCalls == recorded.toolCalls)
        #expect(replayed.usage == recorded.usage)
    }

    @Test func missingModeKeepsExistingRecordingsAndRecordsOnlyNewOnes() async {
        let first = RecordingSession(mode: .all)
        _ = await runOnce(first.modelClient(wrapping: scripted(), provenance: provenance), first.toolExecutor(wrapping: StubToolExecutor(), provenance: provenance))
        let second = RecordingSession(mode: .missing, existingLLM: first.llmExchanges, existingAPI: first.apiExchanges)
        // Nothing is asked of the wrapped clients: they would fail if called.
        let run = await runOnce(second.modelClient(wrapping: ScriptedModelClient([]), provenance: provenance), second.toolExecutor(wrapping: StubToolExecutor { _, _ in throw MustNotBeCalled() }, provenance: provenance))
        #expect(run.stopReason == .answered)
        #expect(second.recordedCounts.llm == 0 && second.recordedCounts.api == 0)
        #expect(second.llmExchanges == first.llmExchanges)
    }

    func runOnce(_ model: any ModelClient, _ tools: any ToolExecutor, tier: RoutingDecision.Tier) async -> AgentRun {
        let engine = AgentEngine(modelClient: model, toolExecutor: tools, approvals: ApproveAll(), router: Router(.fixed(.tier(tier))), prices: TestTools.prices)
        return await engine.run(TestTools.task(agent: TestTools.agent(tools: ["lookup"]), registry: registry))
    }

    /// A session holding a run on each test model, the cheap one first.
    func recordedOnBothModels() async -> RecordingSession {
        let session = RecordingSession(mode: .all)
        for tier in [RoutingDecision.Tier.cheap, .strong] {
            _ = await runOnce(session.modelClient(wrapping: scripted(), provenance: provenance), session.toolExecutor(wrapping: StubToolExecutor(), provenance: provenance), tier: tier)
        }
        return session
    }

    @Test func recordingOneModelReplaysAndKeepsTheOthers() async {
        let first = await recordedOnBothModels()
        let second = RecordingSession(mode: .all, existingLLM: first.llmExchanges, existingAPI: first.apiExchanges, models: ["strong"])
        let strong = await runOnce(second.modelClient(wrapping: scripted(), provenance: provenance), second.toolExecutor(wrapping: StubToolExecutor(), provenance: provenance, reRecording: true), tier: .strong)
        // The cheap model is not being recorded: its recordings answer, and its client would fail if asked.
        let cheap = await runOnce(second.modelClient(wrapping: ScriptedModelClient([]), provenance: provenance), second.toolExecutor(wrapping: StubToolExecutor(), provenance: provenance), tier: .cheap)
        #expect(strong.stopReason == .answered && cheap.stopReason == .answered)
        #expect(second.recordedCounts.llm == 3 && second.recordedCounts.api == 2)
        #expect(second.llmExchanges == first.llmExchanges, "the same answers recorded again, in the same places; nothing lost")
        #expect(second.apiExchanges == first.apiExchanges)
    }

    @Test func recordingOneModelReplacesItsExchangesInPlace() async throws {
        let first = await recordedOnBothModels()
        let second = RecordingSession(mode: .all, existingLLM: first.llmExchanges, existingAPI: first.apiExchanges, models: ["cheap"])
        // The cheap model now looks up B: its first request is the same as before (the new answer takes the old
        // one's place), the second differs (recorded at the end), and the old second and third are dropped.
        let client = ScriptedModelClient([.calling("lookup", ["id": "B"], latencyMs: 300), .answering("found it", latencyMs: 150)])
        let run = await runOnce(second.modelClient(wrapping: client, provenance: provenance), second.toolExecutor(wrapping: StubToolExecutor(), provenance: provenance, reRecording: true), tier: .cheap)
        #expect(run.stopReason == .answered)
        #expect(second.recordedCounts.llm == 2 && second.recordedCounts.api == 1)
        let old = first.llmExchanges
        let new = second.llmExchanges
        #expect(new.map(\.model) == ["cheap", "strong", "strong", "strong", "cheap"])
        #expect(new[0].key == old[0].key && new[0] != old[0])
        #expect(Array(new[1...3]) == Array(old[3...5]), "the strong model's recordings stay as they were")
        #expect(try new[4].decodedResponse().message.content == "found it")
        // API exchanges belong to no model: the lookups of A stay, the lookup of B is added.
        #expect(second.apiExchanges.map { $0.arguments["id"]?.stringValue } == ["A", "A", "B"])
    }

    @Test func refusesToRecordAModelLeftOut() async {
        let session = RecordingSession(mode: .all, models: ["strong"])
        let run = await runOnce(session.modelClient(wrapping: scripted(), provenance: provenance), session.toolExecutor(wrapping: StubToolExecutor(), provenance: provenance), tier: .cheap)
        guard case .error(let message) = run.stopReason else {
            Issue.record("a model left out was recorded")
            return
        }
        #expect(message.contains("cheap is not among the models being recorded (strong)"))
        #expect(session.unrecordedModels == ["cheap"])
        #expect(session.llmExchanges.isEmpty)
    }

    @Test func neverModeFailsInsteadOfCallingTheProvider() async {
        let session = RecordingSession(mode: .never)
        let run = await runOnce(session.modelClient(wrapping: scripted(), provenance: provenance), session.toolExecutor(wrapping: StubToolExecutor(), provenance: provenance))
        guard case .error(let message) = run.stopReason else {
            Issue.record("never mode recorded")
            return
        }
        #expect(message.contains("record mode is never"))
    }

    @Test(arguments: ["all", "missing", "never"])
    func parsesModeNames(name: String) {
        #expect(RecordMode(name)?.description == name)
        #expect(RecordMode("sometimes") == nil)
    }
}

struct ScriptModelClientTests {
    let tool = TestTools.tool("get_budget", properties: ["quarter": ["type": "string"]])

    func script() throws -> Script {
        try JSONFile.decode(Script.self, from: """
            {"scenario": "s", "models": {"gpt-4o": {"latency": {"firstTokenMs": 500, "perOutputTokenMs": 10, "perThousandInputTokensMs": 0},
              "turns": [{"thought": "checking", "calls": [{"tool": "get_budget", "arguments": {"quarter": "Q3"}}]}, {"answer": "done"}]}},
             "routing": {"gpt-4o-mini": "0.7"},
             "tools": [{"tool": "get_budget", "when": {"quarter": "Q3"}, "error": {"status": 500, "message": "down"}, "times": 1},
                       {"tool": "get_budget", "response": {"left": 1}, "latencyMs": 80}]}
            """, file: "s.script.json")
    }

    @Test func readsTheTurnOffTheConversationThenRunsOut() throws {
        let client = ScriptModelClient(script: try script())
        var request = ModelRequest(model: "gpt-4o", messages: [.system("sys"), .user("how much?")], tools: [tool])
        let first = try client.answer(request)
        #expect(first.message.toolCalls.map(\.name) == ["get_budget"])
        #expect(first.message.content == "checking")
        #expect(try client.answer(request).message.content == "checking", "the same conversation asks for the same turn")
        request.messages += [first.message, .tool("{}", callID: first.message.toolCalls[0].id)]
        let second = try client.answer(request)
        #expect(second.message.content == "done")
        request.messages += [second.message, .user("and?")]
        #expect(throws: ScriptError.self) { try client.answer(request) }
        #expect(throws: ScriptError.self) { try ScriptModelClient(script: try script()).answer(ModelRequest(model: "gpt-5", messages: [], tools: [])) }
    }

    @Test func estimatesTokensAndLatencyFromTheRequestAndResponse() throws {
        let request = ModelRequest(model: "gpt-4o", messages: [.system("12345678"), .user("1234")], tools: [])
        let response = try ScriptModelClient(script: try script()).answer(request)
        // 3 priming + (4 + 2) + (4 + 1) = 14 input tokens; output: "checking" (2) + 3 + "get_budget" (3) + {"quarter":"Q3"} (4) = 12.
        #expect(response.usage.input == 14)
        #expect(response.usage.output == 12)
        #expect(response.latencyMs == 500 + 10 * 12)
    }

    @Test func cachesThePromptPrefixOnlyFromOneThousandTwentyFourTokens() {
        let long = String(repeating: "x", count: 8000)  // 2000 tokens
        let first = ModelRequest(model: "m", messages: [.system(long), .user("a")], tools: [])
        var second = first
        second.messages += [.assistant("b"), .user("c")]
        // Shared prefix: 3 + (4 + 2000) + (4 + 1) = 2012 tokens, cached in 128-token blocks: 1920.
        #expect(TokenEstimator.cachedTokens(of: second, after: first) == 1920)
        #expect(TokenEstimator.cachedTokens(of: second, after: nil) == 0)
        let short = ModelRequest(model: "m", messages: [.user("a")], tools: [])
        #expect(TokenEstimator.cachedTokens(of: short, after: short) == 0)
    }

    @Test func rejectsATurnWithBothCallsAndAnAnswer() {
        #expect(throws: InputError.self) {
            try JSONFile.decode(ScriptTurn.self, from: #"{"answer": "x", "calls": [{"tool": "t"}]}"#, file: "t.json")
        }
    }
}

struct ScriptAgentTurnsTests {
    @Test func givesEachAgentItsOwnTurnsOnAModel() throws {
        let script = try JSONFile.decode(Script.self, from: """
            {"scenario": "s", "models": {"gpt-4o": {"agents": {
                "supervisor": [{"answer": "S1"}, {"answer": "S2"}],
                "logistics": [{"answer": "L1"}]}}}}
            """, file: "s.script.json")
        let client = ScriptModelClient(script: script)
        func ask(_ agent: String, after answers: Int = 0) throws -> String? {
            let earlier = (0..<answers).flatMap { _ in [ChatMessage.assistant("earlier"), .user("go on")] }
            return try client.answer(ModelRequest(model: "gpt-4o", messages: [.user("x")] + earlier, tools: [], agent: agent)).message.content
        }
        #expect(try ask("supervisor") == "S1")
        #expect(try ask("logistics") == "L1")
        #expect(try ask("supervisor", after: 1) == "S2")
        #expect(throws: ScriptError.self) { try ask("logistics", after: 1) }
        #expect(throws: ScriptError.self) { try ask("finance") }
    }

    @Test func answersTheClassifierPerAgent() throws {
        let script = try JSONFile.decode(Script.self, from: #"{"scenario": "s", "models": {"m": {"turns": [{"answer": "x"}]}}, "routing": {"m": {"supervisor": "0.9", "logistics": "0.2"}}}"#, file: "s.json")
        let client = ScriptModelClient(script: script)
        func score(_ agent: String) throws -> String? {
            try client.answer(ModelRequest(model: "m", messages: [.user("x")], tools: [], purpose: .routing, agent: agent)).message.content
        }
        #expect(try score("supervisor") == "0.9")
        #expect(try score("logistics") == "0.2")
        #expect(throws: ScriptError.self) { try score("finance") }
    }

    @Test func answersAPICallsByTheRunsHistoryNotByWhatItSawItself() throws {
        let script = try JSONFile.decode(Script.self, from: #"{"scenario": "s", "models": {"m": {"turns": [{"answer": "x"}]}}, "tools": [{"tool": "refund", "response": "RF-1", "times": 1}, {"tool": "refund", "response": "RF-2", "times": 1}, {"tool": "quote", "error": {"status": 500, "message": "down"}, "times": 1}, {"tool": "quote", "response": 7}]}"#, file: "s.json")
        let tools = ScriptToolExecutor(script: script)
        // A recording session that answered the first calls from its recordings asks for the next directly.
        #expect(try tools.answer(tool: "quote", arguments: [:], after: [("quote", [:])]).observation == "7")
        #expect(try tools.answer(tool: "quote", arguments: [:], after: []).observation == "Error: 500 down")
        // `times` counts every call the entry answered, whatever its arguments.
        #expect(try tools.answer(tool: "refund", arguments: ["reason": "second"], after: [("refund", ["reason": "first"])]).observation == "RF-2")
    }

    @Test func saysWhetherNoEntryMatchesOrAllAreUsedUp() throws {
        let script = try JSONFile.decode(Script.self, from: #"{"scenario": "s", "models": {"m": {"turns": [{"answer": "x"}]}}, "tools": [{"tool": "quote", "response": 1, "times": 1}]}"#, file: "s.json")
        let tools = ScriptToolExecutor(script: script)
        #expect { try tools.answer(tool: "pay", arguments: [:], after: []) } throws: { ($0 as? ScriptError)?.message.contains("no entry matches it") == true }
        #expect { try tools.answer(tool: "quote", arguments: [:], after: [("quote", [:])]) } throws: { ($0 as? ScriptError)?.message.contains("used up") == true }
    }

    @Test func rejectsTopLevelBehaviourBesideTrialVariants() {
        #expect(throws: InputError.self) {
            try JSONFile.decode(Script.self, from: #"{"scenario": "s", "models": {"m": {"turns": [{"answer": "x"}]}}, "trials": [{"models": {"m": {"turns": [{"answer": "y"}]}}}]}"#, file: "s.json")
        }
    }

    @Test func keepsTheAgentOutOfTheRequestKey() {
        let request = ModelRequest(model: "m", messages: [.user("x")], tools: [])
        var tagged = request
        tagged.agent = "supervisor"
        #expect(RequestKey.key(for: request) == RequestKey.key(for: tagged))
    }
}
