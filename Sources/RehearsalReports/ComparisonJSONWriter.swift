public import RehearsalCore
import RehearsalEvaluation

/// Writes `compare.json`, its schema documented in docs/compare.md.
///
/// The same conventions as report.json: pretty, keys sorted, USD and virtual milliseconds, and everything outside
/// the top-level `environment` object a pure function of the reports compared and the statistics' options, so two
/// comparisons of the same runs give byte-identical files once `environment` is removed.
public enum ComparisonJSONWriter {
    /// The comparison as pretty-printed JSON text ending with a newline.
    public static func render(_ comparison: Comparison, toolVersion: String, environment: JSONValue = [:]) -> String {
        document(comparison, toolVersion: toolVersion, environment: environment).serialized(.pretty) + "\n"
    }

    /// The comparison as a JSON value.
    /// - Parameters:
    ///   - comparison: What to write.
    ///   - toolVersion: rehearsal's version, for `tool.version`.
    ///   - environment: Wall-clock facts, written as they are under `environment`.
    public static func document(_ comparison: Comparison, toolVersion: String, environment: JSONValue = [:])
        -> JSONValue
    {
        let options = comparison.options
        return [
            "schemaVersion": .number(Double(Comparison.schemaVersion)),
            "tool": ["name": "rehearsal", "version": .string(toolVersion)],
            "suite": ["name": .string(comparison.suiteName)],
            "reference": .string(comparison.reference.name),
            "statistics": [
                "significanceLevel": .number(McNemar.significanceLevel),
                "minimumFlips": .number(Double(McNemar.minimumFlips)),
                "minimumPairs": .number(Double(PairedBootstrap.minimumPairs)),
                "confidence": .number(options.confidence), "resamples": .number(Double(options.resamples)),
                "seed": .number(Double(options.seed)),
            ],
            "configurations": .array(comparison.configurations.map(configuration)),
            "comparisons": .array(comparison.pairs.map(pair)),
            "environment": environment,
        ]
    }

    static func configuration(_ configuration: Comparison.Configuration) -> JSONValue {
        [
            "name": .string(configuration.name), "description": optional(configuration.description),
            "digest": optional(configuration.digest), "router": optional(configuration.routerKind),
            "file": optional(configuration.file), "report": optional(configuration.reportFolder),
            "runs": count(configuration.runs), "passed": count(configuration.passed),
            "failed": count(configuration.runs - configuration.passed), "passRate": .number(configuration.passRate),
            "toolChoice": [
                "f1": .number(configuration.toolChoiceF1), "argumentAccuracy": .number(configuration.argumentAccuracy),
            ],
            "costUsd": .number(configuration.costUSD),
            "latency": ["p50Ms": .number(configuration.p50Ms), "p95Ms": .number(configuration.p95Ms)],
            "router": [
                "savingsPct": .number(configuration.savingsPct), "strongShare": .number(configuration.strongShare),
            ],
            "security": configuration.security.map { security in
                [
                    "deniedCalls": count(security.deniedCalls), "invalidCalls": count(security.invalidCalls),
                    "neverCall": [
                        "checked": count(security.neverCallChecked),
                        "violated": count(security.neverCallChecked - security.neverCallHeld),
                    ],
                    "approvals": [
                        "requested": count(security.approvalsRequested), "granted": count(security.approvalsGranted),
                        "edited": count(security.approvalsEdited), "rejected": count(security.approvalsRejected),
                    ],
                ]
            } ?? .null,
            "missingFixtures": .array(configuration.missingFixtures.map(JSONValue.string)),
            "erroredRuns": count(configuration.erroredRuns),
        ]
    }

    static func pair(_ pair: Comparison.Pair) -> JSONValue {
        let compared = pair.compared
        return [
            "reference": .string(pair.reference), "other": .string(pair.other),
            "runs": [
                "aligned": count(pair.runs.count), "compared": count(compared.count),
                "onlyInReference": .array(pair.onlyInReference.map(JSONValue.string)),
                "onlyInOther": .array(pair.onlyInOther.map(JSONValue.string)),
            ],
            "passFail": [
                "bothPassed": count(compared.filter { $0.reference.passed && $0.other.passed }.count),
                "bothFailed": count(compared.filter { !$0.reference.passed && !$0.other.passed }.count),
                "passToFail": count(pair.passToFail.count), "failToPass": count(pair.failToPass.count),
                "pValue": .number(pair.pValue), "verdict": verdict(pair.flipVerdict),
            ],
            "cost": delta(pair.cost, unit: "Usd"),
            "latency": delta(pair.latency, unit: "Ms"),
            "flips": .array(pair.flips.map(flip)),
            "missingFixtures": .array(pair.missingFixtures.map(missing)),
            "scenarios": .array(pair.runs.map(run)),
        ]
    }

    static func delta(_ delta: Comparison.Pair.Delta, unit: String) -> JSONValue {
        let interval = delta.interval
        return [
            "pairs": count(delta.pairs),
            "meanDelta\(unit)": interval.map { .number($0.meanDelta) } ?? .null,
            "lower\(unit)": interval.map { .number($0.lower) } ?? .null,
            "upper\(unit)": interval.map { .number($0.upper) } ?? .null,
            "verdict": verdict(delta.verdict),
            "excluded": .array(delta.excluded.map(JSONValue.string)),
        ]
    }

    static func verdict(_ verdict: SignificanceVerdict) -> JSONValue {
        if case .insufficientData(let reason) = verdict {
            return ["code": .string(verdict.code), "reason": .string(reason)]
        }
        return ["code": .string(verdict.code), "reason": .null]
    }

    static func flip(_ run: Comparison.RunPair) -> JSONValue {
        [
            "label": .string(run.label), "id": .string(run.id), "trial": count(run.trial), "title": .string(run.title),
            "direction": run.flip.map { .string($0.rawValue) } ?? .null,
            "referenceFailure": optional(run.reference.firstFailure), "otherFailure": optional(run.other.firstFailure),
        ]
    }

    static func missing(_ run: Comparison.RunPair) -> JSONValue {
        let reference = run.reference.status == .missingFixtures
        let other = run.other.status == .missingFixtures
        return [
            "label": .string(run.label), "id": .string(run.id), "trial": count(run.trial),
            "side": .string(reference && other ? "both" : reference ? "reference" : "other"),
        ]
    }

    static func run(_ run: Comparison.RunPair) -> JSONValue {
        [
            "label": .string(run.label), "id": .string(run.id), "trial": count(run.trial),
            "reference": side(run.reference), "other": side(run.other),
            "flip": run.flip.map { .string($0.rawValue) } ?? .null,
            "costDeltaUsd": run.hasMissingFixtures ? .null : .number(run.costDeltaUSD),
            "latencyDeltaMs": run.hasMissingFixtures ? .null : .number(run.latencyDeltaMs),
            "inDeltas": .bool(run.isInDeltas),
        ]
    }

    static func side(_ side: Comparison.Side) -> JSONValue {
        [
            "status": .string(side.status.rawValue), "model": optional(side.model), "costUsd": .number(side.costUSD),
            "latencyMs": .number(side.latencyMs), "firstFailure": optional(side.firstFailure),
            "stoppedWithError": .bool(side.stoppedWithError),
        ]
    }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    private static func count(_ value: Int) -> JSONValue { .number(Double(value)) }
}
