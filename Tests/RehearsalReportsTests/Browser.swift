import Foundation
import Testing

/// A real Chromium, headless, for checking what the browser builds from report.html. `.ci/run` installs Debian's
/// `chromium` when it is missing; where it still is not found, the tests that need it are skipped and say so.
enum Browser {
    /// The browser executable on PATH, if any.
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }()

    static var isAvailable: Bool { path != nil }

    static let skipReason: Comment = "Chromium was not found on PATH (.ci/run installs Debian's chromium); the browser tests are skipped, not passed"

    /// Loads `html` from a file under a fresh folder, with `fragment` as the address's `#…`, and returns the DOM the
    /// browser built once the page's script ran (`--dump-dom`).
    static func dom(of html: String, fragment: String = "") throws -> String {
        let folder = NSTemporaryDirectory() + "rehearsal-browser-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/report.html"
        try html.write(toFile: file, atomically: true, encoding: .utf8)
        return try run([
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(folder)/profile", "--virtual-time-budget=5000", "--dump-dom",
            "file://\(file)\(fragment.isEmpty ? "" : "#" + fragment)",
        ])
    }

    private static func run(_ arguments: [String]) throws -> String {
        guard let path else { throw BrowserError(message: "no browser") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting: a DOM larger than the pipe's buffer would otherwise block the browser forever.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let diagnostics = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else {
            throw BrowserError(message: "chromium exited \(process.terminationStatus): \(String(decoding: diagnostics.suffix(2000), as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct BrowserError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension String {
    /// How often `needle` occurs.
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }

    /// The text between the first `start` and the next `end` after it.
    func slice(from start: String, to end: String) -> String? {
        guard let lower = range(of: start), let upper = self[lower.upperBound...].range(of: end) else { return nil }
        return String(self[lower.upperBound..<upper.lowerBound])
    }
}
