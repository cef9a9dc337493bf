import RehearsalCore

/// What a span says under the OpenTelemetry GenAI semantic conventions, reading the newer attribute names first and
/// the older ones after (the table is in docs/trace-formats.md).
extension OTLPSpan {
    /// The role a span plays in an agent run.
    enum Operation: Sendable, Hashable {
        /// A model call: `gen_ai.operation.name` `chat`, `text_completion` or `generate_content`.
        case chat
        /// An agent run: `invoke_agent`.
        case agent
        /// A tool call: `execute_tool`.
        case tool
        /// Anything else (HTTP, framework steps, `embeddings`, `invoke_workflow`): looked through, not imported.
        case other
    }

    /// The span's role: from `gen_ai.operation.name`, or for spans without it (instrumentations older than the
    /// attribute, OpenLLMetry) from `llm.request.type`, `traceloop.span.kind`, `gen_ai.tool.name` or a model and
    /// provider.
    var operation: Operation {
        switch string("gen_ai.operation.name") {
        case "chat", "text_completion", "generate_content": return .chat
        case "invoke_agent": return .agent
        case "execute_tool": return .tool
        case .some: return .other
        case nil: break
        }
        switch string("traceloop.span.kind") {
        case "agent": return .agent
        case "tool": return .tool
        default: break
        }
        switch string("llm.request.type") {
        case "chat", "completion": return .chat
        default: break
        }
        if string("gen_ai.tool.name") != nil { return .tool }
        if requestModel ?? responseModel != nil, provider != nil { return .chat }
        return .other
    }

    // MARK: - Model calls

    /// `gen_ai.provider.name`, or the older `gen_ai.system`.
    var provider: String? { string("gen_ai.provider.name", "gen_ai.system") }

    /// `gen_ai.request.model` (OpenLLMetry's older `llm.request.model`).
    var requestModel: String? { string("gen_ai.request.model", "llm.request.model") }

    /// `gen_ai.response.model` (OpenLLMetry's older `llm.response.model`).
    var responseModel: String? { string("gen_ai.response.model", "llm.response.model") }

    /// `gen_ai.request.temperature`.
    var temperature: Double? { number("gen_ai.request.temperature", "llm.request.temperature") }

    /// Token usage: `gen_ai.usage.input_tokens`/`output_tokens` or the older `prompt_tokens`/`completion_tokens`,
    /// with the cache and reasoning counts when recorded; nil when neither input nor output is.
    var usage: TokenUsage? {
        let input = integer("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.usage.prompt_tokens")
        let output = integer(
            "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.usage.completion_tokens")
        guard input != nil || output != nil else { return nil }
        return TokenUsage(
            input: input ?? 0,
            cachedInput: integer("gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens") ?? 0,
            cacheWrite: integer(
                "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.cache_creation_input_tokens",
                "gen_ai.usage.cache_write_input_tokens") ?? 0,
            output: output ?? 0,
            reasoning: integer("gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens") ?? 0)
    }

    /// The first of `gen_ai.response.finish_reasons` (a string array, or a string from some exporters).
    var finishReason: String? {
        switch attributes["gen_ai.response.finish_reasons"] ?? attributes["llm.response.finish_reason"] {
        case .array(let reasons)?: return reasons.first?.stringValue
        case .string(let reason)?: return reason.isEmpty ? nil : reason
        default: return nil
        }
    }

    // MARK: - Tools and agents

    /// `gen_ai.tool.name` (OpenLLMetry tool spans: `traceloop.entity.name`).
    var toolName: String? { string("gen_ai.tool.name", "traceloop.entity.name") }

    /// `gen_ai.tool.call.id`.
    var toolCallID: String? { string("gen_ai.tool.call.id") }

    /// `gen_ai.tool.description`.
    var toolDescription: String? { string("gen_ai.tool.description") }

    /// `gen_ai.tool.call.arguments` as JSON text: a string as recorded, a structured value serialized.
    var toolArguments: String? { text("gen_ai.tool.call.arguments") }

    /// `gen_ai.tool.call.result` as text: a string as recorded, a structured value serialized.
    var toolResult: String? { text("gen_ai.tool.call.result") }

    /// `gen_ai.agent.name`, or `gen_ai.agent.id` (OpenLLMetry: `traceloop.entity.name` on an agent span).
    var agentName: String? {
        string("gen_ai.agent.name", "gen_ai.agent.id") ?? (operation == .agent ? string("traceloop.entity.name") : nil)
    }

    /// Why the span failed, when its status is ERROR: the status message, else `error.type`, else the status itself.
    var errorMessage: String? {
        guard case .error(let message) = status else { return nil }
        return message ?? string("error.type") ?? "span status ERROR"
    }

    // MARK: - Reading attributes

    /// The first of `keys` whose value is a non-empty string.
    func string(_ keys: String...) -> String? {
        for key in keys {
            if case .string(let value)? = attributes[key], !value.isEmpty { return value }
        }
        return nil
    }

    /// The first of `keys` whose value is an integer, or a string of one (some SDKs stringify every attribute).
    func integer(_ keys: String...) -> Int? {
        for key in keys {
            switch attributes[key] {
            case .number(let value)? where value.isFinite && value.rounded(.towardZero) == value && abs(value) < 9e15:
                return Int(value)
            case .string(let text)?:
                if let value = Int(text) { return value }
            default: continue
            }
        }
        return nil
    }

    /// The first of `keys` whose value is a number, or a string of one.
    func number(_ keys: String...) -> Double? {
        for key in keys {
            switch attributes[key] {
            case .number(let value)?: return value
            case .string(let text)?:
                if let value = Double(text), value.isFinite { return value }
            default: continue
            }
        }
        return nil
    }

    /// `key`'s value as text: a string as recorded, anything else but null as compact JSON with sorted keys.
    func text(_ key: String) -> String? {
        switch attributes[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let value?: return value.serialized()
        }
    }
}
