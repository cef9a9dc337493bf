/// The ReAct loop: ask the model, check and run each proposed tool call, feed back the observations, repeat.
///
/// Every call passes validation (``CallValidator``), then the ``Gateway``, then approval when the tool demands
/// one, and only then reaches the ``ToolExecutor``, which accepts nothing but an ``AuthorizedCall``. Time is
/// virtual (the sum of recorded latencies, tool calls of one turn in parallel), so a replayed run is a pure
/// function of its inputs.
public struct AgentEngine: Sendable {
    /// Answers model calls (live or replayed).
    public var modelClient: any ModelClient
    /// Runs authorized tool calls (live or replayed).
    public var toolExecutor: any ToolExecutor
    /// Gives human decisions on calls that need approval.
    public var approvals: any ApprovalProvider
    /// Picks the model for each task.
    public var router: Router
    /// Authorizes calls for the acting principal.
    public var gateway: Gateway
    /// Prices each call, for cost figures and the cost limit.
    public var prices: PriceTable

    /// An engine from its components.
    public init(
        modelClient: any ModelClient, toolExecutor: any ToolExecutor, approvals: any ApprovalProvider,
        router: Router, gateway: Gateway = .standard, prices: PriceTable
    ) {
        self.modelClient = modelClient
        self.toolExecutor = toolExecutor
        self.approvals = approvals
        self.router = router
        self.gateway = gateway
        self.prices = prices
    }

    /// Runs `task` to its end: an answer, a limit, or an error (recorded in the run, not thrown, so the partial
    /// trace is kept for the report).
    public func run(_ task: AgentTask) async -> AgentRun {
        var loop = LoopState(task: task)
        let root = loop.trace.begin(.agent, "invoke_agent \(task.agent.id)", parent: nil, at: 0, attributes: [
            "agent": .string(task.agent.id), "user": .string(task.principal.userID),
        ])
        let rootID = loop.trace.id(root)
        loop.rootID = rootID

        // Route.
        let routingTask = RoutingTask(agentID: task.agent.id, input: task.input, toolNames: task.tools.names, models: task.agent.models)
        do {
            let decision = try await router.decide(routingTask, using: modelClient)
            var latency = 0.0
            if let classifier = decision.classifierCall {
                latency = classifier.response.latencyMs
                loop.routingCost = try loop.charge(classifier.response.usage, model: classifier.request.model, prices: prices)
            }
            var attributes: [String: JSONValue] = [
                "model": .string(decision.model), "tier": .string(decision.tier.rawValue), "reason": .string(decision.reason),
            ]
            attributes["score"] = decision.score.map(JSONValue.number)
            loop.trace.record(.routing, "route \(task.agent.id)", parent: rootID, from: 0, to: latency, attributes: attributes)
            loop.clock = latency
            loop.routing = decision
        } catch {
            loop.stop = .error("routing failed: \(error)")
            return loop.finish(root: root)
        }
        guard let model = loop.routing?.model else { return loop.finish(root: root) }

        var messages: [ChatMessage] = [.system(task.agent.systemPrompt), .user(task.input)]
        var pendingTurns = task.userTurns[...]
        while loop.stop == nil {
            if let limit = task.limits.reached(steps: loop.steps.count, tokens: loop.totalTokens, costUSD: loop.totalCost) {
                loop.stop = .limitReached(limit)
                break
            }
            let request = ModelRequest(model: model, messages: messages, tools: task.tools.tools, sampling: task.agent.sampling)
            let response: ModelResponse
            do {
                response = try await modelClient.complete(request)
            } catch {
                loop.trace.record(.model, "chat \(model)", parent: rootID, from: loop.clock, to: loop.clock, status: .error("\(error)"), attributes: ["model": .string(model), "step": loop.steps.count.json])
                loop.stop = .error("step \(loop.steps.count): model call failed: \(error)")
                break
            }
            let stepIndex = loop.steps.count
            let stepStart = loop.clock
            let cost: Double
            do {
                cost = try loop.charge(response.usage, model: model, prices: prices)
            } catch {
                loop.stop = .error("\(error)")
                break
            }
            loop.trace.record(.model, "chat \(model)", parent: rootID, from: stepStart, to: stepStart + response.latencyMs, attributes: [
                "model": .string(model), "responseModel": .string(response.model), "step": stepIndex.json,
                "finishReason": .string(response.finishReason), "usage": response.usage.json, "costUsd": .number(cost),
            ])
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
                    loop.trace.record(.userTurn, "user_turn", parent: rootID, from: loop.clock, to: loop.clock, attributes: ["content": .string(next), "step": stepIndex.json])
                    messages.append(.user(next))
                    continue
                }
                loop.stop = .answered
                break
            }

            // Tool calls of one turn run in parallel on the virtual clock: the turn waits for the slowest.
            let turnStart = loop.clock
            for call in calls {
                let handled = await handle(call, step: stepIndex, thought: step.thought, startMs: turnStart, task: task, loop: &loop)
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
        loop.messages = messages
        return loop.finish(root: root)
    }

    /// Takes one proposed call through validation, the gateway, approval and execution.
    /// - Returns: the call's record, and a message when the run cannot go on (a replay miss, no approval).
    private func handle(_ call: ToolCall, step: Int, thought: String?, startMs: Double, task: AgentTask, loop: inout LoopState) async -> (record: ToolCallRecord, fatal: String?) {
        let span = loop.trace.begin(.toolCall, "tool_call \(call.name)", parent: loop.rootID, at: startMs, attributes: [
            "tool": .string(call.name), "callId": .string(call.id), "step": step.json, "arguments": .string(call.arguments),
        ])
        let spanID = loop.trace.id(span)
        var record = ToolCallRecord(
            step: step, callID: call.id, name: call.name, rawArguments: call.arguments,
            arguments: try? JSONParser.parse(call.arguments.trimmingWhitespace.isEmpty ? "{}" : call.arguments),
            editedArguments: nil, outcome: .invalid, sideEffect: task.tools.tool(named: call.name)?.sideEffect, invalid: nil,
            denial: nil, approval: nil, result: nil, observation: "", startMs: startMs, latencyMs: 0, spanID: spanID)

        func close(_ outcome: ToolCallRecord.Outcome, observation: String, status: SpanStatus = .ok) {
            record.outcome = outcome
            record.observation = observation
            loop.trace.annotate(span, "outcome", .string(outcome.rawValue))
            loop.trace.end(span, at: startMs + record.latencyMs, status: status)
        }

        // 1. Validation.
        var validated: ValidatedCall
        switch CallValidator.validate(call, in: task.tools) {
        case .failure(let invalid):
            record.invalid = invalid
            loop.trace.record(.validation, "validate \(call.name)", parent: spanID, from: startMs, to: startMs, status: .error(invalid.message), attributes: ["kind": .string(invalid.kind.rawValue)])
            close(.invalid, observation: "Error: invalid call: \(invalid.message)", status: .error(invalid.message))
            return (record, nil)
        case .success(let call):
            loop.trace.record(.validation, "validate \(call.tool.name)", parent: spanID, from: startMs, to: startMs)
            validated = call
        }

        // 2. Gateway.
        var authorized: AuthorizedCall
        switch authorize(validated, task: task, parent: spanID, at: startMs, loop: &loop) {
        case .failure(let denial):
            record.denial = denial
            close(.denied, observation: "Error: permission denied: \(denial.reason)", status: .error(denial.reason))
            return (record, nil)
        case .success(let call):
            authorized = call
            record.authorized = true
        }

        // 3. Approval.
        if authorized.tool.requiresApproval {
            let decision: ApprovalDecision
            do {
                decision = try await approvals.decide(on: ApprovalRequest(call: authorized, step: step, thought: thought))
            } catch {
                loop.trace.record(.approval, "approve \(call.name)", parent: spanID, from: startMs, to: startMs, status: .error("\(error)"))
                close(.rejected, observation: "Error: the call was not approved: \(error)", status: .error("\(error)"))
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
            loop.trace.record(.approval, "approve \(call.name)", parent: spanID, from: startMs, to: startMs, attributes: attributes)
            switch decision {
            case .approve: break
            case .reject(let reason):
                close(.rejected, observation: "Error: the approver rejected this call: \(reason)")
                return (record, nil)
            case .approveEdited(let arguments, _):
                record.editedArguments = arguments
                // The edited call goes through validation and the gateway again: an edit must not bypass them.
                switch CallValidator.validate(arguments, callID: call.id, for: authorized.tool) {
                case .failure(let invalid):
                    record.invalid = invalid
                    close(.invalid, observation: "Error: the approver's edited arguments are invalid: \(invalid.message)", status: .error(invalid.message))
                    return (record, nil)
                case .success(let edited): validated = edited
                }
                switch authorize(validated, task: task, parent: spanID, at: startMs, loop: &loop) {
                case .failure(let denial):
                    record.authorized = false
                    record.denial = denial
                    close(.denied, observation: "Error: permission denied: \(denial.reason)", status: .error(denial.reason))
                    return (record, nil)
                case .success(let call): authorized = call
                }
            }
        }

        // 4. Execution.
        let result: ToolResult
        do {
            result = try await toolExecutor.execute(authorized)
        } catch {
            loop.trace.record(.execution, "execute_tool \(call.name)", parent: spanID, from: startMs, to: startMs, status: .error("\(error)"))
            close(.failed, observation: "Error: \(error)", status: .error("\(error)"))
            return (record, "tool \(call.name) could not be executed: \(error)")
        }
        record.result = result
        record.latencyMs = result.latencyMs
        let status: SpanStatus
        switch result.outcome {
        case .success: status = .ok
        case .failure(let code, let message): status = .error(code.map { "\($0) \(message)" } ?? message)
        }
        loop.trace.record(.execution, "execute_tool \(call.name)", parent: spanID, from: startMs, to: startMs + result.latencyMs, status: status)
        if case .failure = result.outcome {
            close(.failed, observation: result.observation, status: status)
        } else {
            close(.executed, observation: result.observation)
        }
        return (record, nil)
    }

    private func authorize(_ call: ValidatedCall, task: AgentTask, parent: SpanID, at time: Double, loop: inout LoopState) -> Result<AuthorizedCall, GatewayDenial> {
        let decision = gateway.authorize(call, for: task.principal)
        switch decision {
        case .success:
            loop.trace.record(.gateway, "authorize \(call.tool.name)", parent: parent, from: time, to: time, attributes: [
                "decision": "allow", "scopes": call.tool.requiredScopes.json,
            ])
        case .failure(let denial):
            loop.trace.record(.gateway, "authorize \(call.tool.name)", parent: parent, from: time, to: time, status: .error(denial.reason), attributes: [
                "decision": "deny", "rule": .string(denial.rule), "missingScopes": denial.missingScopes.json,
            ])
        }
        return decision
    }
}

/// The loop's mutable state for one run.
private struct LoopState {
    let task: AgentTask
    var trace: TraceRecorder
    var rootID: SpanID?
    var clock = 0.0
    var routing: RoutingDecision?
    var steps: [AgentStep] = []
    var answers: [String] = []
    var stop: StopReason?
    var usageByModel: [String: TokenUsage] = [:]
    var costByModel: [String: Double] = [:]
    var routingCost = 0.0
    var messages: [ChatMessage] = []

    init(task: AgentTask) {
        self.task = task
        self.trace = TraceRecorder(traceID: task.traceID)
    }

    var totalTokens: Int { usageByModel.values.reduce(0) { $0 + $1.total } }
    var totalCost: Double { costByModel.keys.sorted().reduce(0) { $0 + costByModel[$1]! } }

    @discardableResult
    mutating func charge(_ usage: TokenUsage, model: String, prices: PriceTable) throws(PricingError) -> Double {
        let cost = try prices.cost(of: usage, on: model)
        usageByModel[model, default: .zero] += usage
        costByModel[model, default: 0] += cost
        return cost
    }

    mutating func finish(root: Int) -> AgentRun {
        let stop = stop ?? .error("the run ended without a reason")
        let status: SpanStatus
        switch stop {
        case .answered: status = .ok
        case .limitReached(let limit): status = .error("stopped by limit \(limit)")
        case .error(let message): status = .error(message)
        }
        trace.annotate(root, "stopReason", .string(stop.code))
        trace.end(root, at: clock, status: status)
        return AgentRun(
            traceID: task.traceID, agentID: task.agent.id, routing: routing, steps: steps, answers: answers, stopReason: stop,
            usageByModel: usageByModel, costByModel: costByModel, routingCostUSD: routingCost, durationMs: clock, spans: trace.spans, messages: messages)
    }
}
