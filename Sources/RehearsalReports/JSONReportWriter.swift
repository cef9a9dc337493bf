public import RehearsalCore
public import RehearsalEvaluation
import RehearsalScenarios

/// Writes `report.json`, its schema documented in docs/report-format.md.
///
/// Everything outside the top-level `environment` object is a pure function of the inputs and the
/// configuration, with keys sorted, so two runs over the same inputs give byte-identical files once
/// `environment` is removed.
public enum JSONReportWriter {
    /// The report as pretty-printed JSON text ending with a newline.
    public static func render(_ report: RunReport, toolVersion: String) -> String {
        document(report, toolVersion: toolVersion).serialized(.pretty) + "\n"
    }

    /// The report as a JSON value.
    public static func document(_ report: RunReport, toolVersion: String) -> JSONValue {
        var entries = report.results.map(scenario)
        if let sweep = report.routerSweep { entries = withSweep(entries, sweep) }
        var members: [String: JSONValue] = [
            "schemaVersion": RunReport.schemaVersion.json,
            "tool": ["name": "rehearsal", "version": .string(toolVersion)],
            "suite": ["name": .string(report.suiteName)],
            "configuration": report.configuration.json,
            "prices": ["source": .string(report.prices.source), "date": .string(report.prices.date)],
            "summary": summary(report.summary, reliability: report.reliability, sweep: report.routerSweep, classifier: report.sweepClassifier),
            "scenarios": .array(entries),
            "environment": report.environment,
        ]
        members["shard"] = report.shard?.json
        return .object(members)
    }

    /// `entries` with each run's part of the router sweep: how its always-cheap and always-strong replays went and
    /// its classifier score, or why the sweep left it out.
    static func withSweep(_ entries: [JSONValue], _ sweep: RouterSweep) -> [JSONValue] {
        var inputs: [String: RouterSweep.Input] = [:]
        for input in sweep.inputs { inputs[input.id] = input }
        var exclusions: [String: String] = [:]
        for exclusion in sweep.exclusions { exclusions[exclusion.id] = exclusion.reason }
        return entries.map { entry in
            guard case .object(var members) = entry, let id = entry["id"]?.stringValue, let trial = entry["trial"]?.numberValue else { return entry }
            let label = trial == 0 ? id : "\(id)#\(Int(trial))"
            if let input = inputs[label] {
                members["sweep"] = [
                    "cheap": ["passed": .bool(input.cheapPassed), "costUsd": .number(input.cheapCostUSD), "runtimeTrouble": .bool(input.cheapRuntimeTrouble)],
                    "strong": ["passed": .bool(input.strongPassed), "costUsd": .number(input.strongCostUSD)],
                    "score": input.score.map(JSONValue.number) ?? .null, "classifierCostUsd": .number(input.classifierCostUSD),
                ]
            } else if let reason = exclusions[label] {
                members["sweep"] = ["excluded": .string(reason)]
            }
            return .object(members)
        }
    }

    static func summary(_ summary: SuiteSummary, reliability: Reliability? = nil, sweep: RouterSweep? = nil, classifier: String? = nil) -> JSONValue {
        var members: [String: JSONValue] = [
            "scenarios": summary.scenarios.json, "passed": summary.passed.json, "failed": summary.failed.json,
            "toolChoice": [
                "precision": .number(summary.precision), "recall": .number(summary.recall), "f1": .number(summary.f1),
                "exactMatchRate": .number(summary.exactMatchRate), "argumentAccuracy": .number(summary.argumentAccuracy),
            ],
            "latency": [
                "p50Ms": .number(summary.p50Ms), "p95Ms": .number(summary.p95Ms), "p99Ms": .number(summary.p99Ms), "meanMs": .number(summary.meanMs),
                "modelMs": .number(summary.modelMs), "toolMs": .number(summary.toolMs), "routingMs": .number(summary.routingMs),
                "timeToFirstActionP50Ms": summary.timeToFirstActionP50Ms.map(JSONValue.number) ?? .null,
                "byModel": .object(summary.latencyByModel.mapValues { ["calls": $0.calls.json, "p50Ms": .number($0.p50Ms), "p95Ms": .number($0.p95Ms), "meanMs": .number($0.meanMs)] }),
            ],
            "tokens": tokens(summary.tokens, byModel: summary.tokensByModel),
            "cost": [
                "usd": .number(summary.costUSD), "byModel": .object(summary.costByModel.mapValues(JSONValue.number)),
                "breakdownByModel": .object(summary.costBreakdownByModel.mapValues(\.json)),
            ],
            "router": [
                "strongShare": .number(summary.router.strongShare), "baselineUsd": .number(summary.router.baselineUSD),
                "routedUsd": .number(summary.router.routedUSD), "savingsPct": .number(summary.router.savingsPct),
                "classifierUsd": .number(summary.router.classifierUSD), "scenariosWithoutBaseline": summary.router.withoutBaseline.json,
            ],
            "toolCalls": [
                "total": summary.callsByOutcome.values.reduce(0, +).json,
                "byOutcome": .object(Dictionary(uniqueKeysWithValues: ToolCallRecord.Outcome.allCases.map { ($0.rawValue, summary.callsByOutcome[$0.rawValue, default: 0].json) })),
            ],
            "stopReasons": .object(summary.stopReasons.mapValues(\.json)),
            "retrieval": [
                "checks": summary.retrievalChecks.json, "retrieved": summary.retrievalHits.json,
                "hitRate": summary.retrievalChecks == 0 ? .null : .number(Double(summary.retrievalHits) / Double(summary.retrievalChecks)),
            ],
            "security": security(summary.security),
            "confusion": .object(summary.confusion.mapValues { .object($0.mapValues(\.json)) }),
            "unnecessaryCalls": summary.unnecessaryCalls.json,
        ]
        if let reliability { members["reliability"] = self.reliability(reliability) }
        if let sweep {
            var sweepJSON = routerSweep(sweep)
            if case .object(var object) = sweepJSON {
                object["classifierConfiguration"] = classifier.map(JSONValue.string) ?? .null
                sweepJSON = .object(object)
            }
            members["routerSweep"] = sweepJSON
        }
        return .object(members)
    }

    static func security(_ security: SecuritySummary) -> JSONValue {
        [
            "deniedCalls": security.deniedCalls.json, "deniedIn": security.deniedIn.json,
            "invalidCalls": security.invalidCalls.json, "invalidIn": security.invalidIn.json,
            "neverCall": [
                "checked": security.neverCallChecked.count.json, "held": security.neverCallHeld.json,
                "violated": security.neverCallViolated.json, "scenarios": security.neverCallChecked.json,
            ],
            "approvals": [
                "requested": security.approvalsRequested.json, "granted": security.approvalsGranted.json, "edited": security.approvalsEdited.json,
                "rejected": security.approvalsRejected.json, "in": security.approvalsIn.json,
            ],
            "limitsHit": .object(security.limitsHit.mapValues(\.json)), "errors": security.errors.json,
        ]
    }

    static func reliability(_ reliability: Reliability) -> JSONValue {
        [
            "trials": reliability.trials.json, "passAt": .array(reliability.passAt.map(JSONValue.number)),
            "passHat": .array(reliability.passHat.map(JSONValue.number)),
            "scenarios": .array(reliability.scenarios.map { spread in
                [
                    "id": .string(spread.id), "trials": spread.trials.json, "passes": spread.passes.json,
                    "costUsd": ["min": .number(spread.costUSD.min), "mean": .number(spread.costUSD.mean), "max": .number(spread.costUSD.max)],
                    "latencyMs": ["min": .number(spread.latencyMs.min), "mean": .number(spread.latencyMs.mean), "max": .number(spread.latencyMs.max)],
                ]
            }),
        ]
    }

    static func routerSweep(_ sweep: RouterSweep) -> JSONValue {
        func point(_ point: RouterSweep.Point) -> JSONValue {
            [
                "name": .string(point.name), "threshold": point.threshold.map(JSONValue.number) ?? .null, "strongShare": .number(point.strongShare),
                "quality": .number(point.quality), "costUsd": .number(point.costUSD), "pgr": point.pgr.map(JSONValue.number) ?? .null,
            ]
        }
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        return [
            "points": .array(sweep.points.map(point)), "gap": .number(sweep.gap),
            "apgr": ["calls": number(sweep.apgrCalls), "cost": number(sweep.apgrCost)],
            "cpt50": ["strongShare": number(sweep.cpt50Calls), "usd": number(sweep.cpt50USD)],
            "cpt80": ["strongShare": number(sweep.cpt80Calls), "usd": number(sweep.cpt80USD)],
            "best": sweep.best.map(point) ?? .null, "bestSavingsPct": number(sweep.bestSavingsPct), "qualityTolerance": .number(sweep.tolerance),
            "excluded": sweep.excluded.json,
        ]
    }


    static func tokens(_ usage: TokenUsage, byModel: [String: TokenUsage]? = nil) -> JSONValue {
        var members: [String: JSONValue] = [
            "input": usage.input.json, "cachedInput": usage.cachedInput.json, "cacheWrite": usage.cacheWrite.json,
            "output": usage.output.json, "reasoning": usage.reasoning.json,
        ]
        if let byModel { members["byModel"] = .object(byModel.mapValues { tokens($0) }) }
        return .object(members)
    }

    /// One scenario run's entry in `scenarios[]`, as the report and the run history store it.
    public static func entry(for result: ScenarioResult) -> JSONValue { scenario(result) }

    static func scenario(_ result: ScenarioResult) -> JSONValue {
        let run = result.run
        let score = result.toolChoice
        var members: [String: JSONValue] = [
            "id": .string(result.scenario.id), "title": .string(result.scenario.title), "family": .string(result.scenario.family),
            "file": .string(result.scenario.file), "trial": result.trial.json, "passed": .bool(result.passed),
            "failures": result.failures.json, "traceId": .string(run.traceID.hex), "agent": .string(run.agentID),
            "model": run.model.map(JSONValue.string) ?? .null,
            "stopReason": ["code": .string(run.stopReason.code), "explanation": .string(run.stopReason.explanation)],
            "toolCalls": .array(run.toolCalls.map(toolCall)),
            "expectedCalls": result.scenario.expect.toolCalls.json,
            "expectation": expectation(result.scenario.expect, mode: result.trajectoryMode, rules: result.argumentRules),
            "toolChoice": [
                "precision": .number(score.precision), "recall": .number(score.recall), "f1": .number(score.f1),
                "exactMatch": .bool(score.exactMatch), "argumentAccuracy": score.argumentAccuracy.map(JSONValue.number) ?? .null,
                "expected": score.expectedCount.json, "proposed": score.actualCount.json, "nameMatches": score.nameMatches.json,
                "requiredMatches": score.requiredMatches.json, "argumentPairs": score.argumentPairs.json, "argumentMatches": score.argumentMatches.json,
            ],
            "latencyMs": .number(run.durationMs), "tokens": tokens(run.usage), "costUsd": .number(run.costUSD),
            "latency": [
                "endToEndMs": .number(result.latency.endToEndMs), "modelMs": .number(result.latency.modelMs), "toolMs": .number(result.latency.toolMs),
                "routingMs": .number(result.latency.routingMs), "timeToFirstActionMs": result.latency.timeToFirstActionMs.map(JSONValue.number) ?? .null,
            ],
            "costBreakdown": .object(result.costBreakdown.mapValues(\.json)), "costByModel": .object(run.costByModel.mapValues(JSONValue.number)),
            "tokensByModel": .object(run.usageByModel.mapValues { tokens($0) }),
            "divergence": result.divergence.map(divergence) ?? .null,
            "unnecessaryCalls": result.unnecessaryCalls.json,
            "confusions": .array(result.confusions.map { ["expected": .string($0.expected), "picked": $0.picked.map(JSONValue.string) ?? .null] }),
            "security": [
                "denied": result.security.denied.json, "invalid": result.security.invalid.json,
                "approvalsRequested": result.security.approvalsRequested.json, "approvalsGranted": result.security.approvalsGranted.json,
                "approvalsEdited": result.security.approvalsEdited.json, "approvalsRejected": result.security.approvalsRejected.json,
                "neverCallViolated": .bool(result.security.neverCallViolated),
            ],
            "baselineCostUsd": result.baselineCostUSD.map(JSONValue.number) ?? .null,
            "steps": .array(run.steps.map(step)), "finalAnswer": run.finalAnswer.map(JSONValue.string) ?? .null,
            "warnings": result.warnings.json, "spans": .array(run.spans.map(\.json)),
            "retrieval": .array(result.retrieval.map { outcome in
                ["document": .string(outcome.check.document), "contains": .string(outcome.check.contains), "retrieved": .bool(outcome.retrieved), "rank": outcome.rank.map(\.json) ?? .null]
            }),
        ]
        if let routing = run.routing {
            var routingMembers: [String: JSONValue] = ["model": .string(routing.model), "tier": .string(routing.tier.rawValue), "reason": .string(routing.reason)]
            routingMembers["score"] = routing.score.map(JSONValue.number)
            routingMembers["costUsd"] = .number(run.routingCostUSD)
            members["routing"] = .object(routingMembers)
        }
        members["baselineNote"] = result.baselineNote.map(JSONValue.string)
        members["trialOf"] = result.scenario.trialOf.map(JSONValue.string)
        return .object(members)
    }

    /// Everything the scenario expected, so a reader sees what was checked, not only what failed.
    static func expectation(_ expect: Expectations, mode: TrajectoryMode, rules: ArgumentRules) -> JSONValue {
        let answer = expect.finalAnswer
        var members: [String: JSONValue] = [
            "trajectory": .string(mode.rawValue), "arguments": rules.json,
            "neverCall": expect.neverCall.json, "stopReason": .string(expect.stopReason),
            "finalAnswer": [
                "contains": answer.contains.json, "notContains": answer.notContains.json, "matches": answer.matches.json,
                "equals": answer.equals.map(JSONValue.string) ?? .null, "caseSensitive": .bool(answer.caseSensitive),
                "ignorePunctuation": .bool(answer.ignorePunctuation), "ignoreCharacters": .string(answer.ignoreCharacters),
                "scope": .string(answer.scope.rawValue),
            ],
            "retrieval": expect.retrieval.json,
        ]
        members["approvalsRequested"] = expect.approvalsRequested.map(\.json)
        return .object(members)
    }

    static func divergence(_ divergence: TrajectoryJudge.Divergence) -> JSONValue {
        [
            "index": divergence.index.json, "expected": divergence.expected.map(\.json) ?? .null,
            "actual": divergence.actual.map { ["name": .string($0.name), "arguments": $0.arguments ?? .string($0.rawArguments), "agent": .string($0.agent)] } ?? .null,
            "description": .string(divergence.description),
        ]
    }

    static func toolCall(_ call: ToolCallRecord) -> JSONValue {
        var members: [String: JSONValue] = [
            "agent": .string(call.agent), "step": call.step.json, "callId": .string(call.callID), "name": .string(call.name),
            "arguments": call.arguments ?? .string(call.rawArguments), "outcome": .string(call.outcome.rawValue),
            "observation": .string(call.observation), "startMs": .number(call.startMs), "latencyMs": .number(call.latencyMs),
            "spanId": .string(call.spanID.hex),
        ]
        members["sideEffect"] = call.sideEffect.map { .string($0.rawValue) }
        members["editedArguments"] = call.editedArguments
        if let handoff = call.handoff {
            var handoffMembers: [String: JSONValue] = [
                "agent": .string(handoff.agentID), "task": .string(handoff.task), "stopReason": .string(handoff.stopReason.code),
                "steps": .array(handoff.steps.map(step)), "toolCalls": handoff.toolCalls.count.json,
            ]
            handoffMembers["model"] = handoff.routing.map { .string($0.model) }
            handoffMembers["routingReason"] = handoff.routing.map { .string($0.reason) }
            handoffMembers["answer"] = handoff.answers.last.map(JSONValue.string)
            members["handoff"] = .object(handoffMembers)
        }
        if let invalid = call.invalid {
            members["validation"] = [
                "kind": .string(invalid.kind.rawValue), "message": .string(invalid.message),
                "violations": .array(invalid.violations.map { ["path": .string($0.path.description), "rule": .string($0.rule), "message": .string($0.message)] }),
            ]
        }
        if let denial = call.denial {
            members["gateway"] = ["decision": "deny", "rule": .string(denial.rule), "reason": .string(denial.reason), "missingScopes": denial.missingScopes.json]
        } else if call.authorized {
            members["gateway"] = ["decision": "allow"]
        }
        if let approval = call.approval {
            var approvalMembers: [String: JSONValue] = ["decision": .string(approval.verb)]
            switch approval {
            case .approve(let note): approvalMembers["note"] = note.map(JSONValue.string)
            case .reject(let reason): approvalMembers["reason"] = .string(reason)
            case .approveEdited(_, let note): approvalMembers["note"] = note.map(JSONValue.string)
            }
            members["approval"] = .object(approvalMembers)
        }
        return .object(members)
    }

    static func step(_ step: AgentStep) -> JSONValue {
        var members: [String: JSONValue] = [
            "index": step.index.json, "model": .string(step.model), "finishReason": .string(step.finishReason),
            "tokens": tokens(step.usage), "costUsd": .number(step.costUSD), "startMs": .number(step.startMs),
            "modelLatencyMs": .number(step.modelLatencyMs), "toolLatencyMs": .number(step.toolLatencyMs),
            "toolCalls": step.toolCalls.count.json,
        ]
        members["thought"] = step.thought.map(JSONValue.string)
        members["answer"] = step.answer.map(JSONValue.string)
        return .object(members)
    }
}
