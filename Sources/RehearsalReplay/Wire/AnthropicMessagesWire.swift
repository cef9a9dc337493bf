public import RehearsalCore

/// The Anthropic Messages wire format, on the response side: content blocks (`text`, `tool_use`), the stop reason
/// and usage.
///
/// Usage is normalised to ``TokenUsage``'s convention: Anthropic reports `input_tokens` without the cached part and
/// `cache_read_input_tokens` / `cache_creation_input_tokens` apart from it, while OpenAI counts cached tokens
/// inside `prompt_tokens`. So `input` = input + cache reads + cache writes, `cachedInput` = cache reads,
/// `cacheWrite` = cache writes; priced separately, each at its own rate.
/// Reference: https://docs.anthropic.com/en/api/messages
public enum AnthropicMessagesWire {
    /// The format's name in fixtures and ``WirePayload``.
    public static let format = "anthropic.messages"

    /// Reads a Messages API response.
    /// - Throws: ``JSONDecodingError`` naming the path of whatever is missing or malformed.
    public static func response(from body: JSONValue, latencyMs: Double) throws -> ModelResponse {
        let root = JSONPath.root
        guard case .object(let object) = body else { throw JSONDecodingError.typeMismatch(at: root, expected: "a Message object", found: body) }
        guard case .array(let blocks)? = object["content"] else {
            throw JSONDecodingError(path: root.appending("content"), message: "expected an array of content blocks")
        }
        var texts: [String] = []
        var calls: [ToolCall] = []
        for (index, block) in blocks.enumerated() {
            let path = root.appending("content").appending(index)
            switch block["type"]?.stringValue {
            case "text":
                texts.append(try String(json: block["text"] ?? .null, at: path.appending("text")))
            case "tool_use":
                guard case .string(let id)? = block["id"], case .string(let name)? = block["name"] else {
                    throw JSONDecodingError(path: path, message: "expected a tool_use block with id, name and input")
                }
                calls.append(ToolCall(id: id, name: name, arguments: (block["input"] ?? [:]).serialized()))
            case "thinking", "redacted_thinking":
                continue
            case let other:
                throw JSONDecodingError(path: path.appending("type"), message: "expected \"text\" or \"tool_use\", found \(other.map { JSONValue.string($0).serialized() } ?? "nothing")")
            }
        }
        let stop = object["stop_reason"]?.stringValue
        let finishReason: String
        switch stop {
        case "tool_use": finishReason = "tool_calls"
        case "max_tokens": finishReason = "length"
        case "refusal": finishReason = "content_filter"
        default: finishReason = calls.isEmpty ? "stop" : "tool_calls"
        }
        return ModelResponse(
            message: .assistant(texts.isEmpty ? nil : texts.joined(separator: "\n"), toolCalls: calls), finishReason: finishReason,
            usage: try usage(from: object["usage"], at: root.appending("usage")), latencyMs: latencyMs,
            model: object["model"]?.stringValue ?? "", wire: WirePayload(format: format, body: body))
    }

    /// Reads Anthropic's `usage` into the shared convention (see the type's documentation).
    static func usage(from value: JSONValue?, at path: JSONPath) throws -> TokenUsage {
        guard case .object(let usage)? = value, usage["input_tokens"] != nil, usage["output_tokens"] != nil else {
            throw JSONDecodingError(path: path, message: "expected input_tokens and output_tokens")
        }
        func count(_ key: String) throws -> Int {
            guard let value = usage[key], value != .null else { return 0 }
            return try Int(json: value, at: path.appending(key))
        }
        let uncached = try count("input_tokens")
        let reads = try count("cache_read_input_tokens")
        let writes = try count("cache_creation_input_tokens")
        return TokenUsage(input: uncached + reads + writes, cachedInput: reads, cacheWrite: writes, output: try count("output_tokens"))
    }
}
