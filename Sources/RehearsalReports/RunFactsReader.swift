public import RehearsalCore
public import RehearsalEvaluation

/// Reads back from a `report.json` entry what the suite's figures need of its run, so a summary can be computed
/// from reports alone (`rehearsal merge`) with the code that computes it during a run.
public enum RunFactsReader {
    /// The facts of the scenario run `entry` (schema version 3), found at `path`.
    /// - Throws: ``JSONDecodingError`` naming the path of the first missing or mistyped key.
    public static func facts(from entry: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> RunFacts {
        let fields = Fields(entry, at: path)
        let score = try fields.object("toolChoice")
        let latency = try fields.object("latency")
        let security = try fields.object("security")
        let expectation = try fields.object("expectation")
        var modelCalls: [ModelCallTiming] = []
        var classifierCalls: [ModelCallTiming] = []
        for (index, value) in try fields.array("spans").enumerated() {
            // As `ModelCallTiming.all(in:)`: the model calls that succeeded, then the classifier calls that took time.
            let span = Fields(value, at: path.appending("spans").appending(index))
            let duration = try span.number("endMs") - span.number("startMs")
            let attributes = try span.object("attributes")
            let status = try span.optionalString("status")
            let succeeded = status == nil || status == "ok"
            switch try span.string("kind") {
            case "model" where succeeded:
                if let model = try attributes.optionalString("model") { modelCalls.append(ModelCallTiming(model: model, latencyMs: duration)) }
            case "routing" where duration > 0:
                var model = try attributes.optionalString("classifierModel")
                if model == nil { model = try attributes.optionalString("model") }
                classifierCalls.append(ModelCallTiming(model: model ?? "", latencyMs: duration))
            default: break
            }
        }
        var outcomes: [String] = []
        for (index, value) in try fields.array("toolCalls").enumerated() {
            outcomes.append(try Fields(value, at: path.appending("toolCalls").appending(index)).string("outcome"))
        }
        var confusions: [ScenarioResult.Confusion] = []
        for (index, value) in try fields.array("confusions").enumerated() {
            let confusion = Fields(value, at: path.appending("confusions").appending(index))
            confusions.append(ScenarioResult.Confusion(expected: try confusion.string("expected"), picked: try confusion.optionalString("picked")))
        }
        var hits = 0
        let checks = try fields.array("retrieval")
        for (index, value) in checks.enumerated() where try Fields(value, at: path.appending("retrieval").appending(index)).bool("retrieved") { hits += 1 }
        let routing = try fields.optional("routing")
        return RunFacts(
            scenarioID: try fields.string("id"), trial: try fields.int("trial"), passed: try fields.bool("passed"),
            stopCode: try fields.object("stopReason").string("code"),
            toolChoice: ToolChoiceScore(
                expectedCount: try score.int("expected"), actualCount: try score.int("proposed"), nameMatches: try score.int("nameMatches"),
                requiredMatches: try score.int("requiredMatches"), argumentPairs: try score.int("argumentPairs"),
                argumentMatches: try score.int("argumentMatches"), exactMatch: try score.bool("exactMatch")),
            latencyMs: try fields.number("latencyMs"),
            latency: LatencyBreakdown(
                endToEndMs: try latency.number("endToEndMs"), modelMs: try latency.number("modelMs"), toolMs: try latency.number("toolMs"),
                routingMs: try latency.number("routingMs"), timeToFirstActionMs: try latency.optionalNumber("timeToFirstActionMs")),
            modelCalls: modelCalls + classifierCalls, usageByModel: try tokensByModel(fields.object("tokensByModel")),
            costByModel: try numbers(fields.object("costByModel")), costUSD: try fields.number("costUsd"),
            costBreakdown: try breakdowns(fields.object("costBreakdown")), callOutcomes: outcomes,
            security: SecurityFigures(
                denied: try security.int("denied"), invalid: try security.int("invalid"), approvalsRequested: try security.int("approvalsRequested"),
                approvalsGranted: try security.int("approvalsGranted"), approvalsEdited: try security.int("approvalsEdited"),
                approvalsRejected: try security.int("approvalsRejected"), hasNeverCall: !(try expectation.strings("neverCall")).isEmpty,
                neverCallViolated: try security.bool("neverCallViolated")),
            confusions: confusions, unnecessaryCalls: try fields.array("unnecessaryCalls").count, routedTier: try routing?.string("tier"),
            routingCostUSD: try routing?.optionalNumber("costUsd") ?? 0 as Double, baselineCostUSD: try fields.optionalNumber("baselineCostUsd"),
            retrievalChecks: checks.count, retrievalHits: hits, task: try fields.optionalString("trialOf"))
    }

    /// The run's part of the router sweep in `entry`: its input, or why the sweep left it out; nil when the run had
    /// no sweep.
    public static func sweep(from entry: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> SweepPart? {
        let fields = Fields(entry, at: path)
        guard let sweep = try fields.optional("sweep") else { return nil }
        let trial = try fields.int("trial")
        let id = try fields.string("id")
        let label = trial == 0 ? id : "\(id)#\(trial)"
        if let reason = try sweep.optionalString("excluded") { return .excluded(RouterSweep.Exclusion(id: label, reason: reason)) }
        let cheap = try sweep.object("cheap")
        let strong = try sweep.object("strong")
        return .input(RouterSweep.Input(
            id: label, cheapPassed: try cheap.bool("passed"), cheapCostUSD: try cheap.number("costUsd"), cheapRuntimeTrouble: try cheap.bool("runtimeTrouble"),
            strongPassed: try strong.bool("passed"), strongCostUSD: try strong.number("costUsd"), score: try sweep.optionalNumber("score"),
            classifierCostUSD: try sweep.number("classifierCostUsd")))
    }

    /// A run's part of the router sweep.
    public enum SweepPart: Sendable, Hashable {
        /// How its replays went: the sweep is over it.
        case input(RouterSweep.Input)
        /// Why the sweep left it out.
        case excluded(RouterSweep.Exclusion)
    }

    static func numbers(_ fields: Fields) throws(JSONDecodingError) -> [String: Double] {
        var result: [String: Double] = [:]
        for key in fields.keys { result[key] = try fields.number(key) }
        return result
    }

    static func tokensByModel(_ fields: Fields) throws(JSONDecodingError) -> [String: TokenUsage] {
        var result: [String: TokenUsage] = [:]
        for key in fields.keys {
            let usage = try fields.object(key)
            result[key] = TokenUsage(
                input: try usage.int("input"), cachedInput: try usage.int("cachedInput"), cacheWrite: try usage.int("cacheWrite"),
                output: try usage.int("output"), reasoning: try usage.int("reasoning"))
        }
        return result
    }

    static func breakdowns(_ fields: Fields) throws(JSONDecodingError) -> [String: CostBreakdown] {
        var result: [String: CostBreakdown] = [:]
        for key in fields.keys {
            let parts = try fields.object(key)
            result[key] = CostBreakdown(
                input: try parts.number("input"), cachedInput: try parts.number("cachedInput"), cacheWrite: try parts.number("cacheWrite"),
                output: try parts.number("output"))
        }
        return result
    }
}
