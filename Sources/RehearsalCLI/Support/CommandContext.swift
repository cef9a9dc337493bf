import Foundation
public import RehearsalScenarios

/// Everything a command touches outside itself: files, output streams, the terminal, the environment and the
/// wall clock. The live context talks to the process; tests inject their own.
public struct CommandContext: Sendable {
    /// Where files are read from.
    public var fileSystem: any FileSystem
    /// Writes text to standard output (machine output, the summary).
    public var output: @Sendable (String) -> Void
    /// Writes text to standard error (progress, diagnostics, prompts).
    public var diagnostics: @Sendable (String) -> Void
    /// Writes a file atomically, creating its folder: the text appears whole or not at all.
    public var writeFile: @Sendable (_ path: String, _ contents: String) throws -> Void
    /// Reads one line of standard input; nil at end of input.
    public var readLine: @Sendable () -> String?
    /// Whether standard input is an interactive terminal (approvals may be asked).
    public var inputIsTerminal: Bool
    /// Whether standard output is a terminal (and colour may be used).
    public var outputIsTerminal: Bool
    /// The environment variables.
    public var environment: [String: String]
    /// The wall clock in seconds since 1970, for the report's `environment` and timing only.
    public var now: @Sendable () -> Double
    /// How many scenarios to run at once.
    public var parallelism: Int
    /// The run history database used when a command is given neither `--db` nor `--no-db`.
    public var databasePath: String
    /// Makes a new run id: unique in a database, sortable by time (`20261203-001502-417-7f3a`).
    public var newRunID: @Sendable () -> String

    /// A context from its parts.
    public init(
        fileSystem: any FileSystem, output: @escaping @Sendable (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void,
        writeFile: @escaping @Sendable (String, String) throws -> Void, readLine: @escaping @Sendable () -> String? = { nil },
        inputIsTerminal: Bool = false, outputIsTerminal: Bool = false, environment: [String: String] = [:],
        now: @escaping @Sendable () -> Double = { 0 }, parallelism: Int = 2, databasePath: String = "reports/rehearsal.sqlite",
        newRunID: @escaping @Sendable () -> String = { CommandContext.runID(at: 0) }
    ) {
        self.fileSystem = fileSystem
        self.output = output
        self.diagnostics = diagnostics
        self.writeFile = writeFile
        self.readLine = readLine
        self.inputIsTerminal = inputIsTerminal
        self.outputIsTerminal = outputIsTerminal
        self.environment = environment
        self.now = now
        self.parallelism = parallelism
        self.databasePath = databasePath
        self.newRunID = newRunID
    }

    /// A run id for a run started at `time` (seconds since 1970): UTC date and time to the millisecond, so ids sort
    /// in the order runs started, then four random hex digits so two runs started in the same millisecond differ.
    public static func runID(at time: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss-SSS"
        let random = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return formatter.string(from: Date(timeIntervalSince1970: time)) + "-" + String(repeating: "0", count: 4 - random.count) + random
    }

    /// The context of this process: real files, real streams, the real terminal.
    public static func live() -> CommandContext {
        CommandContext(
            fileSystem: LocalFileSystem(),
            output: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            diagnostics: { text in FileHandle.standardError.write(Data(text.utf8)) },
            writeFile: { path, contents in try LocalFiles.writeAtomically(contents, to: path) },
            readLine: { Swift.readLine(strippingNewline: true) },
            inputIsTerminal: isatty(0) == 1, outputIsTerminal: isatty(1) == 1,
            environment: ProcessInfo.processInfo.environment, now: { Date().timeIntervalSince1970 },
            parallelism: max(1, ProcessInfo.processInfo.activeProcessorCount),
            newRunID: { CommandContext.runID(at: Date().timeIntervalSince1970) })
    }

    /// Whether output may be coloured: a terminal, and `NO_COLOR` unset (https://no-color.org).
    public var usesColor: Bool { outputIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty }
}

/// Writing files on the local disk.
enum LocalFiles {
    /// Writes `contents` to `path` through a temporary file and a rename, so readers never see half a file and a
    /// failed write leaves the old file in place.
    static func writeAtomically(_ contents: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
            try Data(contents.utf8).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw CommandError("cannot write \(path): \(reason)")
            }
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
