import RehearsalCore
import RehearsalEvaluation
import RehearsalReports
import RehearsalScenarios
import Testing

/// A scenario run for a hand-built report: what the gate reads of it.
struct GateRun {
    var id: String
    var trial = 0
    var passed = true
    var costUSD = 0.01
    var latencyMs = 1000.0
    var failure: String? = nil
    var stopReason = "answered"

    init(
        _ id: String, trial: Int = 0, passed: Bool = true, cost: Double = 0.01, latency: Double = 1000,
        failure: String? = nil, stopReason: String = "answered"
    ) {
        self.id = id
        self.trial = trial
        self.passed = passed
        self.costUSD = cost
        self.latencyMs = latency
        self.failure = failure ?? (passed ? nil : "final answer does not mention \"\(id)\"")
        self.stopReason = stopReason
    }

    /// The same run failing with `reason`.
    func failing(_ reason: String) -> GateRun {
        var run = self
        run.passed = false
        run.failure = reason
        return run
    }
}

/// Hand-built report documents with only the keys `ReportDocument` reads, their summary computed from the runs the
/// way `SuiteSummary` computes it.
enum GateDocuments {
    static func report(
        _ runs: [GateRun], digest: String? = "0123456789abcdef", configuration: String = "router",
        suite: String = "built-in"
    ) throws
        -> ReportDocument
    {
        let finished = runs.filter { $0.stopReason != "error" }.map(\.latencyMs)
        let passed = runs.filter(\.passed).count
        var configurationJSON: [String: JSONValue] = ["name": .string(configuration)]
        configurationJSON["digest"] = digest.map(JSONValue.string)
        let json: JSONValue = [
            "schemaVersion": 2,
            "tool": ["name": "rehearsal", "version": "0.1.0"],
            "suite": ["name": .string(suite)],
            "configuration": .object(configurationJSON),
            "prices": ["source": "test prices", "date": "2026-06-21"],
            "summary": [
                "scenarios": .number(Double(runs.count)), "passed": .number(Double(passed)),
                "failed": .number(Double(runs.count - passed)),
                "toolChoice": ["precision": 1, "recall": 1, "f1": 1, "exactMatchRate": 1, "argumentAccuracy": 1],
                "latency": [
                    "p50Ms": .number(Percentile.nearestRank(0.5, of: finished)),
                    "p95Ms": .number(Percentile.nearestRank(0.95, of: finished)),
                ],
                "tokens": ["input": 0, "cachedInput": 0, "output": 0],
                "cost": ["usd": .number(runs.reduce(0) { $0 + $1.costUSD })],
                "router": ["strongShare": 0, "baselineUsd": 0, "savingsPct": 0],
            ],
            "scenarios": .array(
                runs.map { run in
                    [
                        "id": .string(run.id), "trial": .number(Double(run.trial)), "passed": .bool(run.passed),
                        "failures": .array(run.failure.map { [.string($0)] } ?? []), "traceId": "00", "toolCalls": [],
                        "costUsd": .number(run.costUSD), "latencyMs": .number(run.latencyMs), "model": "gpt-4o",
                        "stopReason": ["code": .string(run.stopReason)],
                    ]
                }),
        ]
        return try ReportDocument(json: json)
    }

    static func baseline(_ runs: [GateRun], digest: String? = "0123456789abcdef") throws -> Baseline {
        Baseline(try report(runs, digest: digest))
    }

    /// Ten passing runs `s0`…`s9`, each costing $0.10 and taking 1 s more than the one before.
    static var ten: [GateRun] {
        (0..<10).map { GateRun("s\($0)", cost: 0.1, latency: Double($0 + 1) * 1000) }
    }
}

struct GateTests {
    @Test func passesARunIdenticalToItsBaseline() throws {
        let runs = GateDocuments.ten
        let result = Gate().check(try GateDocuments.report(runs), against: try GateDocuments.baseline(runs))
        #expect(result.passed)
        #expect(result.regressions.isEmpty && result.improvements.isEmpty)
        #expect(result.added.isEmpty && result.removed.isEmpty && result.stillFailing.isEmpty)
        let figures = try #require(result.figures)
        #expect(figures.comparedRuns == runs.count)
        #expect(figures.baselinePassRate == 1 && figures.currentPassRate == 1)
        #expect(figures.baselineCostUSD == figures.currentCostUSD)
        // Over the same runs the gate's p95 is the report's own.
        #expect(figures.currentP95Ms == (try GateDocuments.report(runs)).summary.p95Ms)
        #expect(!result.configurationChanged && !result.pricesChanged)
    }

    @Test func aRunThatPassedAndFailsNowIsARegressionWithItsFirstFailureNow() throws {
        var runs = GateDocuments.ten
        let baseline = try GateDocuments.baseline(runs)
        runs[3] = runs[3].failing("missing expected call get_budget")
        let result = Gate(thresholds: GateThresholds(maxAccuracyDrop: 0.5)).check(
            try GateDocuments.report(runs), against: baseline)
        #expect(!result.passed)
        #expect(
            result.regressions == [
                .init(
                    kind: .scenario, scenario: "s3",
                    reason: "passed in the baseline, fails now: missing expected call get_budget")
            ])
    }

    @Test func aRunThatFailedInTheBaselineTooIsAKnownFailureNotARegression() throws {
        var runs = GateDocuments.ten
        runs[2] = runs[2].failing("final answer does not mention \"rejected\"")
        let result = Gate().check(try GateDocuments.report(runs), against: try GateDocuments.baseline(runs))
        #expect(result.passed)
        #expect(result.stillFailing.map(\.label) == ["s2"])
        #expect(result.stillFailing.first?.firstFailure == "final answer does not mention \"rejected\"")
    }

    /// One run of ten fails: a drop of 0.1 in pass rate, a regression only beyond the threshold.
    @Test(arguments: [(0.0, true), (0.05, true), (0.1, false), (0.2, false)])
    func aPassRateDropIsARegressionOnlyBeyondItsThreshold(threshold: Double, regresses: Bool) throws {
        var runs = GateDocuments.ten
        let baseline = try GateDocuments.baseline(runs)
        runs[9] = runs[9].failing("wrong answer")
        let result = Gate(thresholds: GateThresholds(maxAccuracyDrop: threshold)).check(
            try GateDocuments.report(runs), against: baseline)
        let figures = try #require(result.figures)
        #expect(abs(figures.passRateDrop - 0.1) < 1e-12)
        #expect(result.regressions.contains { $0.kind == .passRate } == regresses)
        #expect(
            result.regressions.contains { $0.kind == .scenario && $0.scenario == "s9" },
            "the run itself is a regression whatever the threshold")
    }

    /// Every run costs 10% or 11% more than in the baseline: against a 10% threshold the first is allowed (exactly at
    /// it, binary noise and all), the second is not.
    @Test(arguments: [(1.10, false), (1.11, true), (1.0, false), (0.5, false)])
    func aCostRiseIsARegressionOnlyBeyondItsThreshold(factor: Double, regresses: Bool) throws {
        let before = GateDocuments.ten
        let after = before.map { run in
            var run = run
            run.costUSD *= factor
            return run
        }
        let result = Gate(thresholds: GateThresholds(maxCostIncreasePct: 10)).check(
            try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        let figures = try #require(result.figures)
        let expectedPct =
            (after.reduce(0) { $0 + $1.costUSD } - before.reduce(0) { $0 + $1.costUSD })
            / before.reduce(0) { $0 + $1.costUSD } * 100
        #expect(figures.costIncreasePct == expectedPct)
        #expect(result.regressions.contains { $0.kind == .cost } == regresses)
        #expect(result.passed == !regresses)
        if regresses {
            let reason = try #require(result.regressions.first { $0.kind == .cost }?.reason)
            #expect(reason.hasPrefix("cost rose \(ReportFormat.percent(expectedPct))"), "\(reason)")
        }
    }

    @Test(arguments: [(1.10, false), (1.2, true), (0.9, false)])
    func aP95RiseIsARegressionOnlyBeyondItsThreshold(factor: Double, regresses: Bool) throws {
        let before = GateDocuments.ten
        let after = before.map { run in
            var run = run
            run.latencyMs *= factor
            return run
        }
        let result = Gate(thresholds: GateThresholds(maxP95IncreasePct: 10)).check(
            try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        let figures = try #require(result.figures)
        #expect(figures.baselineP95Ms == Percentile.nearestRank(0.95, of: before.map(\.latencyMs)))
        #expect(figures.currentP95Ms == Percentile.nearestRank(0.95, of: after.map(\.latencyMs)))
        #expect(result.regressions.contains { $0.kind == .p95Latency } == regresses)
    }

    @Test func floatingNoiseInSumsDoesNotTripAThresholdOfZero() throws {
        // 0.1 + 0.2 is 0.30000000000000004, a rise of about 1e-14% over 0.3 + 0.
        let before = [GateRun("a", cost: 0.3), GateRun("b", cost: 0)]
        let after = [GateRun("a", cost: 0.1), GateRun("b", cost: 0.2)]
        let result = Gate(thresholds: GateThresholds(maxAccuracyDrop: 0, maxCostIncreasePct: 0, maxP95IncreasePct: 0))
            .check(
                try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        let pct = try #require(result.figures?.costIncreasePct)
        #expect(pct > 0, "the sums differ in their last bits")
        #expect(result.passed)
        #expect(result.improvements.isEmpty)
    }

    @Test func improvementsAreListedAndNeverFailTheGate() throws {
        var before = GateDocuments.ten
        before[4] = before[4].failing("wrong tool")
        let after = GateDocuments.ten.map { run in
            var run = run
            run.costUSD /= 2
            run.latencyMs /= 2
            return run
        }
        let result = Gate(thresholds: GateThresholds(maxAccuracyDrop: 0, maxCostIncreasePct: 0, maxP95IncreasePct: 0))
            .check(
                try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        #expect(result.passed)
        #expect(result.improvements.map(\.kind) == [.scenario, .passRate, .cost, .p95Latency])
        #expect(result.improvements.first?.scenario == "s4")
        #expect(result.improvements.first { $0.kind == .cost }?.reason.hasPrefix("cost fell 50.0%") == true)
    }

    @Test func addedAndRemovedRunsAreListedNeverRegressionsAndDoNotMoveTheFigures() throws {
        let before = GateDocuments.ten + [GateRun("z-removed", passed: true, cost: 5, latency: 90_000)]
        let after =
            GateDocuments.ten + [
                GateRun("a-new", passed: false, cost: 50, latency: 500_000),
                GateRun("s3", trial: 1, passed: true, cost: 9, latency: 400_000),
            ]
        let result = Gate().check(try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        #expect(result.passed, "\(result.regressions)")
        #expect(result.added.map(\.label) == ["a-new", "s3#1"])
        #expect(result.removed.map(\.label) == ["z-removed"])
        let figures = try #require(result.figures)
        #expect(figures.comparedRuns == 10)
        #expect(figures.baselineCostUSD == figures.currentCostUSD)
        #expect(figures.baselineP95Ms == figures.currentP95Ms)
        #expect(figures.currentPassRate == 1)
    }

    @Test func runsAreMatchedByScenarioAndTrial() throws {
        let before = [GateRun("a", trial: 0), GateRun("a", trial: 1), GateRun("a", trial: 2)]
        var after = before
        after[1] = after[1].failing("gave up after a carrier error")
        let result = Gate(thresholds: GateThresholds(maxAccuracyDrop: 1)).check(
            try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        #expect(result.regressions.map(\.scenario) == ["a#1"])
    }

    @Test func aChangedConfigurationDigestIsNotedNotFailed() throws {
        let runs = GateDocuments.ten
        let result = Gate().check(
            try GateDocuments.report(runs, digest: "fedcba9876543210"), against: try GateDocuments.baseline(runs))
        #expect(result.configurationChanged)
        #expect(result.passed)
        let text = GateSummaryWriter.text(result)
        #expect(
            text.contains(
                "note: the configuration digest differs from the baseline's (0123456789abcdef → fedcba9876543210"),
            "\(text)")
    }

    @Test func theP95ComparesTheRunsThatFinishedOnBothSides() throws {
        let before = GateDocuments.ten
        var after = GateDocuments.ten
        // The slowest run stops with an error now: leaving it in one side only would lower that side's p95.
        after[9] = GateRun("s9", passed: false, cost: 0.1, latency: 0, failure: "replay miss", stopReason: "error")
        let result = Gate(thresholds: GateThresholds(maxAccuracyDrop: 1)).check(
            try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        let figures = try #require(result.figures)
        #expect(figures.finishedRuns == 9)
        #expect(figures.baselineP95Ms == figures.currentP95Ms)
        #expect(figures.baselineP95Ms == Percentile.nearestRank(0.95, of: before.dropLast().map(\.latencyMs)))
    }

    @Test func aRiseFromNothingIsBeyondAnyPercentage() throws {
        let before = [GateRun("a", cost: 0), GateRun("b", cost: 0)]
        let after = [GateRun("a", cost: 0.001), GateRun("b", cost: 0)]
        let result = Gate(thresholds: GateThresholds(maxCostIncreasePct: 1000)).check(
            try GateDocuments.report(after), against: try GateDocuments.baseline(before))
        #expect(result.regressions.map(\.kind) == [.cost])
        #expect(result.regressions.first?.reason.hasPrefix("cost rose from 0") == true)
    }

    @Test func saysWhenNoRunIsInCommon() throws {
        let result = Gate().check(
            try GateDocuments.report([GateRun("new")]), against: try GateDocuments.baseline([GateRun("old")]))
        #expect(result.figures == nil)
        #expect(result.passed)
        #expect(GateSummaryWriter.text(result).contains("no scenario run in common with the baseline"))
    }
}
