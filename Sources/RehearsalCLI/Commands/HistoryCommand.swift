import RehearsalCore
import RehearsalReports
import RehearsalScenarios

/// `rehearsal history`: runs over time from the run history, or one scenario's verdicts over them.
struct HistoryCommand: Command {
    static let name = "history"
    static let abstract = "Show runs over time, or one scenario's results across runs"

    static let options: [OptionSpec] = [
        .option("--scenario", "-s", value: "ID", help: "One scenario's results across runs, and when it last went from pass to fail"),
        .option("--last", "-n", value: "N", help: "Only the N most recent runs (default: all)"),
        .flag("--json", help: "JSON on standard output instead of a table (see docs/history.md)"),
    ] + StoreOption.options

    static var help: String {
        """
        Usage: rehearsal history [options]

        Lists the runs in the run history, newest first: when, which configuration, whether it finished, pass rate,
        tool-choice F1, cost, p95 latency and router savings, each marked with its change against the previous
        complete run of the same configuration. With --scenario, one scenario's result in each run and the run in
        which it last went from pass to fail. An incomplete run can be finished with `rehearsal run --resume ID`.

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 shown, 2 bad usage or no readable history.

        """
    }

    var scenario: String?
    var last: Int?
    var json: Bool
    var database: StoreOption.Choice

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: HistoryCommand.options)
        guard parsed.positionals.isEmpty else { throw UsageError("history takes no paths; got \(parsed.positionals.joined(separator: " "))") }
        scenario = parsed.value("--scenario")
        if let text = parsed.value("--last") {
            guard let value = Int(text), value > 0 else { throw UsageError("--last needs a positive integer, got \(text)") }
            last = value
        }
        json = parsed.has("--json")
        database = try StoreOption.readingChoice(parsed, command: "history")
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let path = database.path(in: context) ?? context.databasePath
        let store = try StoreOption.openExisting(path, context: context)
        let color = context.usesColor
        if let scenario {
            let runs = try store.runs(last: nil)
            let results = try store.history(ofScenario: scenario, last: last)
            guard !results.isEmpty else {
                throw CommandError("\(path): no run has scenario \(scenario); `rehearsal history` lists the runs")
            }
            context.output(json
                ? HistoryWriter.json(results, of: scenario, runs: runs).serialized(.pretty) + "\n"
                : HistoryWriter.render(results, of: scenario, runs: runs, options: .init(color: color)))
        } else {
            let runs = try store.runs(last: last)
            context.output(json ? HistoryWriter.json(runs).serialized(.pretty) + "\n" : HistoryWriter.render(runs, options: .init(color: color)))
        }
        return .success
    }
}
