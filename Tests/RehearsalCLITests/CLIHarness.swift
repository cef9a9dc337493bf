import Foundation
import Testing
import RehearsalCLI
import RehearsalScenarios
import Synchronization

/// Runs the command line in-process with captured output and real files.
struct CLIHarness {
    /// The package root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    struct Result {
        var exitCode: ExitCode
        var output: String
        var diagnostics: String
    }

    /// A wall clock that moves a second each time it is read, so runs made one after another start in order.
    static let clock = Mutex<Double>(1_764_000_000)

    static func run(_ arguments: [String], input: [String] = [], terminal: Bool = false) async -> Result {
        let output = Mutex("")
        let diagnostics = Mutex("")
        let lines = Mutex(input)
        // Without --db a run writes to a database of its own, removed afterwards: tests never touch reports/.
        let database = NSTemporaryDirectory() + "rehearsal-db-" + UUID().uuidString + ".sqlite"
        let context = CommandContext(
            fileSystem: LocalFileSystem(), output: { text in output.withLock { $0 += text } }, diagnostics: { text in diagnostics.withLock { $0 += text } },
            writeFile: { path, contents in
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try contents.write(toFile: path, atomically: true, encoding: .utf8)
            },
            readLine: { lines.withLock { $0.isEmpty ? nil : $0.removeFirst() } }, inputIsTerminal: terminal, outputIsTerminal: false,
            environment: [:], now: { CLIHarness.clock.withLock { $0 += 1; return $0 } }, parallelism: 2, databasePath: database,
            newRunID: { "test-" + UUID().uuidString.prefix(8).lowercased() })
        let code = await RehearsalCommandLine.main(arguments: arguments, context: context)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        return Result(exitCode: code, output: output.withLock { $0 }, diagnostics: diagnostics.withLock { $0 })
    }

    /// The built-in suite's scenario ids, from its files.
    static var scenarioIDs: [String] {
        let enumerator = FileManager.default.enumerator(atPath: root + "/scenarios")!
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".scenario.json") }.compactMap { file in
            let data = FileManager.default.contents(atPath: root + "/scenarios/" + file)!
            return (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String
        }.sorted()
    }

    /// The configuration under which every built-in scenario must pass: our regression gate.
    static let alwaysStrong = root + "/scenarios/configs/always-strong.config.json"

    /// The words of the summary line for `scenario`.
    static func line(of scenario: String, in output: String) -> [String] {
        let line = output.split(separator: "\n").first { $0.split(separator: " ").contains(Substring(scenario)) } ?? ""
        return line.split(separator: " ").map(String.init)
    }

}

/// Temporary folders for one test, removed when the test's suite instance goes away (Swift Testing makes one
/// instance per test), so a test run leaves nothing behind in the temporary directory.
final class Scratch: Sendable {
    private let folders = Mutex<[String]>([])

    /// A fresh, empty temporary folder.
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "rehearsal-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        folders.withLock { $0.append(path) }
        return path
    }

    /// A copy of the built-in suite (scenarios and fixtures) in a temporary folder, to break or re-record.
    func copyOfBuiltInSuite() throws -> String {
        let folder = try folder()
        for name in ["scenarios", "fixtures"] {
            try FileManager.default.copyItem(atPath: CLIHarness.root + "/" + name, toPath: folder + "/" + name)
        }
        return folder
    }

    /// `copies` copies of the built-in suite in one suite (ids suffixed `.copy-N`, the same recordings): a suite as
    /// large as a test needs.
    func copiesOfBuiltInSuite(_ copies: Int) throws -> String {
        let folder = try folder()
        let manager = FileManager.default
        let source = CLIHarness.root + "/scenarios"
        try manager.createDirectory(atPath: folder + "/scenarios", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: folder + "/fixtures", withIntermediateDirectories: true)
        for name in ["agents", "tools", "configs", "policies", "suite.json", "prices.json"] {
            try manager.copyItem(atPath: source + "/" + name, toPath: folder + "/scenarios/" + name)
        }
        let files = (manager.enumerator(atPath: source)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".scenario.json") }
        for file in files {
            let text = try String(contentsOfFile: source + "/" + file, encoding: .utf8)
            let data = try #require(text.data(using: .utf8))
            let id = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String)
            for copy in 1...copies {
                let copied = "\(id).copy-\(copy)"
                let target = folder + "/scenarios/copy-\(copy)/" + file
                try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.replacingOccurrences(of: "\"id\": \"\(id)\"", with: "\"id\": \"\(copied)\"").write(toFile: target, atomically: true, encoding: .utf8)
                try manager.copyItem(atPath: CLIHarness.root + "/fixtures/" + id, toPath: folder + "/fixtures/" + copied)
            }
        }
        return folder
    }

    deinit {
        for path in folders.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}

extension Array where Element: Equatable {
    func hasPrefix(_ prefix: [Element]) -> Bool { count >= prefix.count && Array(self[..<prefix.count]) == prefix }
}
