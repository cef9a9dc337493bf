import Foundation
import RehearsalCore
import Testing

/// The report.json of a real `rehearsal run` over seven built-in scenarios, kept for the report writers' tests
/// (see Tests/RehearsalReportsTests/Resources/README.md): one failing scenario, a handoff, a denied call, invalid
/// calls and approvals.
enum SmallReport {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RehearsalReportsTests/Resources/small-report.json")

    /// Every scenario entry of the report.
    static func entries() throws -> [JSONValue] {
        let report = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
        return try #require(report["scenarios"]?.arrayValue)
    }

    /// The entry of scenario `id`.
    static func entry(_ id: String) throws -> JSONValue {
        try #require(try entries().first { $0["id"]?.stringValue == id }, "no scenario \(id) in \(url.path)")
    }

    /// `entry` as a scenario run of run `runID`, its headline figures read from the entry as the CLI writes them.
    static func scenarioRun(_ entry: JSONValue, inRun runID: String) throws -> StoredScenarioRun {
        StoredScenarioRun(
            runID: runID, scenarioID: try #require(entry["id"]?.stringValue),
            trial: Int(try #require(entry["trial"]?.numberValue)), traceID: try #require(entry["traceId"]?.stringValue),
            family: try #require(entry["family"]?.stringValue),
            passed: try #require(entry["passed"]?.boolValue as Bool?),
            model: entry["model"]?.stringValue, costUSD: try #require(entry["costUsd"]?.numberValue),
            latencyMs: try #require(entry["latencyMs"]?.numberValue),
            stopReason: try #require(entry["stopReason"]?["code"]?.stringValue),
            failures: try #require(entry["failures"]?.arrayValue).compactMap(\.stringValue), entry: entry)
    }
}
