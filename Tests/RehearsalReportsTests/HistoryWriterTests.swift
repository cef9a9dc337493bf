import Foundation
import RehearsalCore
import RehearsalReports
import Testing

struct HistoryWriterTests {
    /// report.json's `summary`, reduced to what history reads.
    static func summary(
        passed: Int, of total: Int, f1: Double, cost: Double, p95: Double, savings: Double, baseline: Double = 0.5
    ) -> JSONValue {
        [
            "scenarios": .number(Double(total)), "passed": .number(Double(passed)),
            "failed": .number(Double(total - passed)),
            "toolChoice": ["f1": .number(f1)], "cost": ["usd": .number(cost)], "latency": ["p95Ms": .number(p95)],
            "router": ["savingsPct": .number(savings), "baselineUsd": .number(baseline)],
        ]
    }

    static func run(_ id: String, day: Int, configuration: String = "router", summary: JSONValue?) -> StoredRun {
        StoredRun(
            id: id, startedAt: "2026-12-0\(day)T09:30:00Z",
            finishedAt: summary == nil ? nil : "2026-12-0\(day)T09:31:00Z",
            status: summary == nil ? .running : .complete, suite: "built-in", configuration: configuration,
            configurationDigest: "9f2c",
            arguments: [:], expectedScenarioRuns: 35, summary: summary, rehearsalVersion: "0.1.0")
    }

    /// Newest first: an incomplete run, a worse router run, an always-cheap run between them, the first router run.
    static let runs = [
        run("r4", day: 4, summary: nil),
        run("r3", day: 3, summary: summary(passed: 33, of: 35, f1: 0.97, cost: 0.4248, p95: 41_700, savings: 21.9)),
        run(
            "r2", day: 2, configuration: "always-cheap",
            summary: summary(passed: 15, of: 35, f1: 0.8, cost: 0.0265, p95: 3_000, savings: 0, baseline: 0)),
        run("r1", day: 1, summary: summary(passed: 34, of: 35, f1: 0.99, cost: 0.4148, p95: 40_469, savings: 24.97)),
    ]

    @Test func tabulatesRunsNewestFirstWithTheirChanges() {
        // r3 against r1 (the previous router run, not r2): 94.3% against 97.1% passing is 2.857 points down, F1 0.02
        // down, $0.0100 and 1,231 ms up, savings 21.9% against 24.97%, 3.07 points down.
        #expect(
            HistoryWriter.render(Self.runs) == """
                run  started               configuration  status      passed                 tool-choice F1  cost               p95 latency     router savings
                r4   2026-12-04T09:30:00Z  router         incomplete  –/35                   –               –                  –               –
                r3   2026-12-03T09:30:00Z  router         complete    33/35 94.3% ↓ 2.9 pts  0.97 ↓ 0.02     $0.4248 ↑ $0.0100  41.7 s ↑ 1.2 s  21.9% ↓ 3.1 pts
                r2   2026-12-02T09:30:00Z  always-cheap   complete    15/35 42.9%            0.80            $0.0265            3.0 s           –
                r1   2026-12-01T09:30:00Z  router         complete    34/35 97.1%            0.99            $0.4148            40.5 s          25.0%
                4 runs (3 complete), newest first; changes are against the previous complete run of the same suite and configuration

                """)
    }

    @Test func writesTheDocumentedJSON() throws {
        let json = HistoryWriter.json(Self.runs)
        #expect(json["order"] == "newest first")
        let rows = try #require(json["runs"]?.arrayValue)
        #expect(rows.map { $0["id"] } == ["r4", "r3", "r2", "r1"])
        #expect(rows[0]["status"] == "incomplete")
        #expect(rows[0]["passed"] == .null && rows[0]["changes"] == .null && rows[0]["finishedAt"] == .null)
        #expect(rows[0]["expectedScenarioRuns"] == 35)
        let r3 = rows[1]
        #expect(r3["status"] == "complete")
        #expect(r3["passed"] == 33 && r3["scenarioRuns"] == 35)
        #expect(
            r3["toolChoiceF1"] == 0.97 && r3["costUsd"] == 0.4248 && r3["p95Ms"] == 41_700
                && r3["routerSavingsPct"] == 21.9)
        #expect(r3["comparedWith"] == "r1")
        let changes = try #require(r3["changes"])
        #expect(abs((changes["passRate"]?.numberValue ?? 0) - (33.0 / 35 - 34.0 / 35)) < 1e-12)
        #expect(abs((changes["costUsd"]?.numberValue ?? 0) - 0.01) < 1e-12)
        #expect(changes["p95Ms"] == 1_231)
        #expect(rows[2]["routerSavingsPct"] == .null, "no baseline, no savings")
        #expect(rows[2]["comparedWith"] == .null)
        #expect(rows[3]["changes"] == .null, "the first router run has nothing to compare with")
        #expect(
            json.serialized().hasPrefix(
                #"{"order":"newest first","runs":[{"changes":null,"comparedWith":null,"configuration":"router""#))
    }

    @Test func marksNoChangeTooSmallToShow() {
        let runs = [
            Self.run(
                "b", day: 2,
                summary: Self.summary(passed: 34, of: 35, f1: 0.991, cost: 0.41480001, p95: 40_470, savings: 24.96)),
            Self.run(
                "a", day: 1,
                summary: Self.summary(passed: 34, of: 35, f1: 0.99, cost: 0.4148, p95: 40_469, savings: 24.97)),
        ]
        let text = HistoryWriter.render(runs)
        #expect(!text.contains("↑") && !text.contains("↓"))
    }

    @Test func colorsImprovementsGreenAndRegressionsRed() {
        let text = HistoryWriter.render(Self.runs, options: .init(color: true))
        #expect(text.contains("\u{1B}[31m ↓ 2.9 pts\u{1B}[0m"), "fewer passing is worse")
        #expect(text.contains("\u{1B}[31m ↑ $0.0100\u{1B}[0m"), "a higher cost is worse")
        let better = HistoryWriter.render([Self.runs[3], Self.runs[1]], options: .init(color: true))
        #expect(better.contains("\u{1B}[32m ↑ 2.9 pts\u{1B}[0m"))
        #expect(better.contains("\u{1B}[32m ↓ $0.0100\u{1B}[0m"))
        // Columns stay aligned: escape codes take no width.
        let lines = text.split(separator: "\n")
        #expect(
            HistoryWriterTests.visibleColumn(of: "complete", in: String(lines[2]))
                == HistoryWriterTests.visibleColumn(of: "complete", in: String(lines[4])))
    }

    @Test func saysWhenTheStoreHasNoRuns() {
        #expect(HistoryWriter.render([]) == "no runs in the store\n")
        #expect(HistoryWriter.json([]) == ["order": "newest first", "runs": []])
    }

    @Test func makesNamesFromTheStoreInert() {
        let run = Self.run("r\u{1B}[2J", day: 1, configuration: "evil\u{7}", summary: nil)
        let text = HistoryWriter.render([run])
        #expect(!text.contains("\u{1B}") && !text.contains("\u{7}"))
        #expect(text.contains("r\\u{1B}[2J") && text.contains("evil\\u{7}"))
    }

    // MARK: - One scenario

    static func scenarioRun(
        _ run: String, trial: Int = 0, passed: Bool, failure: String = "final answer does not mention \"2026-08-18\""
    ) -> StoredScenarioRun {
        StoredScenarioRun(
            runID: run, scenarioID: "returns.order-status", trial: trial, traceID: "5c0e", family: "returns",
            passed: passed, model: "gpt-4o-mini",
            costUSD: 0.00042615, latencyMs: 1303, stopReason: "answered",
            failures: passed ? [] : [failure, "policy passage not retrieved"], entry: [:])
    }

    @Test(arguments: [
        ([true, true, true], "has not failed in 3 runs"),
        ([false, false], "has failed since its first run (2 runs)"),
        ([true, true, false, false], "last changed from pass to fail in run r3 (2026-12-03T09:30:00Z)"),
        (
            [true, false, true, true],
            "last changed from pass to fail in run r2 (2026-12-02T09:30:00Z); passing again since run r3 (2026-12-03T09:30:00Z)"
        ),
        (
            [false, true, false, true],
            "last changed from pass to fail in run r3 (2026-12-03T09:30:00Z); passing again since run r4 (2026-12-04T09:30:00Z)"
        ),
        ([false, true], "failed in its first run; passing since run r2 (2026-12-02T09:30:00Z)"),
    ])
    func saysWhenAScenarioLastWentFromPassToFail(oldestFirst verdicts: [Bool], line: String) {
        let history = verdicts.enumerated().reversed().map { index, passed in
            Self.scenarioRun("r\(index + 1)", passed: passed)
        }
        let first = HistoryWriter.render(history, of: "returns.order-status", runs: Self.runs).split(separator: "\n")
            .first
        #expect(first.map(String.init) == "returns.order-status: " + line)
    }

    @Test func countsARunFailingWhenAnyOfItsTrialsFailed() {
        let history = [
            Self.scenarioRun("r2", trial: 1, passed: false), Self.scenarioRun("r2", trial: 0, passed: true),
            Self.scenarioRun("r1", passed: true),
        ]
        let text = HistoryWriter.render(history, of: "returns.order-status", runs: Self.runs)
        #expect(
            text == """
                returns.order-status: last changed from pass to fail in run r2 (2026-12-02T09:30:00Z)

                run   started               result  model        cost      latency  first failure
                r2#1  2026-12-02T09:30:00Z  FAIL    gpt-4o-mini  $0.00043  1.3 s    final answer does not mention "2026-08-18" (+1 more)
                r2    2026-12-02T09:30:00Z  PASS    gpt-4o-mini  $0.00043  1.3 s
                r1    2026-12-01T09:30:00Z  PASS    gpt-4o-mini  $0.00043  1.3 s

                """)
    }

    @Test func showsNoDateForARunItWasNotGiven() {
        let text = HistoryWriter.render([Self.scenarioRun("gone", passed: false)], of: "returns.order-status", runs: [])
        #expect(text.hasPrefix("returns.order-status: has failed since its first run (1 run)\n"))
        #expect(text.contains("\ngone  –  "))
    }

    @Test func writesTheScenarioJSON() throws {
        let history = [
            Self.scenarioRun("r3", passed: true), Self.scenarioRun("r2", passed: false),
            Self.scenarioRun("r1", passed: true),
        ]
        let json = HistoryWriter.json(history, of: "returns.order-status", runs: Self.runs)
        #expect(json["scenario"] == "returns.order-status")
        #expect(json["order"] == "newest first")
        #expect(json["trend"] == "passingAgain")
        #expect(json["lastChangedToFailIn"] == ["run": "r2", "startedAt": "2026-12-02T09:30:00Z"])
        #expect(json["passingAgainIn"] == ["run": "r3", "startedAt": "2026-12-03T09:30:00Z"])
        let rows = try #require(json["runs"]?.arrayValue)
        #expect(rows.map { $0["run"] } == ["r3", "r2", "r1"])
        #expect(
            rows[1] == [
                "run": "r2", "trial": 0, "startedAt": "2026-12-02T09:30:00Z", "passed": false, "model": "gpt-4o-mini",
                "costUsd": 0.00042615,
                "latencyMs": 1303, "stopReason": "answered", "traceId": "5c0e",
                "firstFailure": "final answer does not mention \"2026-08-18\"",
            ])
        #expect(HistoryWriter.json([], of: "x", runs: [])["trend"] == "neverFailed")
    }

    @Test func saysWhenAScenarioHasNoRuns() {
        #expect(
            HistoryWriter.render([], of: "returns.order-status", runs: Self.runs)
                == "no runs of returns.order-status in the store\n")
    }

    /// The visible column at which `word` starts in `line`, escape codes not counted.
    static func visibleColumn(of word: String, in line: String) -> Int? {
        guard let range = line.range(of: word) else { return nil }
        var column = 0
        var inEscape = false
        for scalar in line[..<range.lowerBound].unicodeScalars {
            if inEscape { inEscape = scalar != "m" } else if scalar == "\u{1B}" { inEscape = true } else { column += 1 }
        }
        return column
    }
}
