import RehearsalCore
import RehearsalReports
import RehearsalScenarios

/// `rehearsal merge`: joins the reports of a sharded run into the report a single machine would have written.
struct MergeCommand: Command {
    static let name = "merge"
    static let abstract = "Join the reports of `run --shard I/N` into one report"

    static let options: [OptionSpec] = [
        .option("--out", "-o", value: "DIR", help: "Folder for the merged report (default: reports/merged)"),
    ]

    static var help: String {
        """
        Usage: rehearsal merge SHARD... [options]

        Reads the report.json of every shard of a run (`rehearsal run --shard I/N`, one per CI machine; each SHARD is
        a report folder or a report.json) and writes the report one machine would have written: report.json with
        every scenario run in order and the suite's figures computed again from them (identical to a single run's,
        `environment` aside), and the files rendered from it: \(ReportFiles.renderedNames.joined(separator: ", ")).
        Every shard must be there, once, from the same suite, configuration and prices.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 every scenario passed, 1 a scenario failed, 2 bad usage or a missing, extra or mismatched shard.

        """
    }

    var paths: [String]
    var out: String

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: MergeCommand.options)
        guard !parsed.positionals.isEmpty else { throw UsageError("name the shard report folders (or report.json files) to merge") }
        paths = parsed.positionals
        out = parsed.value("--out") ?? "reports/merged"
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        var parts: [ReportMerger.Part] = []
        for given in paths {
            var path = given
            if context.fileSystem.kind(of: path) == .directory { path = Path.join(path, "report.json") }
            guard context.fileSystem.kind(of: path) == .file else {
                throw InputError(file: path, message: given == path ? "no such file" : "no report.json in this folder; expected a folder written by `rehearsal run --shard I/N --out DIR`")
            }
            parts.append(ReportMerger.Part(file: path, json: try JSONFile.parse(try context.fileSystem.readText(at: path), file: path)))
        }
        let merged = try ReportMerger.merge(parts)
        let written = try ReportFiles.write(json: merged, text: merged.serialized(.pretty) + "\n", to: out, context: context)
        let document = try ReportDocument(json: merged)
        context.output("merged \(parts.count) shard\(parts.count == 1 ? "" : "s"): \(document.summary.passed) of \(document.summary.scenarios) scenario runs passed\n")
        for file in written { context.output("wrote \(file)\n") }
        return document.summary.failed == 0 ? .success : .failure
    }
}
