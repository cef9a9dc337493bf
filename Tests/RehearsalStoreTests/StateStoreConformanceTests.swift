import Foundation
import RehearsalCore
import Testing

/// The ``StateStore`` contract, held against every implementation: the in-memory store and the SQLite store.
struct StateStoreConformanceTests {
    @Test(arguments: StoreFactory.all)
    func beginsRecordsFinishesAndReadsARunBack(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            let run = sampleRun("run-1")
            try store.beginRun(run)
            #expect(try store.run("run-1") == run)
            #expect(try store.run("run-1")?.status == .running)

            let first = sampleScenarioRun("returns.order-status", inRun: "run-1")
            let second = sampleScenarioRun("returns.final-sale", inRun: "run-1", passed: false)
            try store.record(first, inRun: "run-1")
            try store.record(second, inRun: "run-1")
            #expect(try store.scenarioRuns(inRun: "run-1") == [second, first])

            let summary: JSONValue = ["passed": 1, "failed": 1, "cost": ["usd": 0.02]]
            try store.finishRun("run-1", summary: summary, finishedAt: "2026-12-01T09:31:00Z")
            var finished = run
            finished.status = .complete
            finished.summary = summary
            finished.finishedAt = "2026-12-01T09:31:00Z"
            #expect(try store.run("run-1") == finished)
            #expect(try store.scenarioRuns(inRun: "run-1").count == 2)
        }
    }

    @Test(arguments: StoreFactory.all)
    func keepsARealReportEntryWhole(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("run-1"))
            let recorded = try SmallReport.entries().map { try SmallReport.scenarioRun($0, inRun: "run-1") }
            for scenario in recorded { try store.record(scenario, inRun: "run-1") }
            #expect(try store.scenarioRuns(inRun: "run-1") == recorded)
        }
    }

    @Test(arguments: StoreFactory.all)
    func replacesAScenarioRunRecordedAgain(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("run-1"))
            try store.record(sampleScenarioRun("returns.order-status", inRun: "run-1", passed: false), inRun: "run-1")
            try store.record(sampleScenarioRun("returns.order-status", trial: 1, inRun: "run-1"), inRun: "run-1")
            let again = sampleScenarioRun("returns.order-status", inRun: "run-1", passed: true, costUSD: 0.5)
            try store.record(again, inRun: "run-1")

            let stored = try store.scenarioRuns(inRun: "run-1")
            #expect(stored.map(\.trial) == [0, 1])
            #expect(stored.first == again)
        }
    }

    @Test(arguments: StoreFactory.all)
    func listsRunsNewestFirstThenByIDDescending(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("b", startedAt: "2026-12-01T10:00:00Z"))
            try store.beginRun(sampleRun("c", startedAt: "2026-12-01T09:00:00Z"))
            try store.beginRun(sampleRun("a", startedAt: "2026-12-01T10:00:00Z"))
            try store.beginRun(sampleRun("d", startedAt: "2026-12-02T08:00:00Z"))

            #expect(try store.runs(last: nil).map(\.id) == ["d", "b", "a", "c"])
            #expect(try store.runs(last: 2).map(\.id) == ["d", "b"])
            #expect(try store.runs(last: 10).map(\.id) == ["d", "b", "a", "c"])
            #expect(try store.runs(last: 0).isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all)
    func listsAScenarioRunsInScenarioThenTrialOrder(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("run-1"))
            try store.beginRun(sampleRun("run-2"))
            for (scenario, trial) in [("b", 1), ("a", 2), ("b", 0), ("a", 0), ("a", 1)] {
                try store.record(sampleScenarioRun(scenario, trial: trial, inRun: "run-1"), inRun: "run-1")
            }
            try store.record(sampleScenarioRun("a", inRun: "run-2"), inRun: "run-2")

            let order = try store.scenarioRuns(inRun: "run-1").map { "\($0.scenarioID)#\($0.trial)" }
            #expect(order == ["a#0", "a#1", "a#2", "b#0", "b#1"])
            #expect(try store.scenarioRuns(inRun: "run-2").count == 1)
            #expect(try store.scenarioRuns(inRun: "no-such-run").isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all)
    func listsAScenarioHistoryNewestRunFirstLimitedInRuns(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("old", startedAt: "2026-12-01T09:00:00Z"))
            try store.beginRun(sampleRun("without", startedAt: "2026-12-02T09:00:00Z"))
            try store.beginRun(sampleRun("new", startedAt: "2026-12-03T09:00:00Z"))
            try store.record(sampleScenarioRun("s", inRun: "old"), inRun: "old")
            try store.record(sampleScenarioRun("other", inRun: "without"), inRun: "without")
            try store.record(sampleScenarioRun("s", trial: 1, inRun: "new"), inRun: "new")
            try store.record(sampleScenarioRun("s", trial: 0, inRun: "new", passed: false), inRun: "new")
            try store.record(sampleScenarioRun("other", inRun: "new"), inRun: "new")

            let all = try store.history(ofScenario: "s", last: nil)
            #expect(all.map { "\($0.runID)#\($0.trial)" } == ["new#0", "new#1", "old#0"])
            // The limit counts runs, not scenario runs: the newest run's two trials.
            #expect(
                try store.history(ofScenario: "s", last: 1).map { "\($0.runID)#\($0.trial)" } == ["new#0", "new#1"])
            #expect(try store.history(ofScenario: "s", last: 0).isEmpty)
            #expect(try store.history(ofScenario: "unknown", last: nil).isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all)
    func findsARunByItsIDOrAUniquePrefix(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("20261201-093000-4f2a"))
            try store.beginRun(sampleRun("20261201-093000-4f2ab"))
            try store.beginRun(sampleRun("20261202-110000-9c1e"))

            #expect(try store.run("20261202")?.id == "20261202-110000-9c1e")
            // An exact id wins over the longer id it is a prefix of.
            #expect(try store.run("20261201-093000-4f2a")?.id == "20261201-093000-4f2a")
            #expect(try store.run("20261201-093000-4f2ab")?.id == "20261201-093000-4f2ab")
        }
    }

    @Test(arguments: StoreFactory.all)
    func refusesAPrefixMatchingSeveralRuns(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("20261201-093000-4f2a"))
            try store.beginRun(sampleRun("20261201-100000-77b0"))

            let error = #expect(throws: StateStoreError.self) { try store.run("20261201") }
            #expect(error?.code == "ambiguousPrefix")
            #expect(error?.message.contains("20261201-093000-4f2a, 20261201-100000-77b0") == true)
        }
    }

    @Test(arguments: StoreFactory.all)
    func answersNilForAnUnknownRunOrAnEmptyID(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            #expect(try store.run("run-1") == nil)
            try store.beginRun(sampleRun("run-1"))
            #expect(try store.run("run-2") == nil)
            #expect(try store.run("") == nil)
        }
    }

    @Test(arguments: StoreFactory.all)
    func refusesToRecordIntoOrFinishAnUnknownRun(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            let recording = #expect(throws: StateStoreError.self) {
                try store.record(sampleScenarioRun("s", inRun: "ghost"), inRun: "ghost")
            }
            #expect(recording?.code == "unknownRun")
            #expect(recording?.message.contains("ghost") == true)
            let finishing = #expect(throws: StateStoreError.self) {
                try store.finishRun("ghost", summary: [:], finishedAt: "2026-12-01T09:31:00Z")
            }
            #expect(finishing?.code == "unknownRun")
            #expect(try store.runs(last: nil).isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all)
    func refusesAScenarioRunOfAnotherRun(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("run-1"))
            try store.beginRun(sampleRun("run-2"))
            let error = #expect(throws: StateStoreError.self) {
                try store.record(sampleScenarioRun("s", inRun: "run-2"), inRun: "run-1")
            }
            #expect(error?.code == "runMismatch")
            #expect(try store.scenarioRuns(inRun: "run-1").isEmpty)
            #expect(try store.scenarioRuns(inRun: "run-2").isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all)
    func refusesADuplicateRunIDKeepingTheFirst(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            let first = sampleRun("run-1")
            try store.beginRun(first)
            try store.record(sampleScenarioRun("s", inRun: "run-1"), inRun: "run-1")
            var second = sampleRun("run-1", startedAt: "2026-12-05T00:00:00Z")
            second.suite = "another"

            let error = #expect(throws: StateStoreError.self) { try store.beginRun(second) }
            #expect(error?.code == "duplicateRun")
            #expect(try store.run("run-1") == first)
            #expect(try store.scenarioRuns(inRun: "run-1").count == 1)
        }
    }

    @Test(arguments: StoreFactory.all)
    func findsScenarioRunsByTraceIDPrefixNewestRunFirst(_ factory: StoreFactory) throws {
        try withTemporaryFolder { folder in
            let store = try factory.make(folder)
            try store.beginRun(sampleRun("old", startedAt: "2026-12-01T09:00:00Z"))
            try store.beginRun(sampleRun("new", startedAt: "2026-12-02T09:00:00Z"))
            let trace = "cb5b1a1ef1e13b3c8b48c1e98c1ba65b"
            try store.record(sampleScenarioRun("s", inRun: "old", traceID: trace), inRun: "old")
            try store.record(sampleScenarioRun("s", inRun: "new", traceID: trace), inRun: "new")
            try store.record(
                sampleScenarioRun("t", inRun: "new", traceID: "cb5b00000000000000000000000000ff"), inRun: "new")
            try store.record(
                sampleScenarioRun("u", inRun: "new", traceID: "2ddbb00d3b3fd97d89cccb78928a7643"), inRun: "new")

            #expect(try store.scenarioRuns(traceIDPrefix: "CB5B1A").map(\.runID) == ["new", "old"])
            #expect(try store.scenarioRuns(traceIDPrefix: trace).map(\.scenarioID) == ["s", "s"])
            #expect(
                try store.scenarioRuns(traceIDPrefix: "cb5b").map { "\($0.runID)/\($0.scenarioID)" } == [
                    "new/s", "new/t", "old/s",
                ])
            #expect(try store.scenarioRuns(traceIDPrefix: "ffff").isEmpty)
            #expect(try store.scenarioRuns(traceIDPrefix: "").isEmpty)
        }
    }
}
