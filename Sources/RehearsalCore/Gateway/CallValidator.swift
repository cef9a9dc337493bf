/// The strict layer between model output and execution: a proposed call must name a tool in play and carry
/// arguments that are JSON and satisfy the tool's schema.
public enum CallValidator {
    /// Validates `call` against the tools in `registry`.
    /// - Returns: the validated call, or why it is invalid (every schema violation, with its JSON path and rule).
    public static func validate(_ call: ToolCall, in registry: ToolRegistry) -> Result<ValidatedCall, InvalidCall> {
        guard let tool = registry.tool(named: call.name) else {
            return .failure(InvalidCall(kind: .unknownTool, violations: [], message: "unknown tool \"\(call.name)\"; the tools available are \(registry.names.joined(separator: ", "))"))
        }
        let text = call.arguments.trimmingWhitespace.isEmpty ? "{}" : call.arguments
        let arguments: JSONValue
        do {
            arguments = try JSONParser.parse(text)
        } catch {
            return .failure(InvalidCall(kind: .malformedJSON, violations: [], message: "arguments are not valid JSON (\(error))"))
        }
        return validate(arguments, callID: call.id, for: tool)
    }

    /// Validates already-parsed `arguments` for `tool` (used again when an approver edits a call's arguments).
    public static func validate(_ arguments: JSONValue, callID: String, for tool: ToolDefinition) -> Result<ValidatedCall, InvalidCall> {
        let violations = tool.schema.validate(arguments)
        guard violations.isEmpty else {
            let lines = violations.map { "\($0.path): \($0.message) (\($0.rule))" }
            return .failure(InvalidCall(kind: .schemaViolation, violations: violations, message: "arguments do not match the schema of \(tool.name): " + lines.joined(separator: "; ")))
        }
        return .success(ValidatedCall(callID: callID, tool: tool, arguments: arguments))
    }
}

/// Why a proposed call was refused before the gateway: the model gets `message` back as its observation.
public struct InvalidCall: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// The tool is not in play for this agent.
        case unknownTool
        /// The arguments are not JSON at all.
        case malformedJSON
        /// The arguments are JSON but break the tool's schema.
        case schemaViolation
    }

    /// The kind of problem.
    public var kind: Kind
    /// Each schema violation, when the kind is ``Kind/schemaViolation``.
    public var violations: [SchemaViolation]
    /// One line naming every problem.
    public var message: String

    public var description: String { message }
}

extension String {
    var trimmingWhitespace: Substring {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return slice
    }
}
