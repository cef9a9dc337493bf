import Foundation
import RehearsalCLI
import RehearsalCore
import RehearsalStore
import Testing

/// `rehearsal run` and the run history database: what it stores, and what survives a killed process.
struct RunHistoryTests {
    let scratch = Scratch()

    static let scenarios = CLIHarness.root + "/scenarios"

    @Test func storesTheRunAndEveryScenarioRun() async throws {
        let folder = try scratch.folder()
        let database = folder + "/history.sqlite"
        let result = await CLIHarness.run(["run", Self.scenarios, "--out", folder + "/out", "--db", database, "--no-sweep"])
        #expect(result.exitCode != .usage, "\(result.diagnostics)")
        let store = try SQLiteStateStore(path: database)
        let run = try #require(try store.runs(last: 1).first)
        #expect(run.status == .complete)
        #expect(result.output.contains("run:    \(run.id) in \(database)"))
        let stored = try store.scenarioRuns(inRun: run.id)
        #expect(stored.map(\.scenarioID) == CLIHarness.scenarioIDs)
        #expect(run.expectedScenarioRuns == stored.count)
        let report = try JSONParser.parse(String(contentsOfFile: folder + "/out/report.json", encoding: .utf8))
        #expect(report["environment"]?["runId"]?.stringValue == run.id)
        #expect(run.summary?["passed"] == report["summary"]?["passed"])
        let entries = report["scenarios"]?.arrayValue ?? []
        #expect(stored.map(\.entry) == entries, "the store keeps each scenario's report entry as written")
    }

    @Test func storesTheBaselinesTheSweepAddsAfterEachScenarioFinished() async throws {
        let folder = try scratch.folder()
        let database = folder + "/history.sqlite"
        let result = await CLIHarness.run([
            "run", Self.scenarios + "/procurement/laptops-within-budget.scenario.json", Self.scenarios + "/returns/order-status.scenario.json",
            "--out", folder + "/out", "--db", database,
        ])
        #expect(result.exitCode != .usage, "\(result.diagnostics)")
        let store = try SQLiteStateStore(path: database)
        let run = try #require(try store.runs(last: 1).first)
        let report = try JSONParser.parse(String(contentsOfFile: folder + "/out/report.json", encoding: .utf8))
        let entries = report["scenarios"]?.arrayValue ?? []
        #expect(entries.allSatisfy { $0["baselineCostUsd"]?.numberValue != nil }, "the sweep's always-strong runs gave every scenario a baseline")
        #expect(try store.scenarioRuns(inRun: run.id).map(\.entry) == entries)
    }

    @Test func writesNoDatabaseWithNoDB() async throws {
        let folder = try scratch.folder()
        let result = await CLIHarness.run(["run", Self.scenarios + "/returns/order-status.scenario.json", "--out", folder, "--no-db"])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(!result.output.contains("run:    "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasSuffix(".sqlite") })
    }

    @Test func refusesDBAndNoDBTogether() async {
        let result = await CLIHarness.run(["run", "--db", "x.sqlite", "--no-db"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("--db and --no-db contradict each other"))
    }

    @Test func refusesADatabaseFromANewerRehearsalAndRunsNothing() async throws {
        let folder = try scratch.folder()
        let database = folder + "/history.sqlite"
        do { _ = try SQLiteStateStore(path: database) }
        // A database from the future: the schema version SQLite keeps at bytes 60-63 of the file's header
        // (`PRAGMA user_version`), raised past what this build knows. The store was closed, so no WAL is pending.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: database)))
        try #require(bytes.count > 64 && !FileManager.default.fileExists(atPath: database + "-wal"))
        bytes.replaceSubrange(60..<64, with: [0, 0, 0x03, 0xE7])
        try Data(bytes).write(to: URL(fileURLWithPath: database))
        let result = await CLIHarness.run(["run", Self.scenarios + "/returns/order-status.scenario.json", "--out", folder + "/out", "--db", database])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains(database))
        #expect(result.diagnostics.contains("newer"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/report.json"))
    }

    @Test func refusesToResumeACompleteOrUnknownRun() async throws {
        let folder = try scratch.folder()
        let database = folder + "/history.sqlite"
        _ = await CLIHarness.run(["run", Self.scenarios + "/returns/order-status.scenario.json", "--out", folder + "/out", "--db", database])
        let id = try #require(try SQLiteStateStore(path: database).runs(last: 1).first?.id)
        let complete = await CLIHarness.run(["run", "--resume", id, "--db", database, "--out", folder + "/again"])
        #expect(complete.exitCode == .usage)
        #expect(complete.diagnostics.contains("run \(id) is complete; there is nothing to resume"))
        let unknown = await CLIHarness.run(["run", "--resume", "nope", "--db", database])
        #expect(unknown.exitCode == .usage)
        #expect(unknown.diagnostics.contains("no run nope"))
        let mixed = await CLIHarness.run(["run", "--resume", id, "--config", "x.json"])
        #expect(mixed.exitCode == .usage)
        #expect(mixed.diagnostics.contains("drop --config"))
    }

    /// `rehearsal run` killed with SIGKILL midway keeps every scenario run that had finished, the run stays
    /// incomplete, and `--resume` completes the same run with only the missing scenario runs written.
    @Test func survivesSIGKILLAndResumes() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ExecutableTests.binary), "build the package first")
        let suite = try scratch.copiesOfBuiltInSuite(20)
        let database = suite + "/history.sqlite"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExecutableTests.binary)
        process.arguments = ["run", suite + "/scenarios", "--out", suite + "/killed", "--db", database, "--no-sweep", "--no-baseline", "--parallel", "1"]
        process.currentDirectoryURL = URL(fileURLWithPath: suite)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Kill it once some scenario runs are stored, well before all are.
        var store: SQLiteStateStore?
        var stored = 0
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            // A blocking sleep on purpose: with other tests busy, an awaited sleep can wake too late to catch the
            // run midway. This keeps the thread, so the next look comes on time.
            usleep(20_000)
            if store == nil, FileManager.default.fileExists(atPath: database) { store = try? SQLiteStateStore(path: database) }
            if let id = try? store?.runs(last: 1).first?.id { stored = (try? store?.scenarioRuns(inRun: id).count) ?? 0 }
            if stored >= 5 { break }
        }
        try #require(process.isRunning, "the run finished before it could be killed; make the suite larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let reopened = try SQLiteStateStore(path: database)
        let run = try #require(try reopened.runs(last: 1).first)
        #expect(run.status == .running, "a killed run stays incomplete")
        let kept = try reopened.scenarioRuns(inRun: run.id)
        #expect(kept.count >= 5 && kept.count < run.expectedScenarioRuns)
        #expect(!FileManager.default.fileExists(atPath: suite + "/killed/report.json"))

        let resumed = await CLIHarness.run(["run", "--resume", run.id, "--db", database, "--out", suite + "/resumed"])
        #expect(resumed.exitCode != .usage, "\(resumed.diagnostics)")
        #expect(resumed.diagnostics.contains("resuming run \(run.id): \(kept.count) of \(run.expectedScenarioRuns) scenario runs were stored"))
        let completed = try #require(try reopened.run(run.id))
        #expect(completed.status == .complete)
        let all = try reopened.scenarioRuns(inRun: run.id)
        #expect(all.count == run.expectedScenarioRuns)
        for before in kept {
            #expect(all.first { $0.scenarioID == before.scenarioID && $0.trial == before.trial }?.entry == before.entry, "a stored scenario run is kept as it was")
        }
        let report = try JSONParser.parse(String(contentsOfFile: suite + "/resumed/report.json", encoding: .utf8))
        #expect(report["summary"]?["scenarios"]?.numberValue == Double(run.expectedScenarioRuns))
        #expect(report["environment"]?["runId"]?.stringValue == run.id)
        #expect(try reopened.runs(last: nil).count == 1, "resuming completes the same run, not a new one")
    }

    /// Two `rehearsal run` processes writing one database at once both complete and lose nothing.
    @Test func twoProcessesWriteOneDatabaseAtOnce() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ExecutableTests.binary), "build the package first")
        let folder = try scratch.folder()
        let database = folder + "/history.sqlite"
        let processes = (0..<2).map { index in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ExecutableTests.binary)
            process.arguments = ["run", "scenarios", "--out", folder + "/out-\(index)", "--db", database, "--no-sweep", "--parallel", "1"]
            process.currentDirectoryURL = URL(fileURLWithPath: CLIHarness.root)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationReason == .exit && $0.terminationStatus <= 1 }, "\(processes.map(\.terminationStatus))")
        let store = try SQLiteStateStore(path: database)
        let runs = try store.runs(last: nil)
        #expect(runs.count == 2)
        for run in runs {
            #expect(run.status == .complete)
            #expect(try store.scenarioRuns(inRun: run.id).count == CLIHarness.scenarioIDs.count)
        }
    }
}
