/// An export could not be made: what was wrong and where.
public struct OTLPExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, naming the input and the JSON path where there is one.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
