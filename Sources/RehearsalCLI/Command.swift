/// A subcommand of `rehearsal`: a value made from its arguments, then run.
protocol Command: Sendable {
    /// The word that selects it: `run`, `record`.
    static var name: String { get }
    /// One line for `rehearsal --help`.
    static var abstract: String { get }
    /// The whole `--help` text, starting with its `Usage:` line(s).
    static var help: String { get }
    /// The options it accepts (`--help` aside), for the usage printed with a usage error.
    static var options: [OptionSpec] { get }
    /// Parses the command's arguments (`--help` is handled before this).
    /// - Throws: ``UsageError`` for arguments the command does not accept.
    init(arguments: [String]) throws
    /// Runs the command.
    /// - Returns: the exit code (0 pass, 1 fail).
    /// - Throws: input and usage errors, which the CLI maps to exit code 2.
    func run(in context: CommandContext) async throws -> ExitCode
}
