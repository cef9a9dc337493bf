import RehearsalCore
import RehearsalReplay
import RehearsalScenarios
import RehearsalTesting
import Testing

struct FixtureSetTests {
    @Test func listsMissingFilesInsteadOfFailing() throws {
        let fixtures = try FixtureSet.load(from: "fx/none", fileSystem: MemoryFileSystem([:]))
        #expect(fixtures.missingFiles == ["fx/none/llm.jsonl"], "a missing api.jsonl only means no API calls were recorded")
        #expect(fixtures.llm.exchanges.isEmpty)
    }

    @Test func rejectsAMalformedLineNamingFileAndLine() {
        let fileSystem = MemoryFileSystem(["fx/s/llm.jsonl": "{\"kind\": \"llm\"\n", "fx/s/api.jsonl": ""])
        #expect {
            try FixtureSet.load(from: "fx/s", fileSystem: fileSystem)
        } throws: { error in
            let error = error as? InputError
            return error?.file == "fx/s/llm.jsonl" && error?.line == 1
        }
    }

    @Test func rejectsAResponseThatIsNotAChatCompletion() {
        let line = #"{"kind": "llm", "key": "sha256:00", "model": "m", "format": "openai.chat.completions", "request": {}, "response": {"choices": []}, "latencyMs": 1, "provenance": {"source": "authored", "provider": "p"}}"#
        #expect {
            try FixtureSet.load(from: "fx/s", fileSystem: MemoryFileSystem(["fx/s/llm.jsonl": "\n" + line]))
        } throws: { error in
            let error = error as? InputError
            return error?.line == 2 && error?.path?.description == "$.response.choices"
        }
    }
}

struct ScriptedApprovalsTests {
    let registry = try! ToolRegistry([TestTools.tool("refund", scopes: [], sideEffect: .write, requiresApproval: true), TestTools.tool("pay", sideEffect: .write, requiresApproval: true)])

    func request(_ tool: String) throws -> ApprovalRequest {
        let validated = try CallValidator.validate(ToolCall(id: "c", name: tool, arguments: "{}"), in: registry).get()
        return ApprovalRequest(call: try Gateway.standard.authorize(validated, for: Principal(userID: "u")).get(), step: 0, thought: nil)
    }

    @Test func answersEachToolFromItsOwnDecisionsInOrder() async throws {
        let approvals = ScriptedApprovals([
            ScriptedApproval(tool: "pay", decision: .reject(reason: "no")),
            ScriptedApproval(tool: "refund", decision: .approve(note: nil)),
            ScriptedApproval(tool: nil, decision: .approve(note: "any")),
        ])
        #expect(try await approvals.decide(on: request("refund")) == .approve(note: nil))
        #expect(try await approvals.decide(on: request("refund")) == .approve(note: "any"))
        #expect(approvals.unused.map(\.tool) == ["pay"])
        await #expect(throws: ApprovalUnavailable.self) { try await approvals.decide(on: try request("refund")) }
    }

    @Test func asksTheFallbackWhenNothingIsScripted() async throws {
        let approvals = ScriptedApprovals([], fallback: StubApprovals { _ in .reject(reason: "asked") })
        #expect(try await approvals.decide(on: request("pay")) == .reject(reason: "asked"))
    }
}

struct ScenarioRunnerTests {
    /// Records the sample scenario for both models from scripted clients, then replays it through the runner.
    func recordedFixtures(_ suite: Suite) async throws -> FixtureSet {
        let scenario = suite.scenarios[0]
        let session = RecordingSession(mode: .all)
        let provenance = Provenance(source: .authored, provider: "test")
        for (model, answer) in [("strong", "Order 7 has shipped."), ("cheap", "No idea.")] {
            let runner = ScenarioRunner(suite: suite, configuration: RunConfiguration(name: model, router: .fixed(.model(model))), prices: suite.prices!, computesBaseline: false)
            let script = ScriptedModelClient([.calling("lookup_order", ["id": "7"], latencyMs: 500), .answering(answer, latencyMs: 400)])
            let tools = StubToolExecutor(always: ["status": "shipped"], latencyMs: 100)
            _ = await runner.record(scenario, modelClient: session.modelClient(wrapping: script, provenance: provenance), toolExecutor: session.toolExecutor(wrapping: tools, provenance: provenance))
        }
        return FixtureSet(llm: LLMCassette(session.llmExchanges), api: APICassette(session.apiExchanges), folder: "fx/returns.late")
    }

    @Test func replaysAScenarioWithItsAlwaysStrongBaseline() async throws {
        let suite = try SuiteLoader(fileSystem: SampleSuite.fileSystem()).load(paths: ["suite"])
        let fixtures = try await recordedFixtures(suite)
        let cheap = RunConfiguration(name: "cheap", router: .fixed(.tier(.cheap)))
        let runner = ScenarioRunner(suite: suite, configuration: cheap, prices: suite.prices!)
        let result = await runner.run(suite.scenarios[0], fixtures: fixtures)
        #expect(result.run.model == "cheap")
        #expect(result.run.finalAnswer == "No idea.")
        #expect(result.run.durationMs == 1000)
        guard case .run(let baseline) = result.baseline else {
            Issue.record("no baseline run")
            return
        }
        #expect(baseline.model == "strong")
        #expect(baseline.finalAnswer == "Order 7 has shipped.")
        #expect(baseline.traceID != result.run.traceID)
        #expect(result.unusedApprovals.count == 1, "the scenario scripts a refund approval nobody asked for")
    }

    @Test func runsManyScenariosInInputOrderWhateverTheParallelism() async throws {
        let suite = try SuiteLoader(fileSystem: SampleSuite.fileSystem()).load(paths: ["suite"])
        let fixtures = try await recordedFixtures(suite)
        let runner = ScenarioRunner(suite: suite, configuration: suite.defaultConfiguration, prices: suite.prices!)
        let work = (0..<12).map { index -> (Scenario, FixtureSet) in
            var scenario = suite.scenarios[0]
            scenario.id = "returns.late-\(index)"
            return (scenario, fixtures)
        }
        let serial = await runner.runAll(work, parallelism: 1)
        let parallel = await runner.runAll(work, parallelism: 4)
        #expect(serial.map(\.scenario.id) == work.map(\.0.id))
        #expect(parallel.map(\.run.spans) == serial.map(\.run.spans))
        #expect(Set(serial.map(\.run.traceID)).count == 12)
        if case .sameAsRun = serial[0].baseline {} else { Issue.record("an always-strong configuration should be its own baseline") }
    }

    @Test func deriveTraceIDsFromConfigurationScenarioAndTrial() throws {
        let suite = try SuiteLoader(fileSystem: SampleSuite.fileSystem()).load(paths: ["suite"])
        let scenario = suite.scenarios[0]
        let a = RunConfiguration(name: "a", router: .fixed(.tier(.cheap)))
        var renamed = a
        renamed.name = "renamed"
        #expect(ScenarioRunner.traceID(for: scenario, trial: 0, configuration: a) == ScenarioRunner.traceID(for: scenario, trial: 0, configuration: renamed))
        #expect(ScenarioRunner.traceID(for: scenario, trial: 0, configuration: a) != ScenarioRunner.traceID(for: scenario, trial: 1, configuration: a))
        #expect(ScenarioRunner.traceID(for: scenario, trial: 0, configuration: a) != ScenarioRunner.traceID(for: scenario, trial: 0, configuration: .standard))
    }
}
