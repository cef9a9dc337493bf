import RehearsalCore
import RehearsalReports
import RehearsalScenarios

/// `rehearsal report`: renders `report.html`, `junit.xml` and `summary.md` again from a `report.json`, so a report
/// archived by CI can be read later, or rendered by a newer rehearsal.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Render report.html, junit.xml and summary.md from a report.json"

    static let options: [OptionSpec] = [
        .option("--out", "-o", value: "DIR", help: "Folder for the rendered files (default: the report's folder)"),
    ]

    static var help: String {
        """
        Usage: rehearsal report REPORT.json [options]

        Reads a report.json written by `rehearsal run` (schema version \(ReportDocument.readableVersions.lowerBound) to \
        \(ReportDocument.readableVersions.upperBound)) and writes the files rendered from it: \
        \(ReportFiles.renderedNames.joined(separator: ", ")). The report itself is never changed.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 written, 2 bad usage or an unreadable report.

        """
    }

    var reportPath: String
    var out: String?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: ReportCommand.options)
        guard let path = parsed.positionals.first else { throw UsageError("name the report.json to render") }
        guard parsed.positionals.count == 1 else { throw UsageError("one report at a time; got \(parsed.positionals.count) paths") }
        reportPath = path
        out = parsed.value("--out")
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        var path = reportPath
        if context.fileSystem.kind(of: path) == .directory { path = Path.join(path, "report.json") }
        guard context.fileSystem.kind(of: path) == .file else { throw InputError(file: path, message: "no such file") }
        let document = try ReportDocument.parse(try context.fileSystem.readText(at: path), file: path)
        let written = try ReportFiles.writeRendered(document, to: out ?? Path.parent(of: path), context: context)
        for file in written { context.output("wrote \(file)\n") }
        return .success
    }
}
