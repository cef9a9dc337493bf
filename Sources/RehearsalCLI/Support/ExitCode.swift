/// A process exit status: 0 when everything passed, 1 when a scenario failed, 2 for bad usage or input.
public struct ExitCode: Sendable, Hashable, CustomStringConvertible {
    /// The numeric status.
    public let rawValue: Int32

    /// A status from its number.
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// Everything passed.
    public static let success = ExitCode(0)
    /// The command ran, and something it checked failed (a scenario, a gate).
    public static let failure = ExitCode(1)
    /// The command could not run: bad arguments or invalid input files.
    public static let usage = ExitCode(2)

    public var description: String { String(rawValue) }
}

/// The command line was wrong: the reason in one line; the CLI prints it with the command's usage, exit 2.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The one-line reason.
    public var message: String
    /// A usage error with `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A command failed for a reason it can name (an unwritable report folder, a price missing for a model).
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// The exit code it maps to.
    public var exitCode: ExitCode
    /// An error with `message`, exiting with `exitCode`.
    public init(_ message: String, exitCode: ExitCode = .usage) {
        self.message = message
        self.exitCode = exitCode
    }
    public var description: String { message }
}
