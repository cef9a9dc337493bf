import RehearsalCore
import RehearsalReports
import RehearsalScenarios

/// `rehearsal trace`: one scenario run's whole reasoning chain from the run history, and where it went wrong.
struct TraceCommand: Command {
    static let name = "trace"
    static let abstract = "Show one scenario run step by step and where it went wrong"

    static let options: [OptionSpec] = [
        .option("--run", "-r", value: "RUN_ID", help: "The run to take it from when the trace id recurs (default: the newest)"),
        .option("--otlp", value: "FILE", help: "Also write it as OTLP/JSON (OpenTelemetry GenAI spans)"),
    ] + StoreOption.options

    static var help: String {
        """
        Usage: rehearsal trace TRACE_ID [options]

        Prints the scenario run with trace id TRACE_ID (or a unique prefix of it) from the run history: the first
        line says where it went wrong and why ("failed at step 3: called update_ticket, denied: missing scope
        tickets:write"), then every step with its thought, each tool call with its arguments, validation, gateway
        decision, approval and observation, handoffs nested, tokens, cost and virtual latency. Trace ids come from
        the configuration, scenario and trial, so one recurs in every run of a configuration: the newest run's is
        shown unless --run says which.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 shown, 2 bad usage, no such trace, or no readable history.

        """
    }

    var traceID: String
    var runID: String?
    var otlpPath: String?
    var database: StoreOption.Choice

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: TraceCommand.options)
        guard parsed.positionals.count == 1, let id = parsed.positionals.first else {
            throw UsageError(parsed.positionals.isEmpty ? "name the trace id to show (report.json and report.html show them)" : "one trace id at a time")
        }
        guard !id.isEmpty, id.count <= 32, id.allSatisfy(\.isHexDigit) else {
            throw UsageError("a trace id is up to 32 hex digits; got \(id)")
        }
        traceID = id.lowercased()
        runID = parsed.value("--run")
        otlpPath = parsed.value("--otlp")
        database = try StoreOption.readingChoice(parsed, command: "trace")
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let path = database.path(in: context) ?? context.databasePath
        let store = try StoreOption.openExisting(path, context: context)
        var matches = try store.scenarioRuns(traceIDPrefix: traceID)
        if let runID {
            guard let run = try store.run(runID) else { throw CommandError("\(path): no run \(runID); `rehearsal history` lists the runs") }
            matches = matches.filter { $0.runID == run.id }
        }
        guard let chosen = matches.first else {
            throw CommandError("\(path): no scenario run with trace id \(traceID)\(runID.map { " in run \($0)" } ?? "")")
        }
        let traceIDs = Set(matches.map(\.traceID))
        guard traceIDs.count == 1 else {
            let listed = traceIDs.sorted().prefix(5).map { id in "\(id) (\(matches.first { $0.traceID == id }!.scenarioID))" }
            throw CommandError("trace id prefix \(traceID) matches \(traceIDs.count) traces: \(listed.joined(separator: ", "))\(traceIDs.count > 5 ? ", …" : ""); give more digits")
        }
        let run = try store.run(chosen.runID)
        context.output(TraceWriter.render(chosen, of: run, options: .init(color: context.usesColor)))
        if matches.count > 1 {
            let others = matches.dropFirst().prefix(3).map(\.runID).joined(separator: ", ")
            context.diagnostics("note: trace \(chosen.traceID) is also in \(matches.count - 1) earlier run\(matches.count == 2 ? "" : "s") (\(others)\(matches.count > 4 ? ", …" : "")); --run RUN_ID picks one\n")
        }
        if let otlpPath, let run {
            do {
                try context.writeFile(otlpPath, try OTLPTraceWriter.render([chosen], of: run))
            } catch let error as OTLPExportError {
                throw CommandError("could not export the trace as OTLP: \(error.message)")
            }
            context.diagnostics("wrote \(otlpPath)\n")
        }
        return .success
    }
}
