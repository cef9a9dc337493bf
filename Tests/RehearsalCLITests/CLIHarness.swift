import Foundation
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

    static func run(_ arguments: [String], input: [String] = [], terminal: Bool = false) async -> Result {
        let output = Mutex("")
        let diagnostics = Mutex("")
        let lines = Mutex(input)
        let context = CommandContext(
            fileSystem: LocalFileSystem(), output: { text in output.withLock { $0 += text } }, diagnostics: { text in diagnostics.withLock { $0 += text } },
            writeFile: { path, contents in
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try contents.write(toFile: path, atomically: true, encoding: .utf8)
            },
            readLine: { lines.withLock { $0.isEmpty ? nil : $0.removeFirst() } }, inputIsTerminal: terminal, outputIsTerminal: false,
            environment: [:], now: { 1_764_000_000 }, parallelism: 2)
        let code = await RehearsalCommandLine.main(arguments: arguments, context: context)
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

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "rehearsal-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A copy of the built-in suite (scenarios and fixtures) in a temporary folder, to break or re-record.
    static func copyOfBuiltInSuite() throws -> String {
        let folder = try temporaryFolder()
        for name in ["scenarios", "fixtures"] {
            try FileManager.default.copyItem(atPath: root + "/" + name, toPath: folder + "/" + name)
        }
        return folder
    }
}

extension Array where Element: Equatable {
    func hasPrefix(_ prefix: [Element]) -> Bool { count >= prefix.count && Array(self[..<prefix.count]) == prefix }
}
