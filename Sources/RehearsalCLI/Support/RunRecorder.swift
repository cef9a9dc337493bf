import RehearsalCore
import RehearsalEvaluation
import RehearsalReports
import RehearsalScenarios
import Synchronization

/// Keeps one `rehearsal run` in the run history as it happens: the run when it starts, each scenario run the moment
/// it finishes (one transaction each, so a run killed midway keeps what had finished), and at the end the suite's
/// summary, which marks the run complete; with a router sweep, every scenario run is stored again first, since its
/// always-strong baseline is only known once the sweep has run.
///
/// A failed write does not stop the run: the report is still written, and the first error is raised afterwards
/// (``finish(results:rewriting:summary:finishedAt:)``), so nothing already measured is lost.
final class RunRecorder: Sendable {
    let store: any StateStore
    let runID: String
    /// The database file, for messages.
    let path: String
    /// Scenario runs already stored when resuming, by scenario and trial, with their stored entries.
    let stored: [ScenarioRunner.RunKey: JSONValue]
    private let failure = Mutex<String?>(nil)
    private let drift = Mutex<[String]>([])

    init(store: any StateStore, runID: String, path: String, stored: [ScenarioRunner.RunKey: JSONValue] = [:]) {
        self.store = store
        self.runID = runID
        self.path = path
        self.stored = stored
    }

    /// Records a scenario run that just finished; when resuming, checks a stored one instead of writing it again.
    func finished(_ result: ScenarioResult) {
        let entry = JSONReportWriter.entry(for: result)
        let key = ScenarioRunner.RunKey(scenarioID: result.scenario.id, trial: result.trial)
        if let previous = stored[key] {
            // Replay is deterministic: a stored scenario run must come out the same, or its inputs changed.
            if RunRecorder.comparable(previous) != RunRecorder.comparable(entry) {
                drift.withLock { $0.append(result.trial == 0 ? result.scenario.id : "\(result.scenario.id)#\(result.trial)") }
            }
            return
        }
        write(result, entry: entry)
    }

    /// Scenario runs stored before a resume that did not come out the same this time.
    var drifted: [String] { drift.withLock { $0 } }

    /// Marks the run complete with its summary, first storing every scenario run again as the report has it
    /// (`entries`, in the order of `results`) when figures were added after it finished (`rewriting`: the sweep's
    /// always-strong runs became the baselines, and each entry carries its part of the sweep).
    /// - Throws: ``CommandError`` with the first store error of the run, if any.
    func finish(results: [ScenarioResult], entries: [JSONValue], rewriting: Bool, summary: JSONValue, finishedAt: String) throws(CommandError) {
        if rewriting {
            for (result, entry) in zip(results, entries) { write(result, entry: entry) }
        }
        if failure.withLock({ $0 }) == nil {
            do {
                try store.finishRun(runID, summary: summary, finishedAt: finishedAt)
            } catch {
                failure.withLock { $0 = $0 ?? error.message }
            }
        }
        if let message = failure.withLock({ $0 }) {
            throw CommandError("could not store run \(runID): \(StoreOption.placed(message, in: path)); the report files were written, the run history is incomplete")
        }
    }

    private func write(_ result: ScenarioResult, entry: JSONValue) {
        guard failure.withLock({ $0 }) == nil else { return }
        do {
            try store.record(RunRecorder.record(result, entry: entry, runID: runID), inRun: runID)
        } catch {
            failure.withLock { $0 = $0 ?? error.message }
        }
    }

    /// The store's record of `result`.
    static func record(_ result: ScenarioResult, entry: JSONValue, runID: String) -> StoredScenarioRun {
        StoredScenarioRun(
            runID: runID, scenarioID: result.scenario.id, trial: result.trial, traceID: result.run.traceID.hex, family: result.scenario.family,
            passed: result.passed, model: result.run.model, costUSD: result.run.costUSD, latencyMs: result.run.durationMs,
            stopReason: result.run.stopReason.code, failures: result.failures, entry: entry)
    }

    /// An entry without the figures that depend on other runs (the always-strong baseline and the router sweep),
    /// which a run killed before its sweep never stored.
    static func comparable(_ entry: JSONValue) -> JSONValue {
        guard case .object(var members) = entry else { return entry }
        members["baselineCostUsd"] = nil
        members["baselineNote"] = nil
        members["sweep"] = nil
        return .object(members)
    }
}
