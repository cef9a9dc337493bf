import RehearsalCore
import RehearsalScenarios

/// The `rehearsal` command line: dispatches to a subcommand and maps every error to an exit code, here and
/// nowhere else.
public enum RehearsalCommandLine {
    /// The version `--version` prints and reports record.
    public static let version = "0.1.0"

    static let commands: [CommandEntry] = [CommandEntry(RunCommand.self), CommandEntry(RecordCommand.self), CommandEntry(ValidateCommand.self), CommandEntry(ReportCommand.self), CommandEntry(HistoryCommand.self), CommandEntry(TraceCommand.self), CommandEntry(MergeCommand.self), CommandEntry(ImportCommand.self), CommandEntry(ReplayCommand.self), CommandEntry(CompareCommand.self),
    ]

    static var help: String {
        let list = commandList
        return """
            rehearsal \(version): evaluate and replay tool-using LLM agents against recorded fixtures.

            Usage: rehearsal <command> [options]

            Commands:
            \(list)

            Options:
              -h, --help     Show help (also: rehearsal <command> --help)
              --version      Show the version

            Exit codes: 0 every scenario passed, 1 a scenario failed (with --fail-on-regression: a regression
            against the baseline), 2 bad usage or invalid input.
            Run `rehearsal run` in a checkout to replay the built-in suite.

            """
    }

    /// What a usage error without a command prints after its reason.
    static var usage: String {
        "Usage: rehearsal <command> [options]\n\nCommands:\n" + commandList + "\n\nRun `rehearsal <command> --help` for a command's options.\n"
    }

    private static var commandList: String {
        let width = commands.map { $0.name.count }.max() ?? 0
        return commands.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count + 2) + $0.abstract }.joined(separator: "\n")
    }

    /// Runs the command line `arguments` (without the program name) in `context`.
    /// - Returns: the exit code.
    public static func main(arguments: [String], context: CommandContext) async -> ExitCode {
        guard let first = arguments.first else {
            context.diagnostics(help)
            return .usage
        }
        switch first {
        case "-h", "--help", "help":
            if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                context.output(command.help)
            } else {
                context.output(help)
            }
            return .success
        case "--version", "version":
            context.output("rehearsal \(version)\n")
            return .success
        default: break
        }
        guard let commandType = commands.first(where: { $0.name == first }) else {
            let names = commands.map(\.name)
            context.diagnostics("error: unknown command '\(first)'; the commands are \(names.joined(separator: ", "))\n\n\(usage)")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains(where: { $0 == "-h" || $0 == "--help" }) && !rest.prefix(while: { $0 != "--" }).isEmpty {
            context.output(commandType.help)
            return .success
        }
        do {
            return try await commandType.execute(rest, context)
        } catch let error as UsageError {
            context.diagnostics("error: \(error.message)\n\n\(commandType.usage)")
            return .usage
        } catch let error as SuiteLoadError {
            context.diagnostics(error.description + "\n")
            return .usage
        } catch let error as InputError {
            context.diagnostics("error: \(error)\n")
            return .usage
        } catch let error as PricingError {
            context.diagnostics("error: \(error)\n")
            return .usage
        } catch let error as CommandError {
            context.diagnostics("error: \(error.message)\n")
            return error.exitCode
        } catch {
            context.diagnostics("error: \(error)\n")
            return .failure
        }
    }
}

/// A command's names and how to run it, captured generically (calling through `any Command.Type` crashes the
/// Swift 6.3 compiler in SILGen).
struct CommandEntry: Sendable {
    let name: String
    let abstract: String
    let help: String
    /// What a usage error prints after its reason: the help's `Usage:` paragraph and the options.
    let usage: String
    let execute: @Sendable ([String], CommandContext) async throws -> ExitCode

    init<C: Command>(_ type: C.Type) {
        name = C.name
        abstract = C.abstract
        help = C.help
        let usageLines = C.help.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
        usage = usageLines.joined(separator: "\n") + "\n\nOptions:\n" + ArgumentParser.help(for: C.options + [.helpFlag]) + "\n"
        execute = { arguments, context in try await C(arguments: arguments).run(in: context) }
    }
}
