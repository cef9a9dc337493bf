import RehearsalCore

extension ChatLogConversation {
    /// The conversation as an imported trace.
    ///
    /// The system and developer messages it opens with are the agent's prompt; the first user message is the input
    /// and later ones are user turns (consecutive user messages are joined by a blank line, as the engine sends one
    /// message per turn); every assistant message is a turn: a logged response with its tokens, latency, finish
    /// reason and model, an assistant message found only in a request's history (a log that starts mid-run) with
    /// its text and calls alone. A failed call is a turn with its error, and the run's recorded verdict. Tool
    /// messages are the results of the calls they answer, paired by `tool_call_id` and else by order, and listed in
    /// the order of the calls; a result that starts with `Error: ` is the tool's error (the text after it), which the
    /// engine shows the model as the same text.
    /// - Parameters:
    ///   - id: the scenario id.
    ///   - file: the file, for the trace's source.
    ///   - agent: the agent id.
    /// - Throws: ``ChatLogRecord/Failure`` for a tool message that answers no call, or a conversation that names no model.
    func trace(id: String, file: String, agent: String) throws(ChatLogRecord.Failure) -> ImportedTrace {
        let first = records[0]
        var input: String?
        var userTurns: [String] = []
        var turns: [ImportedTrace.Turn] = []
        var calls: [(call: ImportedTrace.Call, result: ImportedTrace.ToolResult?)] = []
        var previousWasUser = false

        for (index, record) in records.enumerated() {
            for message in newMessages(at: index) {
                switch message.role {
                case .system, .developer:
                    // The opening ones are the prompt; one sent later in the run has no place in a scenario.
                    continue
                case .user:
                    let text = message.text ?? ""
                    if previousWasUser {
                        if userTurns.isEmpty {
                            input = (input ?? "") + "\n\n" + text
                        } else {
                            userTurns[userTurns.count - 1] += "\n\n" + text
                        }
                    } else if input == nil {
                        input = text
                    } else {
                        userTurns.append(text)
                    }
                    previousWasUser = true
                    continue
                case .assistant:
                    turns.append(ImportedTrace.Turn(text: message.text, calls: message.calls))
                    calls += message.calls.map { ($0, nil) }
                case .tool:
                    let waiting = calls.indices.filter { calls[$0].result == nil }
                    let answered =
                        waiting.first { message.toolCallID != nil && calls[$0].call.id == message.toolCallID }
                        ?? waiting.first
                    guard let answered else {
                        let id = message.toolCallID.map { " (tool_call_id \(JSONValue.string($0).serialized()))" } ?? ""
                        throw ChatLogRecord.Failure(
                            origin: record.origin,
                            error: JSONDecodingError(
                                path: message.path,
                                message:
                                    "a tool message\(id) that answers no tool call: every call before it already has its result"
                            ))
                    }
                    calls[answered].result = result(of: calls[answered].call, text: message.text ?? "")
                }
                previousWasUser = false
            }
            switch record.outcome {
            case .answer(let answer):
                turns.append(
                    ImportedTrace.Turn(
                        model: record.model ?? answer.model, text: answer.message.text, calls: answer.message.calls,
                        usage: answer.usage,
                        latencyMs: record.latencyMs, finishReason: answer.finishReason))
                calls += answer.message.calls.map { ($0, nil) }
            case .failure(let error):
                turns.append(
                    ImportedTrace.Turn(model: record.model, text: nil, latencyMs: record.latencyMs, error: error))
            }
            previousWasUser = false
        }

        guard let model = first.model ?? records.lazy.compactMap({ $0.outcome.answer?.model }).first else {
            throw ChatLogRecord.Failure(
                origin: first.origin,
                error: JSONDecodingError(
                    path: .root, message: "no model named: expected the request's \"model\" (or the response's)"))
        }
        var tools: [ImportedTrace.Tool] = []
        for tool in records.flatMap(\.request.tools) where !tools.contains(where: { $0.name == tool.name }) {
            tools.append(tool)
        }
        let failure = records.last.flatMap { record -> (ChatLogRecord, String)? in
            if case .failure(let error) = record.outcome { return (record, error) }
            return nil
        }
        return ImportedTrace(
            id: id, title: title(input: input ?? "", id: id),
            source: ImportedTrace.Source(
                format: OpenAIChatLogFormat.name, file: file, location: location, provider: first.provider),
            agent: ImportedTrace.Agent(
                id: agent, systemPrompt: first.request.instructions, model: model,
                temperature: first.request.temperature),
            tools: tools, input: input ?? "", userTurns: userTurns, turns: turns,
            toolResults: calls.compactMap(\.result),
            recordedVerdict: failure.map { record, error in
                ImportedTrace.RecordedVerdict(
                    passed: false, detail: "the model call on line \(record.origin.line) failed: \(error)")
            })
    }

    /// What a tool returned, as the model saw it: the text, or the error after an `Error: ` prefix.
    private func result(of call: ImportedTrace.Call, text: String) -> ImportedTrace.ToolResult {
        let arguments = call.arguments.flatMap { try? JSONParser.parse($0) }
        let prefix = "Error: "
        if text.hasPrefix(prefix), text.count > prefix.count {
            return ImportedTrace.ToolResult(
                name: call.name, arguments: arguments, output: nil, error: String(text.dropFirst(prefix.count)))
        }
        return ImportedTrace.ToolResult(name: call.name, arguments: arguments, output: text)
    }

    /// The first line of the user's first message, shortened to fit a report's row; the id when there is none.
    private func title(input: String, id: String) -> String {
        let line =
            input.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingPrefix(while: \.isWhitespace) ?? ""
        guard !line.isEmpty else { return id }
        return line.count > 80 ? String(line.prefix(79)) + "…" : String(line)
    }

    /// Where in the file: `line 3`, `lines 1, 3 and 4`, or the first and last of many, and the session when one grouped them.
    private var location: String {
        let lines = records.map(\.origin.line)
        var text: String
        switch lines.count {
        case 1: text = "line \(lines[0])"
        case 2...6: text = "lines " + lines.dropLast().map(String.init).joined(separator: ", ") + " and \(lines.last!)"
        default: text = "lines \(lines[0]), \(lines[1]) … \(lines.last!) (\(lines.count) calls)"
        }
        if let session { text += ", session \(session)" }
        return text
    }
}
