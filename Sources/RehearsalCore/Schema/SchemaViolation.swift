/// One way an instance fails its schema: where, which keyword, and a message an LLM can act on.
///
/// Messages say what was expected and what was found (`expected integer, found string "fifty"`), so that a model
/// reading them can repair its tool call without seeing the schema again.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance the problem is, e.g. `$.items[2].quantity`.
    ///
    /// For a missing property this is the object that lacks it; for an unexpected property, the property itself.
    public var path: JSONPath
    /// The schema keyword that failed: `type`, `required`, `enum`, `pattern`, `additionalProperties`, `anyOf`, ….
    public var rule: String
    /// What was wrong, phrased for a reader who must fix it, e.g. `must be >= 1, found 0`.
    public var message: String

    /// A violation from its parts.
    public init(path: JSONPath, rule: String, message: String) {
        self.path = path
        self.rule = rule
        self.message = message
    }

    /// The path, message and rule on one line: `$.quantity: expected integer, found string "fifty" (type)`.
    public var description: String { "\(path): \(message) (\(rule))" }
}
