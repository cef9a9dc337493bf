import Foundation
import RehearsalCore

/// A chat message as the GenAI conventions have recorded it over time, reduced to what an import needs: its role,
/// its text, the tool calls it makes and the tool results it carries.
///
/// Read from the newer structured form (`{"role", "parts": [{"type": "text" | "tool_call" | "tool_call_response"}]}`,
/// semantic conventions v1.37 and later) and from the older OpenAI-style form (`{"role", "content", "tool_calls",
/// "tool_call_id"}`, the v1.28-v1.36 event bodies, `gen_ai.prompt`/`gen_ai.completion` and OpenLLMetry), whose
/// `content` may also be a list of content blocks (OpenAI `{"type": "text"}`, Anthropic `tool_use`/`tool_result`,
/// Bedrock `toolUse`/`toolResult` as AWS Strands records them).
struct GenAIMessage: Sendable, Hashable {
    /// `system`, `user`, `assistant` or `tool`.
    var role: String
    /// The text parts, in order.
    var texts: [String] = []
    /// The tool calls the message makes.
    var toolCalls: [ToolCall] = []
    /// The tool results the message carries.
    var toolResponses: [ToolResponse] = []
    /// Why the model stopped, on an output message.
    var finishReason: String?

    /// A tool call in a message.
    struct ToolCall: Sendable, Hashable {
        var id: String?
        var name: String
        /// The arguments as JSON text; a structured value is serialized.
        var arguments: String?
    }

    /// A tool result in a message.
    struct ToolResponse: Sendable, Hashable {
        var id: String?
        var content: String
    }

    /// The text parts joined by newlines; nil when there are none.
    var text: String? { texts.isEmpty ? nil : texts.joined(separator: "\n") }

    // MARK: - Reading

    /// The messages in `value`: an array of messages, structured or as a JSON string; nil when there is none or it
    /// cannot be read (content may be truncated by an attribute length limit, which leaves invalid JSON).
    static func list(from value: JSONValue?) -> [GenAIMessage]? {
        guard case .array(let elements)? = decoded(value) else { return nil }
        let messages = elements.compactMap { element -> GenAIMessage? in
            guard case .object(let members) = element else { return nil }
            return message(from: members, role: nil)
        }
        return messages.isEmpty ? nil : messages
    }

    /// One message from an object in either form; `role` applies when the object has none (an event's body, whose
    /// role is in the event's name).
    static func message(from members: [String: JSONValue], role: String?) -> GenAIMessage? {
        // A v1.28-v1.36 `gen_ai.choice` body wraps the message: {"index", "finish_reason", "message": {…}}.
        if let inner = decoded(members["message"]) ?? members["message"], inner != .null {
            var message: GenAIMessage?
            switch inner {
            case .object(let innerMembers): message = self.message(from: innerMembers, role: role ?? "assistant")
            case .array: message = self.message(from: ["content": inner], role: role ?? "assistant")
            case .string(let text): message = GenAIMessage(role: role ?? "assistant", texts: [text])
            default: break
            }
            if let reason = members["finish_reason"]?.stringValue { message?.finishReason = reason }
            return message
        }
        guard let role = members["role"]?.stringValue ?? role else { return nil }
        var message = GenAIMessage(role: role, finishReason: members["finish_reason"]?.stringValue)
        if case .array(let parts)? = decoded(members["parts"]) {
            for case .object(let part) in parts { message.add(part: part) }
            return message
        }
        message.add(content: members["content"])
        for case .object(let call) in decoded(members["tool_calls"])?.arrayValue ?? [] {
            let function = call["function"]?.objectValue ?? call
            if let name = function["name"]?.stringValue {
                message.toolCalls.append(
                    ToolCall(id: call["id"]?.stringValue, name: name, arguments: argumentText(function["arguments"])))
            }
        }
        if case .object(let call)? = members["function_call"], let name = call["name"]?.stringValue {
            message.toolCalls.append(ToolCall(id: nil, name: name, arguments: argumentText(call["arguments"])))
        }
        // An OpenAI-style tool message: its content is the result of the call it names.
        if role == "tool", message.toolResponses.isEmpty {
            let id = members["tool_call_id"]?.stringValue ?? members["id"]?.stringValue
            message.toolResponses.append(ToolResponse(id: id, content: message.texts.joined(separator: "\n")))
            message.texts = []
        }
        return message
    }

    /// A `parts` entry of the structured form.
    private mutating func add(part: [String: JSONValue]) {
        switch part["type"]?.stringValue {
        case "text":
            if let text = part["content"]?.stringValue ?? part["text"]?.stringValue { texts.append(text) }
        case "tool_call":
            if let name = part["name"]?.stringValue {
                toolCalls.append(
                    ToolCall(id: part["id"]?.stringValue, name: name, arguments: Self.argumentText(part["arguments"])))
            }
        case "tool_call_response":
            toolResponses.append(
                ToolResponse(
                    id: part["id"]?.stringValue?.trimmingCharacters(in: .whitespaces),
                    content: Self.resultText(part["response"] ?? part["result"])))
        default:
            break
        }
    }

    /// An OpenAI-style `content`: a string, or a list of content blocks.
    private mutating func add(content: JSONValue?) {
        switch content.map(Self.contentBlocks) {
        case .string(let text)?:
            texts.append(text)
        case .array(let blocks)?:
            for block in blocks {
                switch block {
                case .string(let text): texts.append(text)
                case .object(let members): add(block: members)
                default: break
                }
            }
        case .object(let members)?:
            add(block: members)
        default:
            break
        }
    }

    /// One content block: text, a tool call or a tool result, in OpenAI, Anthropic or Bedrock shape.
    private mutating func add(block: [String: JSONValue]) {
        if case .object(let use)? = block["toolUse"], let name = use["name"]?.stringValue {
            toolCalls.append(
                ToolCall(id: use["toolUseId"]?.stringValue, name: name, arguments: Self.argumentText(use["input"])))
            return
        }
        if case .object(let result)? = block["toolResult"] {
            toolResponses.append(
                ToolResponse(id: result["toolUseId"]?.stringValue, content: Self.resultText(result["content"])))
            return
        }
        switch block["type"]?.stringValue {
        case "tool_use", "function_call":
            if let name = block["name"]?.stringValue {
                let id = block["id"]?.stringValue ?? block["call_id"]?.stringValue
                toolCalls.append(
                    ToolCall(id: id, name: name, arguments: Self.argumentText(block["input"] ?? block["arguments"])))
            }
        case "tool_result", "function_call_output":
            let id = block["tool_use_id"]?.stringValue ?? block["call_id"]?.stringValue
            toolResponses.append(ToolResponse(id: id, content: Self.resultText(block["content"] ?? block["output"])))
        case "text", "input_text", "output_text", nil:
            if let text = block["text"]?.stringValue ?? block["content"]?.stringValue { texts.append(text) }
        default:
            break
        }
    }

    // MARK: - Values

    /// `value`, or the JSON a string value holds: content attributes may be recorded structured or as JSON strings.
    /// A string that is not JSON is nil.
    static func decoded(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return try? JSONParser.parse(text)
        case let value?: return value
        }
    }

    /// A `content` string that holds a JSON list of content blocks (OpenLLMetry writes lists with `json.dumps`, AWS
    /// Strands its Bedrock blocks) as that list; any other value as it is. Only a list of objects with `type`,
    /// `text`, `toolUse` or `toolResult` counts, so a tool result that happens to be JSON stays text.
    static func contentBlocks(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value, text.hasPrefix("["),
            case .array(let elements)? = try? JSONParser.parse(text),
            !elements.isEmpty,
            elements.allSatisfy({ element in
                guard case .object(let members) = element else { return false }
                return ["type", "text", "toolUse", "toolResult"].contains { members[$0] != nil }
            })
        else { return value }
        return .array(elements)
    }

    /// Tool arguments as JSON text: a string as recorded, a structured value serialized; nil when absent.
    static func argumentText(_ value: JSONValue?) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: return value.serialized()
        }
    }

    /// A tool result as the model saw it: a string as recorded, a list of text blocks joined, anything else
    /// serialized.
    static func resultText(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .array(let blocks)?:
            let texts = blocks.compactMap { block -> String? in
                guard case .object(let members) = block else { return nil }
                if let text = members["text"]?.stringValue { return text }
                return members["json"].map { $0.serialized() }
            }
            return texts.count == blocks.count && !texts.isEmpty
                ? texts.joined(separator: "\n") : JSONValue.array(blocks).serialized()
        case let value?: return value.serialized()
        }
    }
}
