import Foundation
import RehearsalCore
import RehearsalReports

/// The real reports beside small-report.json whose spans are whole (see Resources/README.md), and lookups into them.
enum TraceResources {
    /// `Resources/<name>.json` read as a report.
    static func report(_ name: String) throws -> ReportDocument {
        let path = Golden.folder + "/Resources/\(name).json"
        return try ReportDocument.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    /// The entry of `scenario` in report `name`.
    static func entry(_ scenario: String, in name: String) throws -> JSONValue {
        guard let row = try report(name).scenarios.first(where: { $0.id == scenario }) else {
            throw LookupError(what: "\(scenario) in \(name).json")
        }
        return row.json
    }

    /// Every report the trace writers are tested on.
    static let names = ["small-report", "traced-report", "always-cheap-report", "error-report"]

    struct LookupError: Error, CustomStringConvertible {
        var what: String
        var description: String { "no \(what)" }
    }
}
