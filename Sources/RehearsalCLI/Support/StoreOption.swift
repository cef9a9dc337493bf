import RehearsalCore
import RehearsalScenarios
import RehearsalStore

/// `--db PATH` and `--no-db`, accepted by every command that reads or writes the run history.
enum StoreOption {
    /// Where the run history lives unless `--db` says otherwise.
    static let defaultPath = "reports/rehearsal.sqlite"

    static let options: [OptionSpec] = [
        .option("--db", value: "PATH", help: "Run history database (default: \(defaultPath))"),
        .flag("--no-db", help: "Neither read nor write the run history database"),
    ]

    /// Which database a command was asked to use.
    enum Choice: Sendable, Equatable {
        /// Neither flag: the context's default (`reports/rehearsal.sqlite` for a real process).
        case standard
        /// `--db PATH`.
        case file(String)
        /// `--no-db`.
        case disabled

        /// The database file, or nil with `--no-db`.
        func path(in context: CommandContext) -> String? {
            switch self {
            case .standard: context.databasePath
            case .file(let path): path
            case .disabled: nil
            }
        }
    }

    /// The choice the arguments make.
    /// - Throws: ``UsageError`` when both flags are given.
    static func choice(_ parsed: ParsedArguments) throws(UsageError) -> Choice {
        if parsed.has("--no-db") {
            guard parsed.value("--db") == nil else { throw UsageError("--db and --no-db contradict each other; give one") }
            return .disabled
        }
        return parsed.value("--db").map(Choice.file) ?? .standard
    }

    /// The choice of a command that only reads the run history, for which `--no-db` leaves nothing to do.
    /// - Throws: ``UsageError`` naming `command` for `--no-db`, or when both flags are given.
    static func readingChoice(_ parsed: ParsedArguments, command: String) throws(UsageError) -> Choice {
        let choice = try choice(parsed)
        guard choice != .disabled else { throw UsageError("\(command) reads the run history; drop --no-db") }
        return choice
    }

    /// Opens (creating or upgrading) the store at `path`.
    /// - Throws: ``CommandError`` (exit 2) naming the file and what went wrong: a database from a newer rehearsal, a
    ///   file that is not a database, a folder that cannot be written.
    static func open(_ path: String) throws(CommandError) -> any StateStore {
        do {
            return try SQLiteStateStore(path: path)
        } catch {
            throw CommandError(StoreOption.placed(error.message, in: path))
        }
    }

    /// `message` with the database file in front, unless the store already put it there.
    static func placed(_ message: String, in path: String) -> String {
        message.hasPrefix(path) ? message : "\(path): \(message)"
    }

    /// Opens the store at `path` for reading, refusing to create one: a command that only reads has nothing to show
    /// from an empty database, and a typo in `--db` should say so rather than make a new file.
    static func openExisting(_ path: String, context: CommandContext) throws(CommandError) -> any StateStore {
        guard context.fileSystem.kind(of: path) == .file else {
            throw CommandError("\(path): no run history here yet; `rehearsal run` writes one (or pass --db PATH)")
        }
        return try open(path)
    }
}
