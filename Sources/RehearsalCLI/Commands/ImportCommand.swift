import RehearsalCore
import RehearsalImport
import RehearsalScenarios

/// `rehearsal import`: turns recorded agent runs (OTLP traces, OpenAI chat logs, τ-bench trajectories) into a suite
/// `rehearsal run` replays.
struct ImportCommand: Command {
    static let name = "import"
    static let abstract = "Turn recorded traces (OTLP, OpenAI chat logs, τ-bench) into scenarios with fixtures"

    static let options: [OptionSpec] = [
        .option("--out", "-o", value: "DIR", help: "Folder for the imported suite (default: reports/imported/<file name>); must be new or empty"),
        .option("--name", value: "NAME", help: "The suite's name (default: the file's name)"),
    ] + TraceImport.options

    static var help: String {
        """
        Usage: rehearsal import FILE [options]

        Reads FILE, runs recorded outside Rehearsal, and writes a suite into DIR: one scenario per trace or
        conversation, the agent as it ran (its prompt, on the model it used), its tools, a configuration and the
        fixtures, recorded by running the engine on the recorded turns and tool results so `rehearsal run DIR`
        replays them like any other suite. A trace whose content was not captured becomes a skeleton (tool order,
        models, tokens, latencies, errors), replayed in order. Formats: see docs/trace-formats.md.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 imported, 2 bad usage or a file that does not read (named with its place), nothing written.

        """
    }

    var file: String
    var out: String?
    var name: String?
    var format: String?
    var prices: String?
    var only: [String]

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: ImportCommand.options)
        guard let file = parsed.positionals.first else { throw UsageError("name the trace file to import") }
        guard parsed.positionals.count == 1 else { throw UsageError("one trace file at a time; got \(parsed.positionals.count) paths") }
        self.file = file
        out = parsed.value("--out")
        name = parsed.value("--name")
        format = parsed.value("--format")
        prices = parsed.value("--prices")
        only = parsed.values["--only"] ?? []
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let (format, traces) = try TraceImport.read(file, format: format, only: only, context: context)
        let stem = ImportCommand.stem(of: file)
        let folder = out ?? Path.join("reports/imported", stem)
        let outcome = try await TraceImport.write(traces, into: folder, suiteName: name ?? stem, prices: try TraceImport.prices(prices, context: context), context: context)
        let skeletons = traces.filter(\.skeleton).count
        context.output("imported \(traces.count) trace\(traces.count == 1 ? "" : "s") from \(file) (\(format)\(skeletons > 0 ? ", \(skeletons) skeleton\(skeletons == 1 ? "" : "s")" : "")) → \(folder)\n")
        let agents = Set(outcome.plan.agents.values).count
        let tools = outcome.plan.files.filter { $0.path.hasPrefix("tools/") }.count
        context.output("  \(traces.count) scenario\(traces.count == 1 ? "" : "s"), \(agents) agent\(agents == 1 ? "" : "s"), \(tools) tool\(tools == 1 ? "" : "s"); run it with: rehearsal run \(Path.join(folder, "scenarios"))\n")
        for note in outcome.plan.notes { context.diagnostics("note: \(note)\n") }
        for id in outcome.problems.keys.sorted() {
            context.diagnostics("warning: \(id): the recording does not replay to its end: \(outcome.problems[id]!.joined(separator: "; "))\n")
        }
        return .success
    }

    /// A file's name without its folder and extensions, as an id.
    static func stem(of file: String) -> String {
        let name = Path.name(of: file)
        return ImportedTrace.scenarioID(String(name.split(separator: ".").first ?? Substring(name)))
    }
}
