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

    /// The database path the arguments ask for; nil with `--no-db`.
    /// - Throws: ``UsageError`` when both are given.
    static func path(_ parsed: ParsedArguments, default fallback: String) throws(UsageError) -> String? {
        if parsed.has("--no-db") {
            guard parsed.value("--db") == nil else { throw UsageError("--db and --no-db contradict each other; give one") }
            return nil
        }
        return parsed.value("--db") ?? fallback
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
