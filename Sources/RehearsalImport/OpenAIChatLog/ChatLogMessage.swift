import RehearsalCore

/// One message of a logged Chat Completions conversation, reduced to what a trace keeps: its role, its text, the tool
/// calls an assistant message makes and the call a tool message answers.
///
/// Read as the Chat Completions API defines messages (https://platform.openai.com/docs/api-reference/chat/create,
/// `messages`): `content` is a string, null, or an array of content parts whose `text` parts are kept, joined with a
/// line break (image, audio and file parts carry no text a trace can replay and are skipped); assistant messages
/// carry `tool_calls` with `function.name` and `function.arguments` (JSON text; an object some loggers write instead
/// is kept as compact JSON), and a `refusal` that stands for the text when `content` is null.
struct ChatLogMessage: Sendable {
    /// The roles Chat Completions defines, except the deprecated `function`.
    enum Role: String, Sendable {
        case system, developer, user, assistant, tool
    }

    var role: Role
    /// The text, when the message has any.
    var text: String?
    /// The tool calls of an assistant message, in order.
    var calls: [ImportedTrace.Call]
    /// The call a tool message answers.
    var toolCallID: String?
    /// Where the message was read, for errors.
    var path: JSONPath

    /// Whether this is an instruction to the model (a system or developer message) rather than a turn.
    var isInstruction: Bool { role == .system || role == .developer }

    /// Whether `other` is this message sent again: the same role, text, tool calls and answered call.
    ///
    /// An agent loop re-sends its history with every request, and SDKs re-serialize it on the way (`content: ""` for
    /// `null`, arguments re-encoded), so empty text counts as none, arguments compare as JSON, and a call id only
    /// has to agree when both sides have one.
    func isResent(as other: ChatLogMessage) -> Bool {
        guard role == other.role, toolCallID == other.toolCallID, (text ?? "") == (other.text ?? ""),
            calls.count == other.calls.count
        else { return false }
        for (call, resent) in zip(calls, other.calls) {
            guard call.name == resent.name, call.id == nil || resent.id == nil || call.id == resent.id else {
                return false
            }
            if call.arguments != resent.arguments {
                guard let arguments = call.arguments.flatMap({ try? JSONParser.parse($0) }),
                    let resentArguments = resent.arguments.flatMap({ try? JSONParser.parse($0) }),
                    arguments == resentArguments
                else { return false }
            }
        }
        return true
    }

    /// Reads a message object of a request's `messages`, or a response's `choices[0].message`.
    /// - Throws: ``JSONDecodingError`` at the member that is missing or malformed.
    static func read(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> ChatLogMessage {
        guard case .object(let members) = value else {
            throw .typeMismatch(at: path, expected: "a message object {\"role\", \"content\"}", found: value)
        }
        guard let roleValue = members["role"] else { throw ChatLogJSON.missing("role", at: path) }
        guard case .string(let name) = roleValue, let role = Role(rawValue: name) else {
            var message =
                "expected a role: system, developer, user, assistant or tool; found \(roleValue.briefDescription)"
            if roleValue == "function" { message += " (the deprecated functions API is not imported; use tools)" }
            throw JSONDecodingError(path: path.appending("role"), message: message)
        }
        var message = ChatLogMessage(
            role: role, text: try content(members["content"], at: path.appending("content")), calls: [],
            toolCallID: nil, path: path)
        switch role {
        case .assistant:
            message.calls = try toolCalls(members["tool_calls"], at: path.appending("tool_calls"))
            if let functionCall = members["function_call"], functionCall != .null {
                throw JSONDecodingError(
                    path: path.appending("function_call"),
                    message: "the deprecated function_call is not imported; expected tool_calls")
            }
            if message.text == nil {
                message.text = try ChatLogJSON.string(members["refusal"], at: path.appending("refusal"))
            }
        case .tool:
            message.toolCallID = try ChatLogJSON.string(members["tool_call_id"], at: path.appending("tool_call_id"))
        case .system, .developer, .user:
            break
        }
        return message
    }

    /// A message's `content` as text: a string, null, or an array of content parts.
    /// - Throws: ``JSONDecodingError`` when it is none of those, or a part is malformed.
    static func content(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> String? {
        switch value ?? .null {
        case .null: return nil
        case .string(let text): return text
        case .array(let parts):
            var texts: [String] = []
            for (index, part) in parts.enumerated() {
                let partPath = path.appending(index)
                guard case .object(let members) = part else {
                    throw .typeMismatch(
                        at: partPath, expected: "a content part {\"type\": \"text\", \"text\": …}", found: part)
                }
                guard case .string(let type)? = members["type"] else {
                    throw .typeMismatch(
                        at: partPath.appending("type"), expected: "a content part type (text, image_url, …)",
                        found: members["type"] ?? .null)
                }
                switch type {
                case "text":
                    guard case .string(let text)? = members["text"] else {
                        throw .typeMismatch(
                            at: partPath.appending("text"), expected: "a string", found: members["text"] ?? .null)
                    }
                    texts.append(text)
                case "refusal":
                    if let text = try ChatLogJSON.string(members["refusal"], at: partPath.appending("refusal")) {
                        texts.append(text)
                    }
                default:
                    continue
                }
            }
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        case let other:
            throw .typeMismatch(at: path, expected: "a string, an array of content parts or null", found: other)
        }
    }

    /// An assistant message's `tool_calls`: function calls with a name and JSON-text arguments.
    /// - Throws: ``JSONDecodingError`` at the first malformed call.
    static func toolCalls(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> [ImportedTrace.Call] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else {
            throw .typeMismatch(at: path, expected: "an array of tool calls", found: value)
        }
        var calls: [ImportedTrace.Call] = []
        for (index, entry) in entries.enumerated() {
            let callPath = path.appending(index)
            guard case .object(let members) = entry else {
                throw .typeMismatch(
                    at: callPath,
                    expected: "a tool call {\"id\", \"type\": \"function\", \"function\": {\"name\", \"arguments\"}}",
                    found: entry)
            }
            if let type = try ChatLogJSON.string(members["type"], at: callPath.appending("type")), type != "function" {
                throw JSONDecodingError(
                    path: callPath.appending("type"),
                    message:
                        "expected a function tool call (\"type\": \"function\"), found \(JSONValue.string(type).serialized()); only function tools are imported"
                )
            }
            guard let functionValue = members["function"] else { throw ChatLogJSON.missing("function", at: callPath) }
            let functionPath = callPath.appending("function")
            guard case .object(let function) = functionValue else {
                throw .typeMismatch(
                    at: functionPath, expected: "an object {\"name\", \"arguments\"}", found: functionValue)
            }
            guard let nameValue = function["name"] else { throw ChatLogJSON.missing("name", at: functionPath) }
            guard case .string(let name) = nameValue, !name.isEmpty else {
                throw .typeMismatch(
                    at: functionPath.appending("name"), expected: "the tool's name (a non-empty string)",
                    found: nameValue)
            }
            let arguments: String?
            switch function["arguments"] ?? .null {
            case .null: arguments = nil
            case .string(let text): arguments = text
            case let object: arguments = object.serialized()
            }
            calls.append(
                ImportedTrace.Call(name: name, arguments: arguments, id: ChatLogJSON.scalarText(members["id"])))
        }
        return calls
    }
}
