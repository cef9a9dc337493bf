public import RehearsalCore

/// Estimates token counts for scripted responses, so authored fixtures carry usage consistent with the size of
/// what was sent and received.
///
/// The estimate (documented in docs/fixture-format.md): one token per 4 bytes of UTF-8 text, rounded up, which is
/// the rule of thumb OpenAI gives for English with its tokenizers; plus 3 tokens to prime the reply, 4 per message
/// and 3 per tool call of framing, following OpenAI's cookbook recipe for counting chat tokens; tool definitions
/// count as their JSON. Prompt caching follows OpenAI's rule: a prompt of 1,024 tokens or more has the prefix it
/// shares with the previous request to the same model (same tools, whole messages) served from cache, in
/// 128-token increments.
public enum TokenEstimator {
    /// Tokens in `text`: a quarter of its UTF-8 bytes, rounded up.
    public static func tokens(in text: String) -> Int { (text.utf8.count + 3) / 4 }

    /// Tokens of one message, framing included.
    public static func tokens(of message: ChatMessage) -> Int {
        var count = 4 + tokens(in: message.content ?? "")
        for call in message.toolCalls { count += 3 + tokens(in: call.name) + tokens(in: call.arguments) }
        return count
    }

    /// Tokens of the tool definitions in a request.
    public static func tokens(of tools: [ToolDefinition]) -> Int {
        tools.reduce(0) { $0 + tokens(in: $1.functionJSON.serialized()) }
    }

    /// Prompt tokens of `request`.
    public static func inputTokens(of request: ModelRequest) -> Int {
        3 + tokens(of: request.tools) + request.messages.reduce(0) { $0 + tokens(of: $1) }
    }

    /// Completion tokens of an assistant message.
    public static func outputTokens(of message: ChatMessage) -> Int {
        var count = tokens(in: message.content ?? "")
        for call in message.toolCalls { count += 3 + tokens(in: call.name) + tokens(in: call.arguments) }
        return max(1, count)
    }

    /// Prompt tokens served from cache when `request` follows `previous` in the same conversation.
    public static func cachedTokens(of request: ModelRequest, after previous: ModelRequest?) -> Int {
        guard let previous, previous.model == request.model, previous.tools == request.tools else { return 0 }
        guard inputTokens(of: request) >= 1024 else { return 0 }
        var prefix = 3 + tokens(of: request.tools)
        for (old, new) in zip(previous.messages, request.messages) {
            guard old == new else { break }
            prefix += tokens(of: new)
        }
        guard prefix >= 1024 else { return 0 }
        return prefix / 128 * 128
    }
}
