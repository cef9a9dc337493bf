import RehearsalCore
import RehearsalScenarios
import RehearsalReports

/// The files of a report folder and how they are written: `report.json` first, then what is rendered from it, so
/// a failure while rendering never loses the report itself.
enum ReportFiles {
    /// The human-facing files rendered from `report.json`, by name; `summary.md` carries the regression gate's
    /// section when there is one.
    static func rendered(_ document: ReportDocument, gate: GateResult? = nil) -> [(name: String, contents: String)] {
        [
            ("report.html", HTMLReportWriter.render(document)),
            ("junit.xml", JUnitReportWriter.render(document)),
            ("summary.md", MarkdownSummaryWriter.render(document, gate: gate)),
        ]
    }

    /// The names of the rendered files, in the order they are written.
    static let renderedNames = ["report.html", "junit.xml", "summary.md"]

    /// Writes `report.json` (already serialized) and the files rendered from it into `folder`.
    /// - Returns: the paths written, `report.json` first.
    /// - Throws: ``CommandError`` when the report does not read back (a bug) or a file cannot be written.
    static func write(json: JSONValue, text: String, to folder: String, gate: GateResult? = nil, context: CommandContext) throws -> [String] {
        let reportPath = Path.join(folder, "report.json")
        try context.writeFile(reportPath, text)
        let document = try readBack(json)
        return [reportPath] + (try writeRendered(document, to: folder, gate: gate, context: context))
    }

    /// Writes the files rendered from `document` into `folder`.
    /// - Returns: the paths written.
    static func writeRendered(_ document: ReportDocument, to folder: String, gate: GateResult? = nil, context: CommandContext) throws -> [String] {
        var written: [String] = []
        for file in rendered(document, gate: gate) {
            let path = Path.join(folder, file.name)
            try context.writeFile(path, file.contents)
            written.append(path)
        }
        return written
    }

    /// The run's traces as OTLP/JSON lines, one `TracesData` per scenario run.
    /// - Throws: ``CommandError`` when the report does not read back (a bug).
    static func otlp(_ json: JSONValue) throws -> String {
        let document = try readBack(json)
        do {
            return try OTLPTraceWriter.render(document)
        } catch {
            throw CommandError("could not export the traces as OTLP: \(error.message)")
        }
    }

    /// A report the run just made, read back as the writers read it.
    /// - Throws: ``CommandError`` when it does not read back (a bug).
    static func readBack(_ json: JSONValue) throws(CommandError) -> ReportDocument {
        do {
            return try ReportDocument(json: json)
        } catch {
            throw CommandError("the report just written does not read back (\(error)); this is a bug in rehearsal, please report it")
        }
    }
}
