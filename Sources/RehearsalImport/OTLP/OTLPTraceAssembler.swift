import RehearsalCore

/// Turns the spans of an OTLP/JSON file into imported traces, one per agent run (see ``OTLPTraceTree/runs()``).
///
/// Each model (`chat`) span of a run becomes a turn; the tool (`execute_tool`) spans after it, up to the next model
/// span, are that turn's calls and their results. When the model's output was captured, its tool calls (in the
/// model's order, with its arguments) are the turn's calls and the tool spans are paired with them by call id, then
/// by name; a tool result not on its span is taken from the next model call's input. Without captured content the
/// run is a skeleton: calls are named from the tool spans and texts are nil.
struct OTLPTraceAssembler: Sendable {
    /// The file the spans came from, for provenance and errors.
    let file: String

    /// The traces in `spans`, in the order their traces first appear in the file; ids are unique.
    /// - Throws: ``InputError`` when no trace has a model or tool span.
    func traces(from spans: [OTLPSpan]) throws(InputError) -> [ImportedTrace] {
        var traceIDs: [String] = []
        var byTrace: [String: [OTLPSpan]] = [:]
        for span in spans {
            if byTrace[span.traceID] == nil { traceIDs.append(span.traceID) }
            byTrace[span.traceID, default: []].append(span)
        }
        var traces: [(trace: ImportedTrace, trial: Int?)] = []
        for traceID in traceIDs {
            let tree = OTLPTraceTree(spans: byTrace[traceID] ?? [])
            let runs = tree.runs()
            for (index, run) in runs.enumerated() {
                traces.append(trace(of: run, in: tree, traceID: traceID, number: runs.count > 1 ? index + 1 : nil))
            }
        }
        guard !traces.isEmpty else {
            if spans.isEmpty {
                throw InputError(
                    file: file,
                    message: "no spans: expected OTLP/JSON TracesData with resourceSpans[].scopeSpans[].spans[]")
            }
            throw InputError(
                file: file,
                message: "no GenAI spans in \(spans.count) span\(spans.count == 1 ? "" : "s") of \(traceIDs.count) "
                    + "trace\(traceIDs.count == 1 ? "" : "s"): expected spans with gen_ai.operation.name chat, "
                    + "invoke_agent or execute_tool (OpenTelemetry GenAI semantic conventions)")
        }
        return Self.uniquelyNamed(traces)
    }

    // MARK: - One run

    private func trace(of run: OTLPTraceTree.Run, in tree: OTLPTraceTree, traceID: String, number: Int?)
        -> (trace: ImportedTrace, trial: Int?)
    {
        let agent = run.agent
        let chats = run.steps.filter { tree.operation(of: $0) == .chat }
        let firstChat = chats.first

        let (turns, results, inputs, outputCaptured) = Self.turns(of: run, in: tree)

        // What the agent was given.
        let firstInput = inputs.lazy.compactMap { $0 }.first ?? agent?.inputMessages
        let userMessages = (firstInput ?? []).filter { $0.role == "user" }
        let input = userMessages.last?.text
        var userTurns: [String] = []
        if let firstInput, let fullest = inputs.compactMap({ $0 }).last, fullest.count > firstInput.count {
            userTurns = fullest[firstInput.count...].filter { $0.role == "user" }.compactMap(\.text)
        }
        let agentName =
            agent?.agentName ?? run.steps.lazy.compactMap(\.agentName).first
            ?? (agent ?? run.steps.first)?.serviceName.flatMap { $0.hasPrefix("unknown_service") ? nil : $0 }
        let agentID = ImportedTrace.scenarioID(agentName ?? "agent")
        let profile = ImportedTrace.Agent(
            id: agentID, systemPrompt: firstChat?.systemInstructions ?? agent?.systemInstructions ?? "",
            model: firstChat?.requestModel ?? firstChat?.responseModel ?? agent?.requestModel ?? "unknown",
            temperature: firstChat?.temperature ?? agent?.temperature)

        // Where it came from, and how it was judged.
        let scenario = agent?.string("rehearsal.scenario.id")
        let trial = agent?.integer("rehearsal.scenario.trial")
        let base = scenario ?? "\(agentID).\(traceID.prefix(16))" + (number.map { "-\($0)" } ?? "")
        let title: String
        if let scenario {
            title = (trial ?? 0) > 0 ? "\(scenario), trial \(trial ?? 0)" : scenario
        } else if let input, !input.isEmpty {
            title = "\(agentName ?? agentID): \(Self.oneLine(input))"
        } else {
            title = "\(agentName ?? agentID) run in trace \(traceID.prefix(8))…"
        }
        let line = agent?.line ?? run.steps.first?.line
        var location = [line.map { "line \($0)" }, "trace \(traceID)"].compactMap { $0 }
        if let agent, number != nil { location.append("span \(agent.spanID)") }
        let provider =
            chats.lazy.compactMap(\.provider).first ?? agent?.provider
            ?? run.steps.lazy.compactMap(\.provider).first
        let source = ImportedTrace.Source(
            format: OTLPFormat.name, file: file, location: location.joined(separator: ", "), provider: provider)

        return (
            ImportedTrace(
                id: ImportedTrace.scenarioID(base), title: title, family: scenario == nil ? agentID : nil,
                source: source, agent: profile,
                tools: Self.tools(
                    offered: [agent].compactMap { $0 } + chats, called: results, spans: run.steps, tree: tree),
                input: input ?? "", userTurns: userTurns, turns: turns, toolResults: results,
                skeleton: input == nil || !outputCaptured || chats.isEmpty,
                recordedVerdict: Self.verdict(of: run, in: tree)),
            trial
        )
    }

    // MARK: - Calls and results

    /// The run's turns and tool results, the input each model call was sent (nil when not captured), and whether
    /// every model output was captured (a failed call has none to capture).
    ///
    /// Each model span makes a turn with the tool spans up to the next one; tools before any model span get a turn
    /// of their own, so tool order survives a trace whose model calls were not instrumented.
    private static func turns(of run: OTLPTraceTree.Run, in tree: OTLPTraceTree) -> (
        turns: [ImportedTrace.Turn], results: [ImportedTrace.ToolResult], inputs: [[GenAIMessage]?],
        outputCaptured: Bool
    ) {
        var groups: [(chat: OTLPSpan?, tools: [OTLPSpan])] = []
        for step in run.steps {
            if tree.operation(of: step) == .chat {
                groups.append((step, []))
            } else if groups.isEmpty {
                groups.append((nil, [step]))
            } else {
                groups[groups.count - 1].tools.append(step)
            }
        }
        let inputs = groups.map { $0.chat?.inputMessages }
        var turns: [ImportedTrace.Turn] = []
        var results: [ImportedTrace.ToolResult] = []
        var outputCaptured = true
        for (index, group) in groups.enumerated() {
            let output = group.chat?.outputMessages?.first
            if let chat = group.chat, output == nil, !chat.isError { outputCaptured = false }
            let nextInput = inputs[(index + 1)...].lazy.compactMap { $0 }.first
            let paired = pair(output?.toolCalls ?? [], with: group.tools)
            let responses = toolResponses(in: nextInput)
            for (position, (call, span)) in paired.enumerated() {
                let captured =
                    call.id.flatMap { id in responses.byID[id] }
                    ?? (position < responses.inOrder.count ? responses.inOrder[position] : nil)
                let error = span?.errorMessage
                results.append(
                    ImportedTrace.ToolResult(
                        name: call.name, arguments: call.arguments.map(argumentValue),
                        output: error == nil ? span?.toolResult ?? captured : nil, error: error,
                        latencyMs: span?.durationMs))
            }
            let chat = group.chat
            turns.append(
                ImportedTrace.Turn(
                    model: chat?.requestModel ?? chat?.responseModel, text: output?.text, calls: paired.map(\.call),
                    usage: chat?.usage, latencyMs: chat?.durationMs,
                    finishReason: chat?.finishReason ?? output?.finishReason, error: chat?.errorMessage))
        }
        return (turns, results, inputs, outputCaptured)
    }

    /// The turn's calls, each with the tool span that ran it: the captured calls in the model's order, paired with
    /// the tool spans by call id and then by name, and tool spans left over after them; without captured calls, the
    /// tool spans themselves.
    private static func pair(_ captured: [GenAIMessage.ToolCall], with spans: [OTLPSpan])
        -> [(call: ImportedTrace.Call, span: OTLPSpan?)]
    {
        var unused = spans
        var paired: [(call: ImportedTrace.Call, span: OTLPSpan?)] = []
        for call in captured {
            let index =
                call.id.flatMap { id in unused.firstIndex { $0.toolCallID == id } }
                ?? unused.firstIndex { toolName(of: $0) == call.name && ($0.toolCallID == nil || call.id == nil) }
            let span = index.map { unused.remove(at: $0) }
            paired.append(
                (
                    ImportedTrace.Call(
                        name: call.name, arguments: call.arguments ?? span?.toolArguments,
                        id: call.id ?? span?.toolCallID),
                    span
                ))
        }
        for span in unused {
            paired.append(
                (ImportedTrace.Call(name: toolName(of: span), arguments: span.toolArguments, id: span.toolCallID), span)
            )
        }
        return paired
    }

    /// The tool results an input carries: by call id, and in order after the input's last assistant message.
    private static func toolResponses(in messages: [GenAIMessage]?) -> (byID: [String: String], inOrder: [String]) {
        guard let messages else { return ([:], []) }
        var byID: [String: String] = [:]
        for message in messages {
            for response in message.toolResponses {
                if let id = response.id { byID[id] = response.content }
            }
        }
        let lastAssistant = messages.lastIndex { $0.role == "assistant" }.map { $0 + 1 } ?? 0
        return (byID, messages[lastAssistant...].flatMap { $0.toolResponses.map(\.content) })
    }

    /// The tool a tool span ran: `gen_ai.tool.name`, else its span name without `execute_tool `.
    private static func toolName(of span: OTLPSpan) -> String {
        if let name = span.toolName { return name }
        if span.name.hasPrefix("execute_tool ") { return String(span.name.dropFirst("execute_tool ".count)) }
        return span.name.isEmpty ? "tool" : span.name
    }

    /// Arguments as a JSON value: the JSON they hold, or the text itself when it is not JSON.
    private static func argumentValue(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .string(text)
    }

    /// The tools the agent was offered (definitions on the agent and model spans, in order) and then any tool it
    /// called that no definition names, with unknown parameters.
    private static func tools(
        offered spans: [OTLPSpan], called results: [ImportedTrace.ToolResult], spans steps: [OTLPSpan],
        tree: OTLPTraceTree
    ) -> [ImportedTrace.Tool] {
        var tools: [ImportedTrace.Tool] = []
        var names: Set<String> = []
        for tool in spans.flatMap(\.toolDefinitions) where !names.contains(tool.name) {
            names.insert(tool.name)
            tools.append(tool)
        }
        let descriptions = Dictionary(
            steps.filter { tree.operation(of: $0) == .tool }.compactMap { span in
                span.toolDescription.map { (toolName(of: span), $0) }
            },
            uniquingKeysWith: { first, _ in first })
        for result in results where !names.contains(result.name) {
            names.insert(result.name)
            tools.append(ImportedTrace.Tool(name: result.name, description: descriptions[result.name] ?? ""))
        }
        return tools
    }

    // MARK: - Verdict and names

    /// How the source judged the run: our own export's `rehearsal.scenario.passed`, else a failure when the agent
    /// span or a span above it (or, without an agent span, a root) has status ERROR; nil otherwise.
    private static func verdict(of run: OTLPTraceTree.Run, in tree: OTLPTraceTree) -> ImportedTrace.RecordedVerdict? {
        if let agent = run.agent, case .bool(let passed)? = agent.attributes["rehearsal.scenario.passed"] {
            let failures = (agent.attributes["rehearsal.scenario.failures"]?.arrayValue ?? []).compactMap(\.stringValue)
            let detail =
                "rehearsal.scenario.passed \(passed)"
                + (failures.isEmpty ? "" : ": " + failures.joined(separator: "; "))
            return ImportedTrace.RecordedVerdict(passed: passed, detail: detail)
        }
        let chain = run.agent.map { [$0] + tree.ancestors(of: $0) } ?? tree.roots
        guard let failed = chain.first(where: \.isError) else { return nil }
        return ImportedTrace.RecordedVerdict(
            passed: false,
            detail: "span status ERROR on \(failed.name.isEmpty ? failed.spanID : failed.name): "
                + (failed.errorMessage ?? ""))
    }

    /// The first line of `text`, at most 80 characters.
    private static func oneLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }

    /// `traces` with unique ids: runs of one exported scenario (our own `rehearsal run --otlp` output with several
    /// trials) become `<scenario>.trial-<n>` with the scenario as their task; other repeats get `-2`, `-3`, ….
    private static func uniquelyNamed(_ traces: [(trace: ImportedTrace, trial: Int?)]) -> [ImportedTrace] {
        var groups: [String: [Int]] = [:]
        for (index, entry) in traces.enumerated() { groups[entry.trace.id, default: []].append(index) }
        var result = traces.map(\.trace)
        for (id, indices) in groups where indices.count > 1 {
            let trials = indices.compactMap { traces[$0].trial }
            let byTrial = Set(trials).count == indices.count
            for (position, index) in indices.enumerated() {
                if byTrial, let trial = traces[index].trial {
                    result[index].id = ImportedTrace.scenarioID("\(id).trial-\(trial)")
                    result[index].task = id
                } else if position > 0 {
                    result[index].id = "\(id)-\(position + 1)"
                }
            }
        }
        var seen: Set<String> = []
        for index in result.indices {
            var id = result[index].id
            var suffix = 2
            while seen.contains(id) {
                id = "\(result[index].id)-\(suffix)"
                suffix += 1
            }
            result[index].id = id
            seen.insert(id)
        }
        return result
    }
}
