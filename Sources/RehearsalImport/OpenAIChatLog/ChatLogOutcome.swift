import RehearsalCore

/// What one logged call got back: the model's answer, or the error the call failed with.
///
/// A response is read as the Chat Completions API returns it (https://platform.openai.com/docs/api-reference/chat/object):
/// `choices[0].message`, `finish_reason`, `model` and `usage` (`prompt_tokens` and `completion_tokens`, with
/// `prompt_tokens_details.cached_tokens` and `completion_tokens_details.reasoning_tokens` inside them, which is
/// ``TokenUsage``'s convention too). A streamed response logged as its chunks
/// (https://platform.openai.com/docs/api-reference/chat-streaming/streaming) is put back together: an array of
/// `chat.completion.chunk` objects, or the `data:` lines of the event stream as text. An error body is the API's
/// `{"error": {"message", "type", "param", "code"}}` (https://platform.openai.com/docs/guides/error-codes).
enum ChatLogOutcome: Sendable {
    /// The model answered.
    case answer(Answer)
    /// The call failed; the text says how (`HTTP 429 rate_limit_exceeded: …`).
    case failure(String)

    /// A model's answer to one call.
    struct Answer: Sendable {
        /// The assistant message (`choices[0].message`).
        var message: ChatLogMessage
        /// Tokens, when the response says.
        var usage: TokenUsage?
        /// `choices[0].finish_reason`.
        var finishReason: String?
        /// The model that answered, as the response names it (a snapshot such as `gpt-4o-2024-08-06`).
        var model: String?
    }

    /// The model's answer, when there is one.
    var answer: Answer? {
        if case .answer(let answer) = self { return answer }
        return nil
    }

    /// Reads a logged response body.
    /// - Parameters:
    ///   - value: the body: a Chat Completion, an error object, the chunks of a stream, the JSON text of any of them,
    ///     or an HTTP record `{"status_code", "body"}` around one.
    ///   - status: the HTTP status the log records for the call, when it does.
    /// - Throws: ``JSONDecodingError`` at the member that is missing or malformed.
    static func read(_ value: JSONValue, at path: JSONPath, status: Int?) throws(JSONDecodingError) -> ChatLogOutcome {
        switch value {
        case .string(let text):
            let decoded = ChatLogJSON.decodingEmbedded(value)
            if decoded != value { return try read(decoded, at: path, status: status) }
            if text.contains("data:") { return try streamed(text, at: path, status: status) }
        case .array(let chunks):
            return try merged(chunks, at: path)
        case .object(let members):
            if let error = members["error"], error != .null { return .failure(errorText(error, status: status)) }
            if members["choices"] != nil { return try completion(members, at: path) }
            if let body = members["body"] {
                let bodyStatus =
                    ChatLogJSON.scalarText(members["status_code"] ?? members["status"]).flatMap { Int($0) } ?? status
                return try read(body, at: path.appending("body"), status: bodyStatus)
            }
            if let status, status >= 400 { return .failure(errorText(value, status: status)) }
        default:
            break
        }
        throw .typeMismatch(
            at: path,
            expected:
                "a Chat Completion (an object with \"choices\"), the chunks of a streamed one, or an error {\"error\": {\"message\", …}}",
            found: value)
    }

    /// A Chat Completion object: its first choice's message, finish reason, usage and model.
    static func completion(_ members: [String: JSONValue], at path: JSONPath) throws(JSONDecodingError)
        -> ChatLogOutcome
    {
        let choicesPath = path.appending("choices")
        guard case .array(let choices)? = members["choices"], let first = choices.first else {
            throw .typeMismatch(
                at: choicesPath, expected: "a non-empty array of choices", found: members["choices"] ?? .null)
        }
        let choicePath = choicesPath.appending(0)
        guard case .object(let choice) = first else {
            throw .typeMismatch(
                at: choicePath, expected: "a choice object {\"message\", \"finish_reason\"}", found: first)
        }
        guard let messageValue = choice["message"] else { throw ChatLogJSON.missing("message", at: choicePath) }
        var message = try ChatLogMessage.read(assistant(messageValue), at: choicePath.appending("message"))
        guard message.role == .assistant else {
            throw JSONDecodingError(
                path: choicePath.appending("message").appending("role"),
                message:
                    "expected \"assistant\" in a response, found \(JSONValue.string(message.role.rawValue).serialized())"
            )
        }
        message.path = choicePath.appending("message")
        return .answer(
            Answer(
                message: message, usage: try usage(members["usage"], at: path.appending("usage")),
                finishReason: try ChatLogJSON.string(
                    choice["finish_reason"], at: choicePath.appending("finish_reason")),
                model: try ChatLogJSON.string(members["model"], at: path.appending("model"))))
    }

    /// A response message with its role filled in when a logger left it out (it is always the assistant's).
    private static func assistant(_ value: JSONValue) -> JSONValue {
        guard case .object(var members) = value, members["role"] == nil || members["role"] == .null else {
            return value
        }
        members["role"] = "assistant"
        return .object(members)
    }

    /// `usage`: nil when absent or null.
    /// - Throws: ``JSONDecodingError`` when it is present and its counts are missing or not counts.
    static func usage(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> TokenUsage? {
        guard let value, value != .null else { return nil }
        guard case .object(let usage) = value else {
            throw .typeMismatch(
                at: path, expected: "a usage object {\"prompt_tokens\", \"completion_tokens\"}", found: value)
        }
        guard let input = try ChatLogJSON.count(usage["prompt_tokens"], at: path.appending("prompt_tokens")) else {
            throw ChatLogJSON.missing("prompt_tokens", at: path)
        }
        guard let output = try ChatLogJSON.count(usage["completion_tokens"], at: path.appending("completion_tokens"))
        else {
            throw ChatLogJSON.missing("completion_tokens", at: path)
        }
        let cachedPath = path.appending("prompt_tokens_details").appending("cached_tokens")
        let reasoningPath = path.appending("completion_tokens_details").appending("reasoning_tokens")
        return TokenUsage(
            input: input,
            cachedInput: try ChatLogJSON.count(usage["prompt_tokens_details"]?["cached_tokens"], at: cachedPath) ?? 0,
            output: output,
            reasoning: try ChatLogJSON.count(usage["completion_tokens_details"]?["reasoning_tokens"], at: reasoningPath)
                ?? 0)
    }

    /// The text an error body stands for: `HTTP <status> <code or type>: <message>`, with the parts the log has.
    static func errorText(_ error: JSONValue, status: Int?) -> String {
        var head: [String] = status.map { ["HTTP \($0)"] } ?? []
        let message: String
        switch ChatLogJSON.decodingEmbedded(error) {
        case .string(let text): message = text
        case .object(let members):
            if let code = ChatLogJSON.scalarText(members["code"]) ?? ChatLogJSON.scalarText(members["type"]),
                code != status.map(String.init)
            {
                head.append(code)
            }
            message = members["message"]?.stringValue ?? error.serialized()
        case let other: message = other.serialized()
        }
        return head.isEmpty ? message : head.joined(separator: " ") + ": " + message
    }

    /// A stream logged as its server-sent events: the JSON after each `data:`, up to `[DONE]`.
    private static func streamed(_ text: String, at path: JSONPath, status: Int?) throws(JSONDecodingError)
        -> ChatLogOutcome
    {
        var chunks: [JSONValue] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard line.hasPrefix("data:") else { continue }
            let data = line.dropFirst("data:".count).trimmingPrefix(while: \.isWhitespace)
            if data == "[DONE]" { break }
            guard let chunk = try? JSONParser.parse(String(data)) else {
                throw JSONDecodingError(
                    path: path,
                    message:
                        "expected JSON after \"data:\" in the logged event stream, found \(JSONValue.string(String(data)).briefDescription)"
                )
            }
            chunks.append(chunk)
        }
        guard !chunks.isEmpty else {
            throw .typeMismatch(at: path, expected: "a Chat Completion or its event stream", found: .string(text))
        }
        if chunks.count == 1, case .object(let members) = chunks[0], members["error"] != nil {
            return try read(chunks[0], at: path, status: status)
        }
        return try merged(chunks, at: path)
    }

    /// The completion a stream's chunks add up to: the first choice's content deltas joined, its tool calls assembled by
    /// `index` (the first delta of a call brings its id and name, later ones more of its arguments), the last finish
    /// reason, and the usage of the chunk that carries it (`stream_options.include_usage`).
    /// - Throws: ``JSONDecodingError`` at the first chunk that is not a `chat.completion.chunk`.
    static func merged(_ chunks: [JSONValue], at path: JSONPath) throws(JSONDecodingError) -> ChatLogOutcome {
        guard !chunks.isEmpty else {
            throw .typeMismatch(
                at: path, expected: "a Chat Completion or the chunks of a streamed one", found: .array([]))
        }
        var text: String?
        var refusal: String?
        var calls: [(index: Int, id: String?, name: String, arguments: String)] = []
        var finishReason: String?
        var usage: TokenUsage?
        var model: String?
        for (offset, chunk) in chunks.enumerated() {
            let chunkPath = path.appending(offset)
            guard case .object(let members) = chunk else {
                throw .typeMismatch(at: chunkPath, expected: "a chat.completion.chunk object", found: chunk)
            }
            if let error = members["error"], error != .null { return .failure(errorText(error, status: nil)) }
            guard case .array(let choices)? = members["choices"] else {
                throw .typeMismatch(
                    at: chunkPath.appending("choices"), expected: "an array of choices (a chat.completion.chunk)",
                    found: members["choices"] ?? .null)
            }
            model = try ChatLogJSON.string(members["model"], at: chunkPath.appending("model")) ?? model
            usage = try self.usage(members["usage"], at: chunkPath.appending("usage")) ?? usage
            for (choiceOffset, choice) in choices.enumerated() where (choice["index"]?.numberValue ?? 0) == 0 {
                let deltaPath = chunkPath.appending("choices").appending(choiceOffset).appending("delta")
                finishReason =
                    try ChatLogJSON.string(
                        choice["finish_reason"],
                        at: chunkPath.appending("choices").appending(choiceOffset).appending("finish_reason"))
                    ?? finishReason
                guard let delta = choice["delta"], delta != .null else { continue }
                guard case .object(let deltaMembers) = delta else {
                    throw .typeMismatch(at: deltaPath, expected: "a delta object", found: delta)
                }
                if let piece = try ChatLogJSON.string(deltaMembers["content"], at: deltaPath.appending("content")) {
                    text = (text ?? "") + piece
                }
                if let piece = try ChatLogJSON.string(deltaMembers["refusal"], at: deltaPath.appending("refusal")) {
                    refusal = (refusal ?? "") + piece
                }
                guard case .array(let callDeltas)? = deltaMembers["tool_calls"] else { continue }
                for (callOffset, callDelta) in callDeltas.enumerated() {
                    let callPath = deltaPath.appending("tool_calls").appending(callOffset)
                    guard case .object(let call) = callDelta else {
                        throw .typeMismatch(at: callPath, expected: "a tool call delta", found: callDelta)
                    }
                    let index = call["index"]?.numberValue.map { Int($0) } ?? callOffset
                    let name = try ChatLogJSON.string(
                        call["function"]?["name"], at: callPath.appending("function").appending("name"))
                    let arguments =
                        try ChatLogJSON.string(
                            call["function"]?["arguments"], at: callPath.appending("function").appending("arguments"))
                        ?? ""
                    if let position = calls.firstIndex(where: { $0.index == index }) {
                        calls[position].arguments += arguments
                        if calls[position].name.isEmpty, let name { calls[position].name = name }
                    } else {
                        calls.append((index, ChatLogJSON.scalarText(call["id"]), name ?? "", arguments))
                    }
                }
            }
        }
        if let unnamed = calls.first(where: { $0.name.isEmpty }) {
            throw JSONDecodingError(
                path: path, message: "the streamed tool call at index \(unnamed.index) never names its function")
        }
        let message = ChatLogMessage(
            role: .assistant, text: text ?? refusal,
            calls: calls.map {
                ImportedTrace.Call(name: $0.name, arguments: $0.arguments.isEmpty ? nil : $0.arguments, id: $0.id)
            },
            toolCallID: nil, path: path)
        return .answer(Answer(message: message, usage: usage, finishReason: finishReason, model: model))
    }
}
