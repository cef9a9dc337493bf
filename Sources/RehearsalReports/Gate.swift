import RehearsalEvaluation
public import RehearsalScenarios

/// The regression gate: holds a run to its baseline under ``GateThresholds`` and says what got worse.
///
/// The rules (docs/baseline.md):
/// - a scenario run (scenario id and trial) that passed in the baseline and fails now is a regression, with its
///   first failure now as the reason;
/// - the pass rate, the total cost and the p95 virtual latency are compared over the runs both sides have, so
///   scenarios added or removed since do not move them; the p95 over the runs that finished (did not stop with an
///   error) on both sides. A drop in pass rate beyond `maxAccuracyDrop`, or a rise in cost or p95 beyond its
///   percentage, is a regression. A rise from a baseline figure of 0 is beyond any percentage;
/// - runs only one side has are listed, never regressions by themselves; a run that failed in the baseline too is a
///   known failure, not a regression; improvements are listed and never fail the gate.
///
/// Figures must pass a threshold by more than ``tolerance`` to count, so the binary noise of sums added in another
/// order (`0.4148` against `0.41480000000000006`) cannot trip a threshold of 0.
public struct Gate: Sendable {
    /// How far past its threshold a figure must be to count, in the threshold's unit (a share of runs or a
    /// percentage), and how far a figure must move to count as an improvement.
    public static let tolerance = 1e-9

    /// The thresholds the suite figures are held to.
    public var thresholds: GateThresholds

    /// A gate with `thresholds` (by default no drop in pass rate, 10% more cost or p95 latency).
    public init(thresholds: GateThresholds = GateThresholds()) {
        self.thresholds = thresholds
    }

    /// Checks `report` against `baseline`, named `name` in what the writers print (its file, as given).
    public func check(_ report: ReportDocument, against baseline: Baseline, named name: String = "the baseline")
        -> GateResult
    {
        check(Baseline(report), against: baseline, named: name)
    }

    /// Checks `current` (a run's figures, as its baseline would hold them) against `baseline`, named `name`.
    public func check(_ current: Baseline, against baseline: Baseline, named name: String = "the baseline")
        -> GateResult
    {
        let before = Dictionary(baseline.runs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let now = Set(current.runs.map(\.key))
        var regressions: [GateResult.Finding] = []
        var improvements: [GateResult.Finding] = []
        var stillFailing: [Baseline.Run] = []
        var added: [Baseline.Run] = []
        var pairs: [(before: Baseline.Run, now: Baseline.Run)] = []
        for run in current.runs.sorted(by: { $0.key < $1.key }) {
            guard let old = before[run.key] else {
                added.append(run)
                continue
            }
            pairs.append((old, run))
            switch (old.passed, run.passed) {
            case (true, false):
                regressions.append(
                    .init(
                        kind: .scenario, scenario: run.label,
                        reason: "passed in the baseline, fails now: " + (run.firstFailure ?? "no reason recorded")))
            case (false, true):
                improvements.append(
                    .init(kind: .scenario, scenario: run.label, reason: "failed in the baseline, passes now"))
            case (false, false):
                stillFailing.append(run)
            case (true, true):
                break
            }
        }
        let removed = baseline.runs.filter { !now.contains($0.key) }.sorted { $0.key < $1.key }
        let figures = pairs.isEmpty ? nil : Gate.figures(pairs)
        if let figures {
            judge(figures, regressions: &regressions, improvements: &improvements)
        }
        return GateResult(
            thresholds: thresholds, baseline: baseline, baselineName: name, current: current, regressions: regressions,
            improvements: improvements,
            stillFailing: stillFailing, added: added, removed: removed, figures: figures)
    }

    /// The suite figures of both sides over the paired runs.
    static func figures(_ pairs: [(before: Baseline.Run, now: Baseline.Run)]) -> GateResult.Figures {
        let count = Double(pairs.count)
        let finished = pairs.filter { $0.before.finished && $0.now.finished }
        // Costs are added in report order on both sides, so equal runs give equal sums.
        return GateResult.Figures(
            comparedRuns: pairs.count, finishedRuns: finished.count,
            baselinePassRate: Double(pairs.filter(\.before.passed).count) / count,
            currentPassRate: Double(pairs.filter(\.now.passed).count) / count,
            baselineCostUSD: pairs.reduce(0) { $0 + $1.before.costUSD },
            currentCostUSD: pairs.reduce(0) { $0 + $1.now.costUSD },
            baselineP95Ms: Percentile.nearestRank(0.95, of: finished.map(\.before.latencyMs)),
            currentP95Ms: Percentile.nearestRank(0.95, of: finished.map(\.now.latencyMs)))
    }

    private func judge(
        _ figures: GateResult.Figures, regressions: inout [GateResult.Finding], improvements: inout [GateResult.Finding]
    ) {
        let tolerance = Gate.tolerance
        let drop = figures.passRateDrop
        let rates =
            "\(ReportFormat.percent(figures.baselinePassRate * 100)) → \(ReportFormat.percent(figures.currentPassRate * 100))"
        if drop > thresholds.maxAccuracyDrop + tolerance {
            regressions.append(
                .init(
                    kind: .passRate,
                    reason:
                        "pass rate fell \(Gate.points(drop)) (\(rates)), more than the \(Gate.points(thresholds.maxAccuracyDrop)) allowed"
                ))
        } else if drop < -tolerance {
            improvements.append(.init(kind: .passRate, reason: "pass rate rose \(Gate.points(-drop)) (\(rates))"))
        }
        let costs = "\(ReportFormat.usd(figures.baselineCostUSD)) → \(ReportFormat.usd(figures.currentCostUSD))"
        judgeRise(
            of: "cost", from: figures.baselineCostUSD, to: figures.currentCostUSD, pct: figures.costIncreasePct,
            allowed: thresholds.maxCostIncreasePct,
            values: costs, kind: .cost, regressions: &regressions, improvements: &improvements)
        let latencies = "\(ReportFormat.seconds(figures.baselineP95Ms)) → \(ReportFormat.seconds(figures.currentP95Ms))"
        judgeRise(
            of: "p95 latency", from: figures.baselineP95Ms, to: figures.currentP95Ms, pct: figures.p95IncreasePct,
            allowed: thresholds.maxP95IncreasePct, values: latencies, kind: .p95Latency, regressions: &regressions,
            improvements: &improvements)
    }

    private func judgeRise(
        of name: String, from old: Double, to new: Double, pct: Double?, allowed: Double, values: String,
        kind: GateResult.Finding.Kind,
        regressions: inout [GateResult.Finding], improvements: inout [GateResult.Finding]
    ) {
        let allowedText = "the +\(ReportFormat.percent(allowed)) allowed"
        guard let pct else {
            // From 0, any rise is beyond every percentage; a figure that stays 0 did not move.
            if new > 0 {
                regressions.append(.init(kind: kind, reason: "\(name) rose from 0 (\(values)), beyond \(allowedText)"))
            }
            return
        }
        if pct > allowed + Gate.tolerance {
            regressions.append(
                .init(
                    kind: kind,
                    reason: "\(name) rose \(ReportFormat.percent(pct)) (\(values)), more than \(allowedText)"))
        } else if pct < -Gate.tolerance {
            improvements.append(.init(kind: kind, reason: "\(name) fell \(ReportFormat.percent(-pct)) (\(values))"))
        }
    }

    /// A share of runs as percentage points: `2.9 points`.
    static func points(_ share: Double) -> String {
        String(ReportFormat.percent(share * 100).dropLast()) + " points"
    }
}
