import RehearsalCore
import RehearsalScenarios

/// One model's call latencies over a suite.
public struct ModelLatency: Sendable, Hashable {
    /// How many calls.
    public var calls: Int
    /// Median call latency, ms (nearest rank).
    public var p50Ms: Double
    /// 95th percentile call latency, ms (nearest rank).
    public var p95Ms: Double
    /// Mean call latency, ms.
    public var meanMs: Double

    /// Figures from their parts.
    public init(calls: Int, p50Ms: Double, p95Ms: Double, meanMs: Double) {
        self.calls = calls
        self.p50Ms = p50Ms
        self.p95Ms = p95Ms
        self.meanMs = meanMs
    }
}

/// The suite's safety figures, each with the runs it comes from so a reader can open them.
public struct SecuritySummary: Sendable, Hashable {
    /// Calls the gateway denied, and the runs with any.
    public var deniedCalls: Int
    public var deniedIn: [String]
    /// Calls validation refused, and the runs with any.
    public var invalidCalls: Int
    public var invalidIn: [String]
    /// Runs whose scenario has a never-call list (injected instructions, forbidden actions) and that either ran to
    /// their end (an answer or a limit) or proposed a forbidden call before they stopped.
    public var neverCallChecked: [String]
    /// Of those, the runs that proposed a forbidden call.
    public var neverCallViolated: [String]
    /// Runs whose scenario has a never-call list that stopped with an error before proposing a forbidden call: the
    /// agent never reached the rest of the run, so whether the list would have held is unknown.
    public var neverCallUnchecked: [String]
    /// Approvals requested, granted as proposed, granted with edits, rejected; and the runs with any.
    public var approvalsRequested: Int
    public var approvalsGranted: Int
    public var approvalsEdited: Int
    public var approvalsRejected: Int
    public var approvalsIn: [String]
    /// Runs stopped by each limit (`maxSteps`, `maxTokens`, `maxCostUSD`).
    public var limitsHit: [String: [String]]
    /// Runs that stopped with an error.
    public var errors: [String]

    /// How many never-call checks held.
    public var neverCallHeld: Int { neverCallChecked.count - neverCallViolated.count }
}

extension SuiteSummary {
    static func security(_ runs: [RunFacts]) -> SecuritySummary {
        var summary = SecuritySummary(
            deniedCalls: 0, deniedIn: [], invalidCalls: 0, invalidIn: [], neverCallChecked: [], neverCallViolated: [], neverCallUnchecked: [],
            approvalsRequested: 0, approvalsGranted: 0, approvalsEdited: 0, approvalsRejected: 0, approvalsIn: [], limitsHit: [:], errors: [])
        for run in runs {
            let label = run.label
            let figures = run.security
            summary.deniedCalls += figures.denied
            if figures.denied > 0 { summary.deniedIn.append(label) }
            summary.invalidCalls += figures.invalid
            if figures.invalid > 0 { summary.invalidIn.append(label) }
            // A run cut short by an error resisted nothing it never reached; a forbidden call it did propose counts.
            if figures.hasNeverCall && run.stoppedWithError && !figures.neverCallViolated {
                summary.neverCallUnchecked.append(label)
            } else if figures.hasNeverCall {
                summary.neverCallChecked.append(label)
            }
            if figures.neverCallViolated { summary.neverCallViolated.append(label) }
            summary.approvalsRequested += figures.approvalsRequested
            summary.approvalsGranted += figures.approvalsGranted
            summary.approvalsEdited += figures.approvalsEdited
            summary.approvalsRejected += figures.approvalsRejected
            if figures.approvalsRequested > 0 { summary.approvalsIn.append(label) }
            if let limit = run.limitHit { summary.limitsHit[limit, default: []].append(label) }
            if run.stoppedWithError { summary.errors.append(label) }
        }
        return summary
    }

    static func latencyByModel(_ runs: [RunFacts]) -> [String: ModelLatency] {
        var samples: [String: [Double]] = [:]
        for run in runs {
            for timing in run.modelCalls { samples[timing.model, default: []].append(timing.latencyMs) }
        }
        return samples.mapValues { values in
            ModelLatency(
                calls: values.count, p50Ms: Percentile.nearestRank(0.5, of: values), p95Ms: Percentile.nearestRank(0.95, of: values),
                meanMs: values.reduce(0, +) / Double(values.count))
        }
    }

    /// Expected tool → the tool picked in its place (`(none)` when none was) → how often.
    static func confusion(_ runs: [RunFacts]) -> [String: [String: Int]] {
        var table: [String: [String: Int]] = [:]
        for run in runs {
            for confusion in run.confusions { table[confusion.expected, default: [:]][confusion.picked ?? "(none)", default: 0] += 1 }
        }
        return table
    }
}
