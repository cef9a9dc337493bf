/// A schema that is not a valid JSON Schema: where in the schema, and what is wrong there.
///
/// Thrown when a schema is compiled, so a broken tool definition fails when it is loaded rather than on the first
/// call that happens to reach the broken keyword.
public struct JSONSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the schema document the problem is, e.g. `$.properties.quantity.type`.
    public var path: JSONPath
    /// What is wrong, e.g. `unknown type "interger"; expected one of array, boolean, integer, null, number, …`.
    public var message: String

    /// An error from its parts.
    public init(path: JSONPath, message: String) {
        self.path = path
        self.message = message
    }

    /// The path and message on one line: `$.properties.quantity.type: unknown type "interger"; …`.
    public var description: String { "\(path): \(message)" }
}
