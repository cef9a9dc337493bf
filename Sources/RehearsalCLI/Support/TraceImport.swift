import Foundation
import RehearsalCore
import RehearsalImport
import RehearsalReplay
import RehearsalScenarios

/// What `import` and `replay` share: reading a trace file in its format, and writing it as a suite with fixtures
/// recorded through the engine.
enum TraceImport {
    /// The options both commands take.
    static let options: [OptionSpec] = [
        .option("--format", "-f", value: "FORMAT", help: "The trace format: \(TraceFormats.all.map(\.name).joined(separator: ", ")) (default: told from the file)"),
        .option("--prices", value: "FILE", help: "Price table copied into the imported suite (default: scenarios/prices.json)"),
        .option("--only", value: "ID", repeatable: true, help: "Only the trace with scenario id ID, or those under it (ID.…); repeatable"),
    ]

    /// The traces in `file`, read as `format` (or as the format the file's shape says).
    /// - Throws: ``InputError`` for a file that is missing or does not read; ``UsageError`` for an unknown format.
    static func read(_ file: String, format: String?, only: [String] = [], context: CommandContext) throws -> (format: String, traces: [ImportedTrace]) {
        guard context.fileSystem.kind(of: file) == .file else { throw InputError(file: file, message: "no such file") }
        let text = try context.fileSystem.readText(at: file)
        let entry: TraceFormats.Entry
        if let format {
            guard let named = TraceFormats.named(format) else {
                throw UsageError("--format \(format): expected one of \(TraceFormats.all.map(\.name).joined(separator: ", "))")
            }
            entry = named
        } else {
            entry = try TraceFormats.detect(text, file: file)
        }
        var traces = try entry.traces(in: text, file: file)
        guard !traces.isEmpty else { throw InputError(file: file, message: "no traces found (read as \(entry.name))") }
        if !only.isEmpty {
            let all = traces
            // `…task-1` picks `…task-1.trial-0`, not `…task-10`: a prefix ends at a dot.
            traces = traces.filter { trace in only.contains { trace.id == $0 || trace.id.hasPrefix($0.hasSuffix(".") ? $0 : $0 + ".") } }
            guard !traces.isEmpty else {
                let examples = all.prefix(3).map(\.id).joined(separator: ", ")
                throw UsageError("--only \(only.joined(separator: ", ")): no trace in \(file) has that id; its \(all.count) traces are named like \(examples)")
            }
        }
        return (entry.name, traces)
    }

    /// The text of the price table to copy into the imported suite.
    static func prices(_ path: String?, context: CommandContext) throws -> (text: String, table: PriceTable, file: String) {
        let file = path ?? "scenarios/prices.json"
        guard context.fileSystem.kind(of: file) == .file else {
            throw path == nil
                ? CommandError("no price table: pass --prices FILE (the imported suite needs one to price the recorded tokens)")
                : InputError(file: file, message: "no such file")
        }
        let text = try context.fileSystem.readText(at: file)
        return (text, try JSONFile.decode(PriceTable.self, from: text, file: file), file)
    }

    /// What an import wrote.
    struct Outcome {
        var suite: Suite
        var prices: PriceTable
        var plan: SuiteImporter.Plan
        /// Trace id → why its recording does not reproduce it (empty when every trace replays as recorded).
        var problems: [String: [String]]
    }

    /// Writes `traces` as a suite into `folder` (which must be empty or missing) and records their fixtures.
    static func write(_ traces: [ImportedTrace], into folder: String, suiteName: String, prices: (text: String, table: PriceTable, file: String), context: CommandContext) async throws -> Outcome {
        switch context.fileSystem.kind(of: folder) {
        case .missing: break
        case .directory:
            guard try context.fileSystem.contents(of: folder).isEmpty else {
                throw CommandError("\(folder) is not empty; import into a new folder (--out DIR) so nothing there is overwritten")
            }
        default: throw CommandError("\(folder) is not a folder")
        }
        for model in Set(traces.map(\.agent.model)).sorted() where (try? prices.table.price(of: model)) == nil {
            let user = traces.first { $0.agent.model == model }!
            throw InputError(
                file: prices.file, path: JSONPath.root.appending("models"),
                message: "no price for \(model), which \(user.id) used; add it there or pass --prices FILE with a table that prices it")
        }
        let plan = try SuiteImporter.files(for: traces, suiteName: suiteName, prices: prices.text)
        let created = context.fileSystem.kind(of: folder) == .missing
        do {
            return try await record(traces, plan: plan, into: folder, prices: prices.table, context: context)
        } catch {
            // Half an import is no import: remove what this one created, and only that.
            if created { try? FileManager.default.removeItem(atPath: folder) }
            throw error
        }
    }

    private static func record(_ traces: [ImportedTrace], plan: SuiteImporter.Plan, into folder: String, prices: PriceTable, context: CommandContext) async throws -> Outcome {
        for file in plan.files { try context.writeFile(Path.join(folder, file.path), file.text) }
        let suite = try SuiteLoader(fileSystem: context.fileSystem).load(paths: [Path.join(folder, "scenarios")])
        var problems: [String: [String]] = [:]
        for trace in traces {
            guard let scenario = suite.scenarios.first(where: { $0.id == trace.id }) else { continue }
            let recording = await SuiteImporter.record(trace, scenario: scenario, suite: suite, prices: prices)
            let fixtures = suite.fixtureFolder(for: scenario)
            try context.writeFile(FixtureSet.llmFile(in: fixtures), JSONFile.lines(recording.llm.map(\.json)))
            try context.writeFile(FixtureSet.apiFile(in: fixtures), JSONFile.lines(recording.api.map(\.json)))
            if !recording.problems.isEmpty { problems[trace.id] = recording.problems }
        }
        return Outcome(suite: suite, prices: prices, plan: plan, problems: problems)
    }
}
