import Foundation
import RehearsalCore
import RehearsalReports
import Testing

/// Golden files for the report writers, with snapshot-testing's record modes: `REHEARSAL_RECORD=all` rewrites
/// every golden, `missing` writes those that do not exist yet, anything else (CI) only compares. A test that
/// records never passes.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    /// The shared input: a real run's report with hostile text planted in it (see Resources/README.md).
    static func smallReport() throws -> ReportDocument {
        let path = folder + "/Resources/small-report.json"
        return try ReportDocument.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    /// The same input as a JSON value, to edit before reading it.
    static func smallReportJSON() throws -> JSONValue {
        try JSONParser.parse(String(contentsOfFile: folder + "/Resources/small-report.json", encoding: .utf8))
    }

    /// Compares `actual` with the golden file `name`, recording it as the mode says.
    static func assert(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = folder + "/Goldens/" + name
        let mode = ProcessInfo.processInfo.environment["REHEARSAL_RECORD"] ?? "never"
        let existing = try? String(contentsOfFile: path, encoding: .utf8)
        if mode == "all" || (mode == "missing" && existing == nil) {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded golden \(path); rerun without REHEARSAL_RECORD to compare", sourceLocation: sourceLocation)
            return
        }
        guard let existing else {
            Issue.record("no golden at \(path); record it with REHEARSAL_RECORD=missing", sourceLocation: sourceLocation)
            return
        }
        guard existing != actual else { return }
        let actualPath = NSTemporaryDirectory() + "rehearsal-actual-" + name
        try? actual.write(toFile: actualPath, atomically: true, encoding: .utf8)
        Issue.record("\(name) differs from its golden\n  golden: \(path)\n  actual: \(actualPath)\n\(diff(existing, actual))", sourceLocation: sourceLocation)
    }

    /// The first differing lines, enough to see what changed.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for index in 0..<max(old.count, new.count) where lines.count < 12 {
            let a = index < old.count ? String(old[index]) : "<end>"
            let b = index < new.count ? String(new[index]) : "<end>"
            if a != b { lines += ["  line \(index + 1):", "  - \(a.prefix(200))", "  + \(b.prefix(200))"] }
        }
        return lines.joined(separator: "\n")
    }
}

extension JSONValue {
    /// This object with `key` set to `value`.
    func with(_ key: String, _ value: JSONValue) -> JSONValue {
        var members = objectValue ?? [:]
        members[key] = value
        return .object(members)
    }

    /// This report with its scenario at `index` changed by `change`.
    func replacingScenario(_ index: Int, _ change: (JSONValue) -> JSONValue) -> JSONValue {
        var scenarios = self["scenarios"]?.arrayValue ?? []
        scenarios[index] = change(scenarios[index])
        return with("scenarios", .array(scenarios))
    }
}
