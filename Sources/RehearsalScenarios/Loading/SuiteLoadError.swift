public import RehearsalCore

/// A suite could not be loaded: every problem found, each with its file and place.
public struct SuiteLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in file order.
    public var errors: [InputError]

    /// An error listing `errors`.
    public init(_ errors: [InputError]) { self.errors = errors }

    public var description: String {
        let shown = errors.prefix(20).map { "error: \($0)" }
        let more = errors.count > 20 ? ["… and \(errors.count - 20) more errors"] : []
        return (shown + more).joined(separator: "\n")
    }
}
