/// A suite run was asked for something the loaded suite cannot do: a scenario it does not have, an empty selection,
/// or more trials than its recordings hold.
///
/// Nothing ran when this is thrown: these are mistakes in the test, not failures of the agent.
public struct SuiteRunError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code: `unknownScenario`, `noScenarioSelected`, `invalidTrials`, `tooFewTrials`, …
    public var code: String
    /// What went wrong and what to do, for people.
    public var message: String

    /// An error with `code` and `message`.
    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
