import RehearsalCore

/// A run record with made-up but plausible values.
func sampleRun(_ id: String, startedAt: String = "2026-12-01T09:30:00Z") -> StoredRun {
    StoredRun(
        id: id, startedAt: startedAt, suite: "built-in", configuration: "router",
        configurationDigest: "de95704565f3e857",
        arguments: ["paths": ["scenarios"], "trials": 1], expectedScenarioRuns: 7, rehearsalVersion: "0.1.0")
}

/// A scenario run with a small synthetic entry.
func sampleScenarioRun(
    _ scenarioID: String, trial: Int = 0, inRun runID: String, traceID: String? = nil, passed: Bool = true,
    costUSD: Double = 0.01
) -> StoredScenarioRun {
    StoredScenarioRun(
        runID: runID, scenarioID: scenarioID, trial: trial,
        traceID: traceID ?? String(repeating: "0", count: 31) + String(trial), family: "returns", passed: passed,
        model: "gpt-4o-mini", costUSD: costUSD, latencyMs: 1234.5, stopReason: "answered",
        failures: passed ? [] : ["final answer: missing \"RF-\""],
        entry: ["id": .string(scenarioID), "trial": .number(Double(trial)), "passed": .bool(passed)])
}
