import Foundation
public import RehearsalCore

/// `rehearsal history` as text and JSON: the stored runs over time, and one scenario's verdicts over them.
///
/// Both views list runs **newest first**, as the store returns them and as `git log` does: the run just made is the
/// first row. A run's figures come from its stored `summary` (report.json's `summary`); an incomplete run (killed
/// before it finished, or still running) has none and shows dashes. Each complete run's figures are marked with
/// their change against the previous complete run **of the same suite and configuration** (the next such row
/// down), since runs under different configurations differ by design: `↓ 2.9 pts`, `↑ $0.0100`. A change that does
/// not show at the figure's precision is not marked. Strings from the store (ids, names, failure reasons) are made
/// inert for the terminal. The JSON shapes are documented in docs/history.md.
public enum HistoryWriter {
    /// How the text is laid out.
    public struct Options: Sendable, Hashable {
        /// ANSI colour: improvements green, regressions and failures red. Callers honour `NO_COLOR`.
        public var color: Bool

        /// Options with colour off.
        public init(color: Bool = false) {
            self.color = color
        }
    }

    // MARK: - Runs

    /// The table of `runs` (newest first), one row per run, with a closing line that says how to read it.
    public static func render(_ runs: [StoredRun], options: Options = Options()) -> String {
        guard !runs.isEmpty else { return "no runs in the store\n" }
        let rows = RunRow.rows(runs)
        var table: [[String]] = [
            [
                "run", "started", "configuration", "status", "passed", "tool-choice F1", "cost", "p95 latency",
                "router savings",
            ]
        ]
        for row in rows {
            let paint = { (text: String, style: TerminalText.Style) in style.apply(text, enabled: options.color) }
            var cells = [
                TerminalText.inert(row.run.id), TerminalText.inert(row.run.startedAt),
                TerminalText.inert(row.run.configuration),
            ]
            guard let figures = row.figures else {
                cells.append(paint("incomplete", .yellow))
                cells.append("–/\(row.run.expectedScenarioRuns)")
                cells += ["–", "–", "–", "–"]
                table.append(cells)
                continue
            }
            cells.append("complete")
            let previous = row.previous
            cells.append(
                "\(figures.passed)/\(figures.total) \(ReportFormat.percent(figures.passRate * 100))"
                    + mark(figures.passRate, previous?.passRate, higherIsBetter: true, options: options) {
                        ReportFormat.percent($0 * 100)
                    } shown: {
                        String(format: "%.1f pts", $0 * 100)
                    })
            cells.append(
                figures.f1.map {
                    ReportFormat.fraction($0)
                        + mark($0, previous?.f1, higherIsBetter: true, options: options, ReportFormat.fraction) {
                            ReportFormat.fraction($0)
                        }
                }
                    ?? "–")
            cells.append(
                figures.costUSD.map {
                    ReportFormat.usd($0)
                        + mark($0, previous?.costUSD, higherIsBetter: false, options: options, ReportFormat.usd) {
                            ReportFormat.usd($0)
                        }
                }
                    ?? "–")
            cells.append(
                figures.p95Ms.map {
                    ReportFormat.seconds($0)
                        + mark($0, previous?.p95Ms, higherIsBetter: false, options: options, ReportFormat.seconds) {
                            ReportFormat.seconds($0)
                        }
                }
                    ?? "–")
            cells.append(
                figures.savingsPct.map {
                    ReportFormat.percent($0)
                        + mark($0, previous?.savingsPct, higherIsBetter: true, options: options, ReportFormat.percent) {
                            String(format: "%.1f pts", $0)
                        }
                } ?? "–")
            table.append(cells)
        }
        var text = layout(table)
        let complete = rows.filter { $0.figures != nil }.count
        text += "\(runs.count) run\(runs.count == 1 ? "" : "s") (\(complete) complete), newest first; "
        text += "changes are against the previous complete run of the same suite and configuration\n"
        return text
    }

    /// `runs` (newest first) as JSON: `{"order": "newest first", "runs": [...]}`; see docs/history.md.
    public static func json(_ runs: [StoredRun]) -> JSONValue {
        let rows = RunRow.rows(runs).map { row -> JSONValue in
            let run = row.run
            var members: [String: JSONValue] = [
                "id": .string(run.id), "startedAt": .string(run.startedAt),
                "finishedAt": run.finishedAt.map(JSONValue.string) ?? .null,
                "status": .string(row.figures == nil ? "incomplete" : "complete"), "suite": .string(run.suite),
                "configuration": .string(run.configuration), "configurationDigest": .string(run.configurationDigest),
                "rehearsalVersion": .string(run.rehearsalVersion),
                "expectedScenarioRuns": .number(Double(run.expectedScenarioRuns)),
            ]
            let figures = row.figures
            members["passed"] = figures.map { .number(Double($0.passed)) } ?? .null
            members["scenarioRuns"] = figures.map { .number(Double($0.total)) } ?? .null
            members["passRate"] = figures.map { .number($0.passRate) } ?? .null
            members["toolChoiceF1"] = figures?.f1.map(JSONValue.number) ?? .null
            members["costUsd"] = figures?.costUSD.map(JSONValue.number) ?? .null
            members["p95Ms"] = figures?.p95Ms.map(JSONValue.number) ?? .null
            members["routerSavingsPct"] = figures?.savingsPct.map(JSONValue.number) ?? .null
            members["comparedWith"] = row.previousID.map(JSONValue.string) ?? .null
            if let figures, let previous = row.previous {
                var changes: [String: JSONValue] = ["passRate": .number(figures.passRate - previous.passRate)]
                changes["toolChoiceF1"] = difference(figures.f1, previous.f1)
                changes["costUsd"] = difference(figures.costUSD, previous.costUSD)
                changes["p95Ms"] = difference(figures.p95Ms, previous.p95Ms)
                changes["routerSavingsPct"] = difference(figures.savingsPct, previous.savingsPct)
                members["changes"] = .object(changes)
            } else {
                members["changes"] = .null
            }
            return .object(members)
        }
        return ["order": "newest first", "runs": .array(rows)]
    }

    // MARK: - One scenario

    /// One scenario's runs (newest first, as the store returns them), with a first line saying when it last went
    /// from passing to failing. `runs` gives the runs' start times; a run missing from it shows no date.
    public static func render(
        _ scenarioRuns: [StoredScenarioRun], of scenarioID: String, runs: [StoredRun], options: Options = Options()
    ) -> String {
        let id = TerminalText.inert(scenarioID)
        guard !scenarioRuns.isEmpty else { return "no runs of \(id) in the store\n" }
        let started = Dictionary(runs.map { ($0.id, $0.startedAt) }, uniquingKeysWith: { first, _ in first })
        let trend = ScenarioTrend(scenarioRuns, started: started)
        var text = "\(id): \(TerminalText.inert(trend.summary))\n\n"
        var table: [[String]] = [["run", "started", "result", "model", "cost", "latency", "first failure"]]
        for scenarioRun in scenarioRuns {
            let label = scenarioRun.trial == 0 ? scenarioRun.runID : "\(scenarioRun.runID)#\(scenarioRun.trial)"
            table.append([
                TerminalText.inert(label), started[scenarioRun.runID].map(TerminalText.inert) ?? "–",
                scenarioRun.passed
                    ? TerminalText.Style.green.apply("PASS", enabled: options.color)
                    : TerminalText.Style.red.apply("FAIL", enabled: options.color),
                scenarioRun.model.map(TerminalText.inert) ?? "–", ReportFormat.usd(scenarioRun.costUSD),
                ReportFormat.seconds(scenarioRun.latencyMs),
                scenarioRun.failures.first.map {
                    TerminalText.clipped($0, limit: 100)
                        + (scenarioRun.failures.count > 1 ? " (+\(scenarioRun.failures.count - 1) more)" : "")
                } ?? "",
            ])
        }
        text += layout(table)
        return text
    }

    /// One scenario's runs as JSON: `{"scenario", "order", "trend", "summary", "lastChangedToFailIn", "passingAgainIn", "runs"}`;
    /// see docs/history.md.
    public static func json(_ scenarioRuns: [StoredScenarioRun], of scenarioID: String, runs: [StoredRun]) -> JSONValue
    {
        let started = Dictionary(runs.map { ($0.id, $0.startedAt) }, uniquingKeysWith: { first, _ in first })
        let trend = ScenarioTrend(scenarioRuns, started: started)
        func reference(_ id: String?) -> JSONValue {
            guard let id else { return .null }
            return ["run": .string(id), "startedAt": started[id].map(JSONValue.string) ?? .null]
        }
        let rows = scenarioRuns.map { scenarioRun -> JSONValue in
            [
                "run": .string(scenarioRun.runID), "trial": .number(Double(scenarioRun.trial)),
                "startedAt": started[scenarioRun.runID].map(JSONValue.string) ?? .null,
                "passed": .bool(scenarioRun.passed), "model": scenarioRun.model.map(JSONValue.string) ?? .null,
                "costUsd": .number(scenarioRun.costUSD),
                "latencyMs": .number(scenarioRun.latencyMs), "stopReason": .string(scenarioRun.stopReason),
                "traceId": .string(scenarioRun.traceID),
                "firstFailure": scenarioRun.failures.first.map(JSONValue.string) ?? .null,
            ]
        }
        return [
            "scenario": .string(scenarioID), "order": "newest first", "trend": .string(trend.kind),
            "summary": .string(trend.summary),
            "lastChangedToFailIn": reference(trend.failedIn), "passingAgainIn": reference(trend.recoveredIn),
            "runs": .array(rows),
        ]
    }

    // MARK: - Parts

    /// The headline figures of a complete run, from its stored summary.
    struct Figures {
        var passed: Int
        var total: Int
        var passRate: Double
        var f1: Double?
        var costUSD: Double?
        var p95Ms: Double?
        /// Nil when there was no always-strong baseline to compare with.
        var savingsPct: Double?

        init?(_ summary: JSONValue?) {
            guard let summary, let passed = summary["passed"]?.numberValue,
                let total = summary["scenarios"]?.numberValue
            else { return nil }
            self.passed = Int(passed)
            self.total = Int(total)
            passRate = total > 0 ? passed / total : 0
            f1 = summary["toolChoice"]?["f1"]?.numberValue
            costUSD = summary["cost"]?["usd"]?.numberValue
            p95Ms = summary["latency"]?["p95Ms"]?.numberValue
            let baseline = summary["router"]?["baselineUsd"]?.numberValue ?? 0
            savingsPct = baseline > 0 ? summary["router"]?["savingsPct"]?.numberValue : nil
        }
    }

    /// A run with its figures and those of the run it is compared with.
    struct RunRow {
        var run: StoredRun
        var figures: Figures?
        var previous: Figures?
        var previousID: String?

        /// The rows of `runs` (newest first), each compared with the next older complete run of its suite and configuration.
        static func rows(_ runs: [StoredRun]) -> [RunRow] {
            runs.enumerated().map { index, run in
                let figures = run.status == .complete ? Figures(run.summary) : nil
                let older = runs[(index + 1)...].first { other in
                    other.suite == run.suite && other.configuration == run.configuration && other.status == .complete
                        && Figures(other.summary) != nil
                }
                return RunRow(
                    run: run, figures: figures, previous: figures == nil ? nil : older.flatMap { Figures($0.summary) },
                    previousID: figures == nil ? nil : older?.id)
            }
        }
    }

    /// When a scenario last went from passing to failing, over its runs oldest to newest; a run counts as passing
    /// when all its trials passed.
    struct ScenarioTrend {
        /// `neverFailed`, `failedSinceFirstRun`, `failing` or `passingAgain`.
        var kind: String
        var summary: String
        /// The run where it last went from passing to failing.
        var failedIn: String?
        /// The run where it passed again after that.
        var recoveredIn: String?

        init(_ scenarioRuns: [StoredScenarioRun], started: [String: String]) {
            // Runs oldest first, each passing when every trial of it passed.
            var order: [String] = []
            var passing: [String: Bool] = [:]
            for scenarioRun in scenarioRuns.reversed() {
                if passing[scenarioRun.runID] == nil { order.append(scenarioRun.runID) }
                passing[scenarioRun.runID] = (passing[scenarioRun.runID] ?? true) && scenarioRun.passed
            }
            let verdicts = order.map { passing[$0]! }
            func named(_ id: String) -> String { started[id].map { "run \(id) (\($0))" } ?? "run \(id)" }
            let count = "\(order.count) run\(order.count == 1 ? "" : "s")"
            if !verdicts.contains(false) {
                kind = "neverFailed"
                summary = "has not failed in \(count)"
                return
            }
            guard let lastBreak = verdicts.indices.dropFirst().last(where: { !verdicts[$0] && verdicts[$0 - 1] }) else {
                // Failing from the first run on, and never passing since.
                if !verdicts.contains(true) {
                    kind = "failedSinceFirstRun"
                    summary = "has failed since its first run (\(count))"
                } else {
                    // It failed first and passes now, without ever breaking again.
                    let recovered = order[verdicts.firstIndex(of: true)!]
                    kind = "passingAgain"
                    summary = "failed in its first run; passing since \(named(recovered))"
                    recoveredIn = recovered
                }
                return
            }
            failedIn = order[lastBreak]
            summary = "last changed from pass to fail in \(named(order[lastBreak]))"
            if let recovered = verdicts[lastBreak...].firstIndex(of: true) {
                kind = "passingAgain"
                recoveredIn = order[recovered]
                summary += "; passing again since \(named(order[recovered]))"
            } else {
                kind = "failing"
            }
        }
    }

    /// ` ↓ 2.9 pts`: the change from `old` to `new` when it shows at the figure's precision (`format`), in `shown`'s
    /// words; green when for the better, red when for the worse (with colour on).
    static func mark(
        _ new: Double, _ old: Double?, higherIsBetter: Bool, options: Options, _ format: (Double) -> String,
        shown: (Double) -> String
    ) -> String {
        guard let old, format(new) != format(old) else { return "" }
        let delta = new - old
        let text = " " + (delta > 0 ? "↑ " : "↓ ") + shown(abs(delta))
        let better = (delta > 0) == higherIsBetter
        return (better ? TerminalText.Style.green : TerminalText.Style.red).apply(text, enabled: options.color)
    }

    static func difference(_ new: Double?, _ old: Double?) -> JSONValue {
        guard let new, let old else { return .null }
        return .number(new - old)
    }

    /// Rows as columns two spaces apart, padded by their visible width (escape codes do not count).
    static func layout(_ table: [[String]]) -> String {
        let widths = (0..<(table.first?.count ?? 0)).map { column in table.map { visibleWidth($0[column]) }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1
                    ? cell : cell + String(repeating: " ", count: widths[column] - visibleWidth(cell))
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    /// The number of characters a terminal shows for `text`: ANSI escape sequences take none.
    static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = self
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
