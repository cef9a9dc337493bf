public import RehearsalCore

/// The OpenAI Chat Completions wire format: request bodies out, response bodies in.
///
/// Requests: `model`, `messages` (assistant `tool_calls[].function.arguments` as a JSON string, tool results as
/// `role: tool` with `tool_call_id`), `tools` as function tools, sampling parameters. Responses:
/// `choices[0].message` and `usage` with `prompt_tokens`, `completion_tokens`,
/// `prompt_tokens_details.cached_tokens` and `completion_tokens_details.reasoning_tokens`.
/// Reference: https://platform.openai.com/docs/api-reference/chat
public enum OpenAIChatWire {
    /// The format's name in fixtures and ``WirePayload``.
    public static let format = "openai.chat.completions"

    /// The request body the engine's `request` becomes.
    public static func body(for request: ModelRequest) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(request.messages.map(encode(message:))),
        ]
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { ["type": "function", "function": $0.functionJSON] })
        }
        let sampling = request.sampling
        body["temperature"] = sampling.temperature.map(JSONValue.number)
        body["top_p"] = sampling.topP.map(JSONValue.number)
        body["max_completion_tokens"] = sampling.maxOutputTokens.map(\.json)
        body["seed"] = sampling.seed.map(\.json)
        if !request.tools.isEmpty { body["parallel_tool_calls"] = sampling.parallelToolCalls.map(JSONValue.bool) }
        return .object(body)
    }

    /// One message in the wire shape.
    public static func encode(message: ChatMessage) -> JSONValue {
        var members: [String: JSONValue] = ["role": .string(message.role.rawValue)]
        members["content"] = message.content.map(JSONValue.string) ?? .null
        if !message.toolCalls.isEmpty {
            members["tool_calls"] = .array(message.toolCalls.map { call in
                ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
            })
        }
        if let id = message.toolCallID { members["tool_call_id"] = .string(id) }
        return .object(members)
    }

    /// Reads a response body.
    /// - Parameters:
    ///   - body: the Chat Completion object.
    ///   - latencyMs: how long the call took.
    /// - Throws: ``JSONDecodingError`` naming the path of whatever is missing or malformed.
    public static func response(from body: JSONValue, latencyMs: Double) throws -> ModelResponse {
        let root = JSONPath.root
        guard case .object(let object) = body else { throw JSONDecodingError.typeMismatch(at: root, expected: "a Chat Completion object", found: body) }
        guard case .array(let choices)? = object["choices"], let first = choices.first else {
            throw JSONDecodingError(path: root.appending("choices"), message: "expected a non-empty array of choices")
        }
        let choicePath = root.appending("choices").appending(0)
        guard case .object(let choice) = first, case .object(let message)? = choice["message"] else {
            throw JSONDecodingError(path: choicePath.appending("message"), message: "expected the assistant message object")
        }
        let messagePath = choicePath.appending("message")
        var content: String?
        switch message["content"] ?? .null {
        case .null: content = nil
        case .string(let text): content = text
        case let other: throw JSONDecodingError.typeMismatch(at: messagePath.appending("content"), expected: "a string or null", found: other)
        }
        var calls: [ToolCall] = []
        if case .array(let rawCalls)? = message["tool_calls"] {
            for (index, rawCall) in rawCalls.enumerated() {
                let callPath = messagePath.appending("tool_calls").appending(index)
                guard case .string(let id)? = rawCall["id"], case .object(let function)? = rawCall["function"],
                    case .string(let name)? = function["name"]
                else { throw JSONDecodingError(path: callPath, message: "expected {id, type: function, function: {name, arguments}}") }
                // `arguments` is a JSON string on the wire; some proxies log it as an object, accept both.
                let arguments: String
                switch function["arguments"] ?? .string("{}") {
                case .string(let text): arguments = text
                case let value: arguments = value.serialized()
                }
                calls.append(ToolCall(id: id, name: name, arguments: arguments))
            }
        }
        let finishReason = choice["finish_reason"]?.stringValue ?? (calls.isEmpty ? "stop" : "tool_calls")
        return ModelResponse(
            message: .assistant(content, toolCalls: calls), finishReason: finishReason,
            usage: try usage(from: object["usage"], at: root.appending("usage")), latencyMs: latencyMs,
            model: object["model"]?.stringValue ?? "", wire: WirePayload(format: format, body: body))
    }

    /// Reads OpenAI's `usage`: cached tokens are counted inside `prompt_tokens`, reasoning inside
    /// `completion_tokens`, which is also ``TokenUsage``'s convention.
    static func usage(from value: JSONValue?, at path: JSONPath) throws -> TokenUsage {
        guard case .object(let usage)? = value else { throw JSONDecodingError(path: path, message: "missing usage (prompt_tokens, completion_tokens)") }
        func count(_ value: JSONValue?, _ keys: String...) throws -> Int {
            guard let value else { return 0 }
            return try Int(json: value, at: keys.reduce(path) { $0.appending($1) })
        }
        guard usage["prompt_tokens"] != nil, usage["completion_tokens"] != nil else {
            throw JSONDecodingError(path: path, message: "expected prompt_tokens and completion_tokens")
        }
        return TokenUsage(
            input: try count(usage["prompt_tokens"], "prompt_tokens"),
            cachedInput: try count(usage["prompt_tokens_details"]?["cached_tokens"], "prompt_tokens_details", "cached_tokens"),
            output: try count(usage["completion_tokens"], "completion_tokens"),
            reasoning: try count(usage["completion_tokens_details"]?["reasoning_tokens"], "completion_tokens_details", "reasoning_tokens"))
    }

    /// The response body for `response`: its recorded wire body when it has one, otherwise one built in
    /// OpenAI's shape (for clients, such as scripted ones, that never spoke HTTP).
    public static func body(for response: ModelResponse, id: String, created: Int) -> JSONValue {
        if let wire = response.wire, wire.format == format { return wire.body }
        var message = encode(message: response.message)
        if case .object(var members) = message {
            members["refusal"] = .null
            message = .object(members)
        }
        let usage = response.usage
        return [
            "id": .string(id), "object": "chat.completion", "created": created.json, "model": .string(response.model),
            "choices": [["index": 0, "message": message, "logprobs": .null, "finish_reason": .string(response.finishReason)]],
            "usage": [
                "prompt_tokens": usage.input.json, "completion_tokens": usage.output.json, "total_tokens": usage.total.json,
                "prompt_tokens_details": ["cached_tokens": usage.cachedInput.json, "audio_tokens": 0],
                "completion_tokens_details": ["reasoning_tokens": usage.reasoning.json, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0],
            ],
            "service_tier": "default",
        ]
    }
}
