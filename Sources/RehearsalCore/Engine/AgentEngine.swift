/// The ReAct loop: ask the model, check and run each proposed tool call, feed back the observations, repeat.
///
/// Every call passes validation (``CallValidator``), then the ``Gateway``, then approval when the tool demands
/// one, and only then runs: an API call through the ``ToolExecutor`` (which accepts nothing but an
/// ``AuthorizedCall``), a built-in tool, or a handoff, which runs the specialist agent's own loop nested inside
/// this one, in the same trace. Time is virtual (the sum of recorded latencies, tool calls of one turn in
/// parallel), so a replayed run is a pure function of its inputs.
public struct AgentEngine: Sendable {
    /// Answers model calls (live or replayed).
    public var modelClient: any ModelClient
    /// Runs authorized API calls (live or replayed).
    public var toolExecutor: any ToolExecutor
    /// Gives human decisions on calls that need approval.
    public var approvals: any ApprovalProvider
    /// Picks the model for each agent's task.
    public var router: Router
    /// Authorizes calls for the acting principal.
    public var gateway: Gateway
    /// Prices each call, for cost figures and the cost limit.
    public var prices: PriceTable
    /// The built-in tools by name (``ToolKind/builtin(_:)``), computed even in replay.
    public var builtins: [String: any ToolExecutor]

    /// How deep handoffs may nest (a supervisor handing to a specialist is depth 1).
    public static let maximumHandoffDepth = 3

    /// An engine from its components.
    public init(
        modelClient: any ModelClient, toolExecutor: any ToolExecutor, approvals: any ApprovalProvider,
        router: Router, gateway: Gateway = .standard, prices: PriceTable, builtins: [String: any ToolExecutor] = [:]
    ) {
        self.modelClient = modelClient
        self.toolExecutor = toolExecutor
        self.approvals = approvals
        self.router = router
        self.gateway = gateway
        self.prices = prices
        self.builtins = builtins
    }

    /// Runs `task` to its end: an answer, a limit, or an error (recorded in the run, not thrown, so the partial
    /// trace is kept for the report).
    public func run(_ task: AgentTask) async -> AgentRun {
        var trace = TraceRecorder(traceID: task.traceID)
        let job = Job(agent: task.agent, tools: task.tools, input: task.input, userTurns: task.userTurns, limits: task.limits, depth: 0)
        let outcome = await runLoop(job, task: task, parent: nil, startMs: 0, trace: &trace)
        return AgentRun(
            traceID: task.traceID, agentID: task.agent.id, routing: outcome.routing, steps: outcome.steps, answers: outcome.answers,
            stopReason: outcome.stop, usageByModel: outcome.totals.usage, costByModel: outcome.totals.cost,
            routingCostUSD: outcome.totals.routingCost, durationMs: outcome.endMs, spans: trace.spans, messages: outcome.messages)
    }

    /// One agent's loop: the task's own agent, or a specialist a handoff called.
    private struct Job {
        var agent: AgentProfile
        var tools: ToolRegistry
        var input: String
        var userTurns: [String]
        var limits: RunLimits
        var depth: Int
    }

    /// What one loop produced.
    private struct Outcome {
        var routing: RoutingDecision?
        var steps: [AgentStep]
        var answers: [String]
        var stop: StopReason
        var totals: Totals
        var endMs: Double
        var messages: [ChatMessage]
    }

    private func runLoop(_ job: Job, task: AgentTask, parent: SpanID?, startMs: Double, trace: inout TraceRecorder) async -> Outcome {
        var loop = LoopState(clock: startMs)
        let root = trace.begin(.agent, "invoke_agent \(job.agent.id)", parent: parent, at: startMs, attributes: [
            "agent": .string(job.agent.id), "user": .string(task.principal.userID), "depth": job.depth.json,
        ])
        loop.rootID = trace.id(root)
        var messages: [ChatMessage] = [.system(job.agent.systemPrompt), .user(job.input)]

        func finish() -> Outcome {
            let stop = loop.stop ?? .error("the run ended without a reason")
            let status: SpanStatus
            switch stop {
            case .answered: status = .ok
            case .limitReached(let limit): status = .error("stopped by limit \(limit)")
            case .error(let message): status = .error(message)
            }
            trace.annotate(root, "stopReason", .string(stop.code))
            trace.end(root, at: loop.clock, status: status)
            return Outcome(routing: loop.routing, steps: loop.steps, answers: loop.answers, stop: stop, totals: loop.totals, endMs: loop.clock, messages: messages)
        }

        // Route.
        let routingTask = RoutingTask(agentID: job.agent.id, input: job.input, toolNames: job.tools.names, models: job.agent.models)
        do {
            let decision = try await router.decide(routingTask, using: modelClient)
            var latency = 0.0
            if let classifier = decision.classifierCall {
                latency = classifier.response.latencyMs
                loop.totals.routingCost += try loop.totals.charge(classifier.response.usage, model: classifier.request.model, prices: prices)
            }
            var attributes: [String: JSONValue] = [
                "model": .string(decision.model), "tier": .string(decision.tier.rawValue), "reason": .string(decision.reason),
            ]
            attributes["score"] = decision.score.map(JSONValue.number)
            attributes["classifierModel"] = decision.classifierCall.map { .string($0.request.model) }
            trace.record(.routing, "route \(job.agent.id)", parent: loop.rootID, from: startMs, to: startMs + latency, attributes: attributes)
            loop.clock += latency
            loop.routing = decision
        } catch {
            loop.stop = .error("routing failed: \(error)")
            return finish()
        }
        let model = loop.routing!.model

        var pendingTurns = job.userTurns[...]
        while loop.stop == nil {
            if let limit = job.limits.reached(steps: loop.steps.count, tokens: loop.totals.tokens, costUSD: loop.totals.costUSD) {
                loop.stop = .limitReached(limit)
                break
            }
            let request = ModelRequest(model: model, messages: messages, tools: job.tools.tools, sampling: job.agent.sampling, agent: job.agent.id)
            let stepIndex = loop.steps.count
            let response: ModelResponse
            do {
                response = try await modelClient.complete(request)
            } catch {
                var attributes: [String: JSONValue] = ["model": .string(model), "step": stepIndex.json]
                attributes["provider"] = prices.models[model]?.provider.map(JSONValue.string)
                trace.record(.model, "chat \(model)", parent: loop.rootID, from: loop.clock, to: loop.clock, status: .error("\(error)"), attributes: attributes)
                loop.stop = .error("step \(stepIndex): model call failed: \(error)")
                break
            }
            let stepStart = loop.clock
            let cost: Double
            do {
                cost = try loop.totals.charge(response.usage, model: model, prices: prices)
            } catch {
                loop.stop = .error("\(error)")
                break
            }
            var attributes: [String: JSONValue] = [
                "model": .string(model), "responseModel": .string(response.model), "step": stepIndex.json,
                "finishReason": .string(response.finishReason), "usage": response.usage.json, "costUsd": .number(cost),
            ]
            // The price table is where a suite says who serves a model; exporters need it (OTLP's gen_ai.provider.name).
            attributes["provider"] = prices.models[model]?.provider.map(JSONValue.string)
            trace.record(.model, "chat \(model)", parent: loop.rootID, from: stepStart, to: stepStart + response.latencyMs, attributes: attributes)
            loop.clock += response.latencyMs
            messages.append(response.message)

            let calls = response.message.toolCalls
            var step = AgentStep(
                index: stepIndex, model: model, thought: calls.isEmpty ? nil : response.message.content,
                answer: calls.isEmpty ? (response.message.content ?? "") : nil, toolCalls: [], finishReason: response.finishReason,
                usage: response.usage, costUSD: cost, startMs: stepStart, modelLatencyMs: response.latencyMs, toolLatencyMs: 0)

            if calls.isEmpty {
                loop.answers.append(response.message.content ?? "")
                loop.steps.append(step)
                if let next = pendingTurns.popFirst() {
                    trace.record(.userTurn, "user_turn", parent: loop.rootID, from: loop.clock, to: loop.clock, attributes: ["content": .string(next), "step": stepIndex.json])
                    messages.append(.user(next))
                    continue
                }
                loop.stop = .answered
                break
            }

            // Tool calls of one turn run in parallel on the virtual clock: the turn waits for the slowest.
            let turnStart = loop.clock
            for call in calls {
                let handled = await handle(call, job: job, step: stepIndex, thought: step.thought, startMs: turnStart, task: task, loop: &loop, trace: &trace)
                step.toolCalls.append(handled.record)
                step.toolLatencyMs = max(step.toolLatencyMs, handled.record.latencyMs)
                messages.append(.tool(handled.record.observation, callID: call.id))
                if let fatal = handled.fatal {
                    loop.stop = .error("step \(stepIndex): \(fatal)")
                    break
                }
            }
            loop.clock = turnStart + step.toolLatencyMs
            loop.steps.append(step)
        }
        return finish()
    }

    /// Takes one proposed call through validation, the gateway, approval and execution.
    /// - Returns: the call's record, and a message when the run cannot go on (a replay miss, no approval).
    private func handle(
        _ call: ToolCall, job: Job, step: Int, thought: String?, startMs: Double, task: AgentTask, loop: inout LoopState,
        trace: inout TraceRecorder
    ) async -> (record: ToolCallRecord, fatal: String?) {
        let span = trace.begin(.toolCall, "tool_call \(call.name)", parent: loop.rootID, at: startMs, attributes: [
            "tool": .string(call.name), "callId": .string(call.id), "step": step.json, "arguments": .string(call.arguments), "agent": .string(job.agent.id),
        ])
        let spanID = trace.id(span)
        var record = ToolCallRecord(
            agent: job.agent.id, step: step, callID: call.id, name: call.name, rawArguments: call.arguments,
            arguments: try? JSONParser.parse(call.arguments.trimmingWhitespace.isEmpty ? "{}" : call.arguments),
            outcome: .invalid, sideEffect: job.tools.tool(named: call.name)?.sideEffect, observation: "", startMs: startMs, latencyMs: 0, spanID: spanID)

        func close(_ outcome: ToolCallRecord.Outcome, observation: String, status: SpanStatus = .ok, trace: inout TraceRecorder) {
            record.outcome = outcome
            record.observation = observation
            trace.annotate(span, "outcome", .string(outcome.rawValue))
            trace.end(span, at: startMs + record.latencyMs, status: status)
        }

        // 1. Validation.
        var validated: ValidatedCall
        switch CallValidator.validate(call, in: job.tools) {
        case .failure(let invalid):
            record.invalid = invalid
            trace.record(.validation, "validate \(call.name)", parent: spanID, from: startMs, to: startMs, status: .error(invalid.message), attributes: ["kind": .string(invalid.kind.rawValue)])
            close(.invalid, observation: "Error: invalid call: \(invalid.message)", status: .error(invalid.message), trace: &trace)
            return (record, nil)
        case .success(let call):
            trace.record(.validation, "validate \(call.tool.name)", parent: spanID, from: startMs, to: startMs)
            validated = call
        }

        // 2. Gateway.
        var authorized: AuthorizedCall
        switch authorize(validated, task: task, parent: spanID, at: startMs, trace: &trace) {
        case .failure(let denial):
            record.denial = denial
            close(.denied, observation: "Error: permission denied: \(denial.reason)", status: .error(denial.reason), trace: &trace)
            return (record, nil)
        case .success(let call):
            authorized = call
            record.authorized = true
        }

        // 3. Approval, when the tool demands it for these arguments.
        if authorized.tool.approval.isRequired(for: authorized.arguments) {
            let decision: ApprovalDecision
            do {
                decision = try await approvals.decide(on: ApprovalRequest(call: authorized, step: step, thought: thought))
            } catch {
                trace.record(.approval, "approve \(call.name)", parent: spanID, from: startMs, to: startMs, status: .error("\(error)"))
                close(.rejected, observation: "Error: the call was not approved: \(error)", status: .error("\(error)"), trace: &trace)
                return (record, "\(error)")
            }
            record.approval = decision
            var attributes: [String: JSONValue] = ["decision": .string(decision.verb)]
            switch decision {
            case .approve(let note): attributes["note"] = note.map(JSONValue.string)
            case .reject(let reason): attributes["reason"] = .string(reason)
            case .approveEdited(let arguments, let note):
                attributes["arguments"] = arguments
                attributes["note"] = note.map(JSONValue.string)
            }
            trace.record(.approval, "approve \(call.name)", parent: spanID, from: startMs, to: startMs, attributes: attributes)
            switch decision {
            case .approve: break
            case .reject(let reason):
                close(.rejected, observation: "Error: the approver rejected this call: \(reason)", trace: &trace)
                return (record, nil)
            case .approveEdited(let arguments, _):
                record.editedArguments = arguments
                // The edited call goes through validation and the gateway again: an edit must not bypass them.
                switch CallValidator.validate(arguments, callID: call.id, for: authorized.tool) {
                case .failure(let invalid):
                    record.invalid = invalid
                    close(.invalid, observation: "Error: the approver's edited arguments are invalid: \(invalid.message)", status: .error(invalid.message), trace: &trace)
                    return (record, nil)
                case .success(let edited): validated = edited
                }
                switch authorize(validated, task: task, parent: spanID, at: startMs, trace: &trace) {
                case .failure(let denial):
                    record.authorized = false
                    record.denial = denial
                    close(.denied, observation: "Error: permission denied: \(denial.reason)", status: .error(denial.reason), trace: &trace)
                    return (record, nil)
                case .success(let call): authorized = call
                }
            }
        }

        // 4. Execution: a handoff runs the specialist; other tools answer through their executor.
        let result: ToolResult
        if case .handoff(let agentID) = authorized.tool.kind {
            let handoff = await runHandoff(to: agentID, call: authorized, job: job, task: task, parent: spanID, startMs: startMs, loop: &loop, trace: &trace)
            record.handoff = handoff.record
            result = handoff.result
            // A specialist that could not go on (a replay miss, no approval decision) stops the whole run here, so the
            // report names the real cause rather than the caller's next request that no longer matches.
            if case .error(let message)? = handoff.record?.stopReason {
                record.latencyMs = result.latencyMs
                close(.failed, observation: result.observation, status: .error(message), trace: &trace)
                return (record, "\(agentID): \(message)")
            }
        } else {
            do {
                result = try await execute(authorized)
            } catch {
                trace.record(.execution, "execute_tool \(call.name)", parent: spanID, from: startMs, to: startMs, status: .error("\(error)"))
                close(.failed, observation: "Error: \(error)", status: .error("\(error)"), trace: &trace)
                return (record, "tool \(call.name) could not be executed: \(error)")
            }
            let status: SpanStatus
            switch result.outcome {
            case .success: status = .ok
            case .failure(let code, let message): status = .error(code.map { "\($0) \(message)" } ?? message)
            }
            trace.record(.execution, "execute_tool \(call.name)", parent: spanID, from: startMs, to: startMs + result.latencyMs, status: status)
        }
        record.result = result
        record.latencyMs = result.latencyMs
        if case .failure(let code, let message) = result.outcome {
            close(.failed, observation: result.observation, status: .error(code.map { "\($0) \(message)" } ?? message), trace: &trace)
        } else {
            close(.executed, observation: result.observation, trace: &trace)
        }
        return (record, nil)
    }

    /// An API call through the executor, or a built-in tool.
    private func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        switch call.tool.kind {
        case .api, .handoff: return try await toolExecutor.execute(call)
        case .builtin(let name):
            guard let builtin = builtins[name] else {
                return ToolResult(.failure(status: nil, message: "the built-in tool \(name) is not available in this run"), latencyMs: 0)
            }
            return try await builtin.execute(call)
        }
    }

    /// Runs the specialist `agentID` on the task in `call`'s arguments, nested in this trace, and turns its answer
    /// into the tool result the calling agent reads.
    private func runHandoff(
        to agentID: String, call: AuthorizedCall, job: Job, task: AgentTask, parent: SpanID, startMs: Double, loop: inout LoopState,
        trace: inout TraceRecorder
    ) async -> (record: HandoffRecord?, result: ToolResult) {
        guard let member = task.team[agentID] else {
            return (nil, ToolResult(.failure(status: nil, message: "no agent \(agentID) to hand the task to"), latencyMs: 0))
        }
        guard job.depth < AgentEngine.maximumHandoffDepth else {
            return (nil, ToolResult(.failure(status: nil, message: "handoffs nest deeper than \(AgentEngine.maximumHandoffDepth) levels"), latencyMs: 0))
        }
        // The task is the `task` argument by convention; any other shape is passed on as its JSON.
        let text = call.arguments["task"]?.stringValue ?? call.arguments.serialized()
        let specialist = Job(agent: member.agent, tools: member.tools, input: text, userTurns: [], limits: member.limits, depth: job.depth + 1)
        let outcome = await runLoop(specialist, task: task, parent: parent, startMs: startMs, trace: &trace)
        loop.totals.merge(outcome.totals)
        let record = HandoffRecord(agentID: agentID, task: text, routing: outcome.routing, steps: outcome.steps, answers: outcome.answers, stopReason: outcome.stop)
        let latency = outcome.endMs - startMs
        switch outcome.stop {
        case .answered:
            return (record, ToolResult(.success(.string(outcome.answers.last ?? "")), latencyMs: latency))
        case .limitReached(let limit):
            return (record, ToolResult(.failure(status: nil, message: "the \(agentID) agent stopped at limit \(limit) without an answer"), latencyMs: latency))
        case .error(let message):
            return (record, ToolResult(.failure(status: nil, message: "the \(agentID) agent failed: \(message)"), latencyMs: latency))
        }
    }

    private func authorize(_ call: ValidatedCall, task: AgentTask, parent: SpanID, at time: Double, trace: inout TraceRecorder) -> Result<AuthorizedCall, GatewayDenial> {
        let decision = gateway.authorize(call, for: task.principal)
        switch decision {
        case .success:
            trace.record(.gateway, "authorize \(call.tool.name)", parent: parent, from: time, to: time, attributes: [
                "decision": "allow", "scopes": call.tool.requiredScopes.json,
            ])
        case .failure(let denial):
            trace.record(.gateway, "authorize \(call.tool.name)", parent: parent, from: time, to: time, status: .error(denial.reason), attributes: [
                "decision": "deny", "rule": .string(denial.rule), "missingScopes": denial.missingScopes.json,
            ])
        }
        return decision
    }
}

/// Tokens and cost by model, with the router's own share.
private struct Totals {
    var usage: [String: TokenUsage] = [:]
    var cost: [String: Double] = [:]
    var routingCost = 0.0

    var tokens: Int { usage.values.reduce(0) { $0 + $1.total } }
    var costUSD: Double { cost.keys.sorted().reduce(0) { $0 + cost[$1]! } }

    mutating func charge(_ usage: TokenUsage, model: String, prices: PriceTable) throws(PricingError) -> Double {
        let cost = try prices.cost(of: usage, on: model)
        self.usage[model, default: .zero] += usage
        self.cost[model, default: 0] += cost
        return cost
    }

    mutating func merge(_ other: Totals) {
        for (model, usage) in other.usage { self.usage[model, default: .zero] += usage }
        for model in other.cost.keys.sorted() { cost[model, default: 0] += other.cost[model]! }
        routingCost += other.routingCost
    }
}

/// One loop's mutable state.
private struct LoopState {
    var clock: Double
    var rootID: SpanID?
    var routing: RoutingDecision?
    var steps: [AgentStep] = []
    var answers: [String] = []
    var stop: StopReason?
    var totals = Totals()

    init(clock: Double) { self.clock = clock }
}
