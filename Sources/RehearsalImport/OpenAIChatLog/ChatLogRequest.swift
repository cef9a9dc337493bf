import RehearsalCore

/// A logged Chat Completions request body, reduced to what a trace keeps: the messages, the function tools, the model
/// and the temperature (https://platform.openai.com/docs/api-reference/chat/create).
struct ChatLogRequest: Sendable {
    /// The conversation so far, as sent.
    var messages: [ChatLogMessage]
    /// The function tools offered, in order.
    var tools: [ImportedTrace.Tool]
    /// The model asked.
    var model: String?
    /// The sampling temperature sent.
    var temperature: Double?
    /// The body's members, where a session id may be (`metadata`, LiteLLM's `litellm_session_id`).
    var members: [String: JSONValue]

    /// Reads a request body: an object, the JSON text of one, or an HTTP record whose `body` is one.
    /// - Throws: ``JSONDecodingError`` at the member that is missing or malformed.
    static func read(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> ChatLogRequest {
        guard let members = ChatLogJSON.object(value) else {
            throw .typeMismatch(
                at: path, expected: "a Chat Completions request body {\"model\", \"messages\", \"tools\"}", found: value
            )
        }
        if members["messages"] == nil, let body = members["body"], ChatLogJSON.object(body) != nil {
            return try read(body, at: path.appending("body"))
        }
        guard let messages = members["messages"] else {
            throw ChatLogJSON.missing("messages", at: path, "expected a Chat Completions request body")
        }
        var request = try read(
            messages: messages, at: path.appending("messages"), tools: members["tools"], at: path.appending("tools"),
            temperature: members["temperature"], at: path.appending("temperature"))
        request.model = try ChatLogJSON.string(members["model"], at: path.appending("model"))
        request.members = members
        return request
    }

    /// A request from its parts, for loggers that keep them apart (LiteLLM's `messages` and `model_parameters`).
    /// - Throws: ``JSONDecodingError`` at the part that is malformed.
    static func read(
        messages: JSONValue, at messagesPath: JSONPath, tools: JSONValue?, at toolsPath: JSONPath,
        temperature: JSONValue?,
        at temperaturePath: JSONPath
    ) throws(JSONDecodingError) -> ChatLogRequest {
        guard case .array(let entries) = ChatLogJSON.decodingEmbedded(messages), !entries.isEmpty else {
            throw .typeMismatch(at: messagesPath, expected: "a non-empty array of messages", found: messages)
        }
        var read: [ChatLogMessage] = []
        for (index, entry) in entries.enumerated() {
            read.append(try ChatLogMessage.read(entry, at: messagesPath.appending(index)))
        }
        return ChatLogRequest(
            messages: read, tools: try functionTools(tools, at: toolsPath),
            temperature: try ChatLogJSON.number(temperature, at: temperaturePath), members: [:])
    }

    /// Creates a request from its parts.
    init(
        messages: [ChatLogMessage], tools: [ImportedTrace.Tool], model: String? = nil, temperature: Double?,
        members: [String: JSONValue]
    ) {
        self.messages = messages
        self.tools = tools
        self.model = model
        self.temperature = temperature
        self.members = members
    }

    /// The system and developer messages the conversation opens with, joined by a blank line: the agent's prompt.
    var instructions: String {
        messages.prefix(while: \.isInstruction).compactMap(\.text).joined(separator: "\n\n")
    }

    /// A request's `tools`: `{"type": "function", "function": {"name", "description", "parameters"}}`.
    /// - Throws: ``JSONDecodingError`` at the first tool that is not a function tool or is malformed.
    static func functionTools(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> [ImportedTrace.Tool]
    {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = ChatLogJSON.decodingEmbedded(value) else {
            throw .typeMismatch(at: path, expected: "an array of tools", found: value)
        }
        var tools: [ImportedTrace.Tool] = []
        for (index, entry) in entries.enumerated() {
            let toolPath = path.appending(index)
            guard case .object(let members) = entry else {
                throw .typeMismatch(
                    at: toolPath, expected: "a function tool {\"type\": \"function\", \"function\": {…}}", found: entry)
            }
            if let type = try ChatLogJSON.string(members["type"], at: toolPath.appending("type")), type != "function" {
                throw JSONDecodingError(
                    path: toolPath.appending("type"),
                    message:
                        "expected a function tool (\"type\": \"function\"), found \(JSONValue.string(type).serialized()); only function tools are imported"
                )
            }
            guard let functionValue = members["function"] else { throw ChatLogJSON.missing("function", at: toolPath) }
            let functionPath = toolPath.appending("function")
            guard case .object(let function) = functionValue else {
                throw .typeMismatch(
                    at: functionPath, expected: "an object {\"name\", \"description\", \"parameters\"}",
                    found: functionValue)
            }
            guard let nameValue = function["name"] else { throw ChatLogJSON.missing("name", at: functionPath) }
            guard case .string(let name) = nameValue, !name.isEmpty else {
                throw .typeMismatch(
                    at: functionPath.appending("name"), expected: "the tool's name (a non-empty string)",
                    found: nameValue)
            }
            let description =
                try ChatLogJSON.string(function["description"], at: functionPath.appending("description")) ?? ""
            var parameters: JSONValue = ["type": "object"]
            switch function["parameters"] ?? .null {
            case .null: break
            case .object(let schema): parameters = .object(schema)
            case let other:
                throw .typeMismatch(
                    at: functionPath.appending("parameters"), expected: "a JSON Schema object", found: other)
            }
            tools.append(ImportedTrace.Tool(name: name, description: description, parameters: parameters))
        }
        return tools
    }
}
