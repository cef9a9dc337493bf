import RehearsalCore

/// The message content a span carries, when it was captured, in any of the forms the GenAI conventions have used.
///
/// Newest first: the `gen_ai.input.messages`, `gen_ai.output.messages` and `gen_ai.system_instructions` attributes
/// (v1.37+; structured or JSON strings), on the span or on its `gen_ai.client.inference.operation.details` event;
/// then the v1.28-v1.36 per-message span events (`gen_ai.system.message`, `gen_ai.user.message`,
/// `gen_ai.assistant.message`, `gen_ai.tool.message`, `gen_ai.choice`); then the pre-v1.28 `gen_ai.prompt` and
/// `gen_ai.completion` (JSON strings of OpenAI messages, on the span or on `gen_ai.content.prompt`/`.completion`
/// events); then OpenLLMetry's indexed `gen_ai.prompt.{i}.*` and `gen_ai.completion.{i}.*` attributes.
extension OTLPSpan {
    /// The messages sent to the model; nil when not captured.
    var inputMessages: [GenAIMessage]? {
        if let messages = GenAIMessage.list(from: contentAttribute("gen_ai.input.messages")) { return messages }
        let roles = [
            "gen_ai.system.message": "system", "gen_ai.user.message": "user", "gen_ai.assistant.message": "assistant",
            "gen_ai.tool.message": "tool",
        ]
        let fromEvents = events.compactMap { event -> GenAIMessage? in
            guard let role = roles[event.name] else { return nil }
            return GenAIMessage.message(from: event.body, role: role)
        }
        if !fromEvents.isEmpty { return fromEvents }
        if let messages = GenAIMessage.list(from: legacyAttribute("gen_ai.prompt", event: "gen_ai.content.prompt")) {
            return messages
        }
        return GenAIMessage.list(from: indexedMessages(prefix: "gen_ai.prompt."))
    }

    /// The messages the model returned (one per choice); nil when not captured.
    var outputMessages: [GenAIMessage]? {
        if let messages = GenAIMessage.list(from: contentAttribute("gen_ai.output.messages")) { return messages }
        let choices = events.filter { $0.name == "gen_ai.choice" }.compactMap { event in
            GenAIMessage.message(from: event.body, role: "assistant")
        }
        if !choices.isEmpty { return choices }
        if let messages = GenAIMessage.list(
            from: legacyAttribute("gen_ai.completion", event: "gen_ai.content.completion"))
        {
            return messages
        }
        return GenAIMessage.list(from: indexedMessages(prefix: "gen_ai.completion."))
    }

    /// The system prompt: `gen_ai.system_instructions` (a list of parts, or plain text), else the system messages of
    /// the input; nil when not captured.
    var systemInstructions: String? {
        if let value = contentAttribute("gen_ai.system_instructions") {
            switch GenAIMessage.decoded(value) {
            case .array(let parts)?:
                let texts = parts.compactMap { part -> String? in
                    if case .string(let text) = part { return text }
                    return part["content"]?.stringValue ?? part["text"]?.stringValue
                }
                if !texts.isEmpty { return texts.joined(separator: "\n") }
            case .object(let members)?:
                if let text = members["content"]?.stringValue ?? members["text"]?.stringValue { return text }
            default:
                if case .string(let text) = value, !text.isEmpty { return text }
            }
        }
        let system = (inputMessages ?? []).filter { $0.role == "system" || $0.role == "developer" }.compactMap(\.text)
        return system.isEmpty ? nil : system.joined(separator: "\n")
    }

    /// The tools offered to the model: `gen_ai.tool.definitions` (`{"type", "name", "description", "parameters"}`,
    /// or OpenAI's `{"type": "function", "function": {…}}`), else OpenLLMetry's `llm.request.functions.{i}.*`.
    var toolDefinitions: [ImportedTrace.Tool] {
        var definitions: [JSONValue] =
            GenAIMessage.decoded(contentAttribute("gen_ai.tool.definitions"))?.arrayValue ?? []
        if definitions.isEmpty {
            definitions = indexed(prefix: "llm.request.functions.").map { JSONValue.object($0.fields) }
        }
        return definitions.compactMap { definition -> ImportedTrace.Tool? in
            let function = definition["function"]?.objectValue ?? definition.objectValue ?? [:]
            guard let name = function["name"]?.stringValue, !name.isEmpty else { return nil }
            var parameters =
                GenAIMessage.decoded(function["parameters"] ?? function["input_schema"]) ?? ["type": "object"]
            if parameters.objectValue == nil { parameters = ["type": "object"] }
            return ImportedTrace.Tool(
                name: name, description: function["description"]?.stringValue ?? "", parameters: parameters)
        }
    }

    // MARK: - Where content sits

    /// A v1.37+ content attribute, on the span or on its `gen_ai.client.inference.operation.details` event.
    private func contentAttribute(_ key: String) -> JSONValue? {
        if let value = attributes[key], value != .null { return value }
        for event in events where event.name == "gen_ai.client.inference.operation.details" {
            if let value = event.attributes[key], value != .null { return value }
        }
        return nil
    }

    /// A pre-v1.28 `gen_ai.prompt`/`gen_ai.completion` string, on the span or on its `gen_ai.content.*` event.
    private func legacyAttribute(_ key: String, event name: String) -> JSONValue? {
        if case .string? = attributes[key] { return attributes[key] }
        return events.first { $0.name == name }?.attributes[key]
    }

    /// OpenLLMetry's indexed message attributes (`gen_ai.prompt.0.role`, `gen_ai.prompt.0.content`,
    /// `gen_ai.completion.0.tool_calls.1.arguments`, …) as OpenAI-style message objects, in index order.
    private func indexedMessages(prefix: String) -> JSONValue? {
        let messages = indexed(prefix: prefix).map { entry -> JSONValue in
            var message: [String: JSONValue] = [:]
            var calls: [Int: [String: JSONValue]] = [:]
            for (key, value) in entry.fields {
                let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
                if parts.count == 3, parts[0] == "tool_calls", let index = Int(parts[1]) {
                    calls[index, default: [:]][parts[2]] = value
                } else {
                    message[key] = key == "content" ? GenAIMessage.contentBlocks(value) : value
                }
            }
            if !calls.isEmpty {
                message["tool_calls"] = .array(calls.keys.sorted().map { index in .object(calls[index] ?? [:]) })
            }
            return .object(message)
        }
        return messages.isEmpty ? nil : .array(messages)
    }

    /// Attributes `{prefix}{i}.{field}` grouped by `i`, in index order.
    private func indexed(prefix: String) -> [(index: Int, fields: [String: JSONValue])] {
        var groups: [Int: [String: JSONValue]] = [:]
        for (key, value) in attributes where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), let index = Int(rest[..<dot]) else { continue }
            groups[index, default: [:]][String(rest[rest.index(after: dot)...])] = value
        }
        return groups.keys.sorted().map { ($0, groups[$0] ?? [:]) }
    }
}

extension OTLPSpan.Event {
    /// The event's body as an object: the JSON in `gen_ai.event.content` when an SDK put it there (Azure AI
    /// Inference), else the attributes themselves (`content`, `tool_calls`, `id`, `message`, `finish_reason`), with
    /// JSON-string values of structured fields decoded.
    var body: [String: JSONValue] {
        if case .object(let members)? = GenAIMessage.decoded(attributes["gen_ai.event.content"]) { return members }
        var body = attributes
        for key in ["tool_calls", "message"] {
            if case .string(let text)? = body[key], let decoded = try? JSONParser.parse(text) { body[key] = decoded }
        }
        if let content = body["content"] { body["content"] = GenAIMessage.contentBlocks(content) }
        return body
    }
}
