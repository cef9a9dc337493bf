import RehearsalCore
import RehearsalReports
import RehearsalScenarios

/// `rehearsal report`: renders `report.html`, `junit.xml` and `summary.md` again from a `report.json`, so a report
/// archived by CI can be read later, or rendered by a newer rehearsal. With `--baseline` it gates the report
/// without running anything (the merged report of a sharded CI run), with the same options and code as `run`.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Render report.html, junit.xml and summary.md from a report.json; gate it on a baseline"

    static let options: [OptionSpec] = [
        .option("--out", "-o", value: "DIR", help: "Folder for the rendered files (default: the report's folder)"),
    ] + GateOption.options

    static var help: String {
        """
        Usage: rehearsal report REPORT.json [options]

        Reads a report.json written by `rehearsal run` (schema version \(ReportDocument.readableVersions.lowerBound) to \
        \(ReportDocument.readableVersions.upperBound)) and writes the files rendered from it: \
        \(ReportFiles.renderedNames.joined(separator: ", ")). The report itself is never changed.

        With --baseline FILE it compares the report with a baseline, prints every regression and adds them to
        summary.md; the thresholds are the report's configuration's `gate`, else the defaults, and the flags override
        them. --save-baseline FILE writes the report's baseline (see docs/baseline.md).

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 written, 2 bad usage or an unreadable report or baseline. With --fail-on-regression: 1 a
        regression against the baseline (known failures allowed).

        """
    }

    var reportPath: String
    var out: String?
    /// `--baseline`, `--fail-on-regression`, the gate's thresholds and `--save-baseline`.
    var gate: GateOption.Choice

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: ReportCommand.options)
        guard let path = parsed.positionals.first else { throw UsageError("name the report.json to render") }
        guard parsed.positionals.count == 1 else { throw UsageError("one report at a time; got \(parsed.positionals.count) paths") }
        reportPath = path
        out = parsed.value("--out")
        gate = try GateOption.choice(parsed)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        var path = reportPath
        if context.fileSystem.kind(of: path) == .directory { path = Path.join(path, "report.json") }
        guard context.fileSystem.kind(of: path) == .file else { throw InputError(file: path, message: "no such file") }
        let document = try ReportDocument.parse(try context.fileSystem.readText(at: path), file: path)
        // A shard holds part of the suite: gating it, or saving it as a baseline, would miss the other shards' runs.
        if let shard = document.json["shard"], shard != .null,
            let option = gate.baselinePath != nil ? "--baseline" : gate.savePath != nil ? "--save-baseline" : nil
        {
            throw UsageError("\(option) needs the whole suite, and \(path) is shard \(shard["index"]?.serialized() ?? "?")/\(shard["count"]?.serialized() ?? "?"): merge the shards first (`rehearsal merge`) and use it on the merged report")
        }
        let baseline = try gate.readBaseline(in: context)
        let result = gate.check(document, against: baseline, configured: try ReportCommand.thresholds(of: document, file: path))
        let written = try ReportFiles.writeRendered(document, to: out ?? Path.parent(of: path), gate: result, context: context)
        for file in written { context.output("wrote \(file)\n") }
        if let saved = try gate.saveBaseline(of: document, in: context) { context.output("wrote \(saved) (baseline)\n") }
        if let result { context.output(SummaryPrinter(color: context.usesColor).render(result)) }
        return gate.exitCode(result, usual: .success)
    }

    /// The gate thresholds the report's configuration set (`configuration.gate`), else the defaults.
    /// - Throws: ``InputError`` when the report has a `gate` object that does not read.
    static func thresholds(of document: ReportDocument, file: String) throws(InputError) -> GateThresholds {
        let path = JSONPath.root.appending("configuration").appending("gate")
        guard let json = document.json.value(at: path), json != .null else { return GateThresholds() }
        do {
            return try GateThresholds(json: json, at: path)
        } catch let error as JSONDecodingError {
            throw InputError(file: file, path: error.path, message: error.message)
        } catch {
            throw InputError(file: file, path: path, message: "\(error)")
        }
    }
}
