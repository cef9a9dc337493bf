import RehearsalCore
import RehearsalTesting
import Testing

struct AgentEngineTests {
    let quote = TestTools.tool("request_quote", properties: ["quantity": ["type": "integer", "minimum": 1]], scopes: ["quotes:read"])
    let order = TestTools.tool("create_po", properties: ["quantity": ["type": "integer"]], scopes: ["po:write"], sideEffect: .write, requiresApproval: true)

    func engine(_ model: ScriptedModelClient, tools: StubToolExecutor = StubToolExecutor(), approvals: any ApprovalProvider = ApproveAll(), router: RouterConfiguration = .fixed(.tier(.cheap))) -> AgentEngine {
        AgentEngine(modelClient: model, toolExecutor: tools, approvals: approvals, router: Router(router), prices: TestTools.prices)
    }

    func task(scopes: [String] = ["quotes:read", "po:write"], userTurns: [String] = [], limits: RunLimits = .standard) -> AgentTask {
        let registry = try! ToolRegistry([quote, order])
        return TestTools.task(agent: TestTools.agent(tools: ["request_quote", "create_po"]), registry: registry, scopes: scopes, userTurns: userTurns, limits: limits)
    }

    @Test func answersAfterItsToolCallsAndRecordsEveryStep() async throws {
        let model = ScriptedModelClient([
            .calling("request_quote", ["quantity": 50], thought: "I need a quote.", latencyMs: 400, usage: TokenUsage(input: 1000, cachedInput: 200, output: 50)),
            .answering("The quote is in.", latencyMs: 300, usage: TokenUsage(input: 1200, output: 20)),
        ])
        let tools = StubToolExecutor(always: ["total": 59450], latencyMs: 250)
        let run = await engine(model, tools: tools).run(task())

        #expect(run.stopReason == .answered)
        #expect(run.finalAnswer == "The quote is in.")
        #expect(run.steps.count == 2)
        #expect(run.steps[0].thought == "I need a quote.")
        let call = try #require(run.toolCalls.first)
        #expect(call.outcome == .executed)
        #expect(call.observation == #"{"total":59450}"#)
        #expect(run.durationMs == 400 + 250 + 300)
        #expect(run.usage == TokenUsage(input: 2200, cachedInput: 200, output: 70))
        // cheap: (800 * 1 + 200 * 0.5 + 50 * 2) + (1200 * 1 + 20 * 2) = 1000 + 1240 per million.
        #expect(abs(run.costUSD - 0.00224) < 1e-12)
        // The observation went back to the model with the call's id.
        let second = try #require(model.requests.last)
        #expect(second.messages.last == .tool(#"{"total":59450}"#, callID: "call_request_quote_0"))
        #expect(second.messages.first?.role == .system)
    }

    @Test func waitsForTheSlowestOfParallelToolCalls() async {
        let model = ScriptedModelClient([
            .calling([("request_quote", ["quantity": 1]), ("request_quote", ["quantity": 2])], latencyMs: 100),
            .answering("done", latencyMs: 100),
        ])
        let tools = StubToolExecutor { _, arguments in
            ToolResult(.success(arguments), latencyMs: arguments["quantity"] == 1 ? 300 : 500)
        }
        let run = await engine(model, tools: tools).run(task())
        #expect(run.durationMs == 100 + 500 + 100)
        #expect(run.steps[0].toolLatencyMs == 500)
        #expect(run.toolCalls.map(\.startMs) == [100, 100])
    }

    @Test func neverExecutesAnInvalidCallAndLetsTheModelRepairIt() async throws {
        let model = ScriptedModelClient([
            .calling("request_quote", ["quantity": "fifty"]),
            .calling("request_quote", ["quantity": 50]),
            .answering("ok"),
        ])
        let tools = StubToolExecutor()
        let run = await engine(model, tools: tools).run(task())
        #expect(run.toolCalls.map(\.outcome) == [.invalid, .executed])
        #expect(tools.calls.count == 1)
        #expect(tools.calls.first?.arguments == ["quantity": 50])
        let invalid = try #require(run.toolCalls.first)
        #expect(invalid.invalid?.violations.map(\.path.description) == ["$.quantity"])
        #expect(invalid.observation.hasPrefix("Error: invalid call: "))
        #expect(model.requests[1].messages.last?.content == invalid.observation)
    }

    @Test func refusesArgumentsThatAreNotJSONWithoutExecuting() async {
        let model = ScriptedModelClient([.calling("request_quote", rawArguments: "{quantity: fifty}"), .answering("sorry")])
        let tools = StubToolExecutor()
        let run = await engine(model, tools: tools).run(task())
        #expect(run.toolCalls.first?.outcome == .invalid)
        #expect(run.toolCalls.first?.invalid?.kind == .malformedJSON)
        #expect(run.toolCalls.first?.arguments == nil)
        #expect(tools.calls.isEmpty)
    }

    @Test func turnsAGatewayDenialIntoAnObservationAndAnAuditSpan() async throws {
        let model = ScriptedModelClient([.calling("create_po", ["quantity": 5]), .answering("I am not allowed to.")])
        let tools = StubToolExecutor()
        let approvals = StubApprovals { _ in .approve(note: nil) }
        let run = await engine(model, tools: tools, approvals: approvals).run(task(scopes: ["quotes:read"]))
        let call = try #require(run.toolCalls.first)
        #expect(call.outcome == .denied)
        #expect(call.denial?.missingScopes == ["po:write"])
        #expect(call.observation == "Error: permission denied: create_po requires scope po:write, which user u-test does not have")
        #expect(tools.calls.isEmpty)
        #expect(approvals.requestedTools.isEmpty, "a denied call must not reach the approver")
        let gatewaySpan = try #require(run.spans.first { $0.kind == .gateway })
        #expect(gatewaySpan.attributes["decision"] == "deny")
        #expect(gatewaySpan.status.errorMessage != nil)
        #expect(gatewaySpan.parentID == call.spanID)
    }

    @Test func runsAnApprovedCallAndSkipsARejectedOne() async {
        let model = ScriptedModelClient([
            .calling("create_po", ["quantity": 5]), .calling("create_po", ["quantity": 6]), .answering("done"),
        ])
        let tools = StubToolExecutor()
        let approvals = StubApprovals { request in
            request.call.arguments["quantity"] == 5 ? .approve(note: "fine") : .reject(reason: "over budget")
        }
        let run = await engine(model, tools: tools, approvals: approvals).run(task())
        #expect(run.toolCalls.map(\.outcome) == [.executed, .rejected])
        #expect(run.toolCalls[1].observation == "Error: the approver rejected this call: over budget")
        #expect(tools.calls.map(\.arguments) == [["quantity": 5]])
        #expect(approvals.requestedTools == ["create_po", "create_po"])
    }

    @Test func executesEditedArgumentsOnlyAfterValidatingThemAgain() async {
        let model = ScriptedModelClient([.calling("create_po", ["quantity": 50]), .calling("create_po", ["quantity": 60]), .answering("ok")])
        let tools = StubToolExecutor()
        let approvals = StubApprovals { request in
            request.call.arguments["quantity"] == 50
                ? .approveEdited(arguments: ["quantity": 40], note: "trimmed") : .approveEdited(arguments: ["quantity": "lots"], note: nil)
        }
        let run = await engine(model, tools: tools, approvals: approvals).run(task())
        #expect(run.toolCalls.map(\.outcome) == [.executed, .invalid])
        #expect(run.toolCalls[0].editedArguments == ["quantity": 40])
        #expect(tools.calls.map(\.arguments) == [["quantity": 40]])
    }

    @Test func stopsTheRunWhenNoApprovalDecisionCanBeHad() async {
        struct Nobody: Error, CustomStringConvertible { var description: String { "nobody to ask" } }
        let model = ScriptedModelClient([.calling("create_po", ["quantity": 5]), .answering("unreachable")])
        let tools = StubToolExecutor()
        let run = await engine(model, tools: tools, approvals: StubApprovals { _ in throw Nobody() }).run(task())
        guard case .error(let message) = run.stopReason else {
            Issue.record("expected an error stop, got \(run.stopReason)")
            return
        }
        #expect(message.contains("nobody to ask"))
        #expect(tools.calls.isEmpty)
    }

    @Test func reportsAToolFailureToTheModel() async {
        let model = ScriptedModelClient([.calling("request_quote", ["quantity": 1]), .answering("the supplier is down")])
        let tools = StubToolExecutor { _, _ in ToolResult(.failure(status: 503, message: "supplier unavailable"), latencyMs: 30_000) }
        let run = await engine(model, tools: tools).run(task())
        #expect(run.toolCalls.first?.outcome == .failed)
        #expect(run.toolCalls.first?.observation == "Error: 503 supplier unavailable")
        #expect(run.stopReason == .answered)
    }

    @Test(arguments: [
        (RunLimits(maxSteps: 2), StopReason.Limit.maxSteps(2)),
        (RunLimits(maxTokens: 150), StopReason.Limit.maxTokens(150)),
        (RunLimits(maxCostUSD: 0.0001), StopReason.Limit.maxCost(0.0001)),
    ])
    func stopsAtALimitAndSaysWhich(limits: RunLimits, limit: StopReason.Limit) async {
        let model = ScriptedModelClient((0..<5).map { _ in .calling("request_quote", ["quantity": 1]) })
        let run = await engine(model).run(task(limits: limits))
        #expect(run.stopReason == .limitReached(limit))
        #expect(run.steps.count < 5)
    }

    @Test func injectsScriptedUserTurnsWhenTheAgentAnswers() async throws {
        let model = ScriptedModelClient([.answering("Which size?"), .answering("Ordered the large one.")])
        let run = await engine(model).run(task(userTurns: ["The large one, please."]))
        #expect(run.answers == ["Which size?", "Ordered the large one."])
        let second = try #require(model.requests.last)
        #expect(second.messages.last == .user("The large one, please."))
        #expect(run.spans.contains { $0.kind == .userTurn })
    }

    @Test func stopsWithTheStepWhenTheModelClientFails() async {
        let run = await engine(ScriptedModelClient([])).run(task())
        guard case .error(let message) = run.stopReason else {
            Issue.record("expected an error stop")
            return
        }
        #expect(message.hasPrefix("step 0: model call failed"))
    }

    @Test func buildsADeterministicSpanTree() async throws {
        func makeRun() async -> AgentRun {
            let model = ScriptedModelClient([.calling("create_po", ["quantity": 5]), .answering("ok")])
            return await engine(model).run(task())
        }
        let first = await makeRun()
        let second = await makeRun()
        #expect(first.spans == second.spans)
        let root = try #require(first.spans.first)
        #expect(root.kind == .agent && root.parentID == nil)
        #expect(root.endMs == first.durationMs)
        let ids = Set(first.spans.map(\.id))
        #expect(ids.count == first.spans.count)
        for span in first.spans.dropFirst() {
            #expect(span.parentID.map(ids.contains) == true, "span \(span.name) has no parent in the trace")
            #expect(span.startMs >= root.startMs && span.endMs <= root.endMs)
        }
        let toolSpan = try #require(first.spans.first { $0.kind == .toolCall })
        let children = first.spans.filter { $0.parentID == toolSpan.id }.map(\.kind)
        #expect(children == [.validation, .gateway, .approval, .execution])
    }

    @Test func chargesTheClassifierCallToTheRun() async {
        let model = ScriptedModelClient([
            .answering("0.2", latencyMs: 90, usage: TokenUsage(input: 100, output: 1)),
            .answering("hello", latencyMs: 100),
        ])
        let run = await engine(model, router: .classifier(ClassifierSettings(), models: nil)).run(task())
        #expect(run.routing?.model == "cheap")
        #expect(run.durationMs == 190)
        #expect(abs(run.routingCostUSD - 0.000102) < 1e-12)
        #expect(model.requests.first?.purpose == .routing)
    }

    @Test func handsATaskToASpecialistInsideTheSameTrace() async throws {
        let handoff = try ToolDefinition(
            name: "ask_logistics", description: "Hand a shipping question to logistics.",
            parameters: ["type": "object", "properties": ["task": ["type": "string"]], "required": ["task"]], sideEffect: .read,
            kind: .handoff(agent: "logistics"))
        let track = TestTools.tool("track", properties: ["id": ["type": "string"]])
        let logistics = TestTools.agent("logistics", tools: ["track"])
        let supervisor = TestTools.agent("supervisor", tools: ["ask_logistics"])
        let model = ScriptedModelClient([
            .calling("ask_logistics", ["task": "Where is order 7?"], latencyMs: 100),
            .calling("track", ["id": "7"], latencyMs: 200),
            .answering("Order 7 is two days late.", latencyMs: 300),
            .answering("Your order is two days late.", latencyMs: 400),
        ])
        let tools = StubToolExecutor(always: ["status": "delayed"], latencyMs: 50)
        var task = TestTools.task(agent: supervisor, registry: try ToolRegistry([handoff]))
        task.team = ["logistics": TeamMember(agent: logistics, tools: try ToolRegistry([track]), limits: .standard)]
        let run = await engine(model, tools: tools).run(task)

        #expect(run.stopReason == .answered)
        #expect(run.toolCalls.map(\.name) == ["ask_logistics", "track"])
        #expect(run.toolCalls.map(\.agent) == ["supervisor", "logistics"])
        let call = try #require(run.toolCalls.first)
        #expect(call.observation == "Order 7 is two days late.")
        #expect(call.handoff?.task == "Where is order 7?")
        #expect(call.latencyMs == 200 + 50 + 300, "the handoff lasts as long as the specialist's run")
        #expect(run.durationMs == 100 + 550 + 400)
        #expect(run.usage.input == 400, "the specialist's model calls count toward the run")
        #expect(model.requests[1].messages.first?.content == logistics.systemPrompt)
        let specialistRoot = try #require(run.spans.first { $0.name == "invoke_agent logistics" })
        #expect(specialistRoot.parentID == call.spanID)
        #expect(specialistRoot.startMs == 100 && specialistRoot.endMs == 650)
        #expect(run.spans.filter { $0.kind == .agent }.count == 2)
    }

    @Test func failsAHandoffToAnAgentNotOnTheTeam() async throws {
        let handoff = try ToolDefinition(name: "ask_finance", description: "", parameters: ["type": "object"], sideEffect: .read, kind: .handoff(agent: "finance"))
        let model = ScriptedModelClient([.calling("ask_finance", ["task": "refund"]), .answering("could not")])
        let run = await engine(model).run(TestTools.task(agent: TestTools.agent(tools: ["ask_finance"]), registry: try ToolRegistry([handoff])))
        #expect(run.toolCalls.first?.outcome == .failed)
        #expect(run.toolCalls.first?.observation == "Error: no agent finance to hand the task to")
    }

    @Test func asksForApprovalOnlyAboveTheToolsLimit() async throws {
        let refund = try ToolDefinition(
            name: "refund", description: "", parameters: ["type": "object", "properties": ["amount": ["type": "number"]]],
            approval: .whenAbove(argument: "amount", limit: 200))
        let model = ScriptedModelClient([.calling("refund", ["amount": 150]), .calling("refund", ["amount": 250]), .answering("done")])
        let approvals = StubApprovals { _ in .approve(note: nil) }
        let run = await engine(model, approvals: approvals).run(TestTools.task(agent: TestTools.agent(tools: ["refund"]), registry: try ToolRegistry([refund])))
        #expect(approvals.requestedTools == ["refund"])
        #expect(run.toolCalls.map { $0.approval != nil } == [false, true])
    }

    @Test func recordsTheProviderThePriceTableNamesOnModelSpans() async throws {
        var prices = TestTools.prices
        prices.models["cheap"]?.provider = "openai"
        let named = AgentEngine(
            modelClient: ScriptedModelClient([.answering("hi")]), toolExecutor: StubToolExecutor(), approvals: ApproveAll(),
            router: Router(.fixed(.tier(.cheap))), prices: prices)
        let chat = try #require(await named.run(task()).spans.first { $0.kind == .model })
        #expect(chat.attributes["provider"] == "openai")
        let unnamed = try #require(await engine(ScriptedModelClient([.answering("hi")])).run(task()).spans.first { $0.kind == .model })
        #expect(unnamed.attributes["provider"] == nil, "a table without a provider claims none")
    }

    @Test func stopsWhenAModelHasNoPrice() async {
        let run = await engine(ScriptedModelClient([.answering("hi")]), router: .fixed(.model("unpriced"))).run(task())
        guard case .error(let message) = run.stopReason else {
            Issue.record("an unpriced model ran")
            return
        }
        #expect(message.contains("no price for model \"unpriced\""))
    }
}
