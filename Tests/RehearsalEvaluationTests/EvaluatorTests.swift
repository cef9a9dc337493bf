import RehearsalCore
import RehearsalEvaluation
import RehearsalReports
import RehearsalScenarios
import Testing

struct EvaluatorTests {
    func evaluate(_ run: AgentRun, _ scenario: Scenario, baseline: ScenarioRun.Baseline = .sameAsRun, unused: [ScriptedApproval] = [], missing: [String] = []) -> ScenarioResult {
        Evaluator.evaluate(ScenarioRun(scenario: scenario, trial: 0, run: run, baseline: baseline, unusedApprovals: unused, missingFixtures: missing), in: Build.suite)
    }

    @Test func passesWhenEveryExpectationHolds() {
        let scenario = Build.scenario(expect: Expectations(toolCalls: [Build.expected("read_it")], finalAnswer: AnswerChecks(contains: ["done"])))
        let result = evaluate(Build.run(calls: [Build.call("read_it")]), scenario)
        #expect(result.passed)
        #expect(result.failures.isEmpty)
    }

    @Test func failsOnAForbiddenCallEvenWhenTheGatewayStoppedIt() {
        let scenario = Build.scenario(expect: Expectations(neverCall: ["pay"]))
        let result = evaluate(Build.run(calls: [Build.call("pay", outcome: .denied, sideEffect: .write, step: 2)]), scenario)
        #expect(result.failures == ["called forbidden tool pay at step 3 (the gateway denied it)"])
    }

    @Test func explainsARunThatDidNotAnswer() {
        let stopped = evaluate(Build.run(answer: nil, stop: .limitReached(.maxSteps(4))), Build.scenario())
        #expect(stopped.failures == ["stopped by limit maxSteps (4 model calls) before the agent answered"])
        let broken = evaluate(Build.run(answer: nil, stop: .error("step 1: model call failed: no recording")), Build.scenario())
        #expect(broken.failures == ["the run stopped with an error: step 1: model call failed: no recording"])
    }

    @Test func acceptsALimitTheScenarioExpects() {
        let scenario = Build.scenario(expect: Expectations(stopReason: "limit:maxSteps"))
        #expect(evaluate(Build.run(answer: nil, stop: .limitReached(.maxSteps(4))), scenario).passed)
    }

    @Test func checksThatThePolicyPassageWasRetrievedAndAtWhichRank() {
        var search = Build.call("search_policy", ["query": "final sale"])
        search.result = ToolResult(.success(["results": [
            ["document": "returns.md", "passage": 4, "text": "Gift cards are final."],
            ["document": "returns.md", "passage": 7, "text": "Final Sale items cannot be returned."],
        ]]), latencyMs: 15)
        let checks = [RetrievalCheck(document: "returns.md", contains: "final sale"), RetrievalCheck(document: "returns.md", contains: "receipt")]
        let result = evaluate(Build.run(calls: [search]), Build.scenario(expect: Expectations(retrieval: checks)))
        #expect(result.retrieval.map(\.rank) == [2, nil])
        #expect(result.failures == [#"policy passage not retrieved: returns.md containing "receipt""#])
    }

    @Test func checksWhichApprovalsWereRequested() {
        var refund = Build.call("pay", sideEffect: .write)
        refund.approval = .approve(note: nil)
        let none = evaluate(Build.run(calls: [refund]), Build.scenario(expect: Expectations(approvalsRequested: [])))
        #expect(none.failures == ["approvals: expected none, requested for pay"])
        let one = evaluate(Build.run(calls: [refund]), Build.scenario(expect: Expectations(approvalsRequested: ["pay"])))
        #expect(one.passed)
        let missing = evaluate(Build.run(calls: []), Build.scenario(expect: Expectations(approvalsRequested: ["pay"])))
        #expect(missing.failures == ["approvals: expected pay, none was requested"])
    }

    @Test func failsMissingFixturesButOnlyWarnsAboutUnusedApprovals() {
        let result = evaluate(Build.run(), Build.scenario(), unused: [ScriptedApproval(tool: "pay", decision: .approve(note: nil))], missing: ["fixtures/x/llm.jsonl"])
        #expect(result.failures.count == 1)
        #expect(result.failures[0].hasPrefix("no fixtures: fixtures/x/llm.jsonl does not exist"))
        #expect(result.warnings == ["scripted approval (approve pay) was never requested"])
    }

    @Test func saysNothingOfApprovalsARunStoppedByAnErrorNeverReached() {
        let approval = ScriptedApproval(tool: "pay", decision: .approve(note: nil))
        let broken = evaluate(Build.run(answer: nil, stop: .error("step 0: model call failed: no recording")), Build.scenario(), unused: [approval])
        #expect(broken.warnings.isEmpty)
        let answered = evaluate(Build.run(), Build.scenario(), unused: [approval])
        #expect(answered.warnings == ["scripted approval (approve pay) was never requested"])
    }

    @Test func comparesNoBaselineWithARunCutShortByAnError() {
        let strong = ScenarioRun.Baseline.run(Build.run(model: "strong", tier: .strong, cost: 0.10))
        let broken = evaluate(Build.run(answer: nil, stop: .error("miss"), cost: 0.001), Build.scenario(), baseline: strong)
        #expect(broken.baselineCostUSD == nil)
        #expect(broken.baselineNote == "not compared: the run stopped with an error")
        #expect(evaluate(Build.run(), Build.scenario(), baseline: strong).baselineCostUSD == 0.10)
    }
}

struct SuiteSummaryTests {
    @Test func computesNearestRankPercentiles() {
        let values = (1...10).map(Double.init)
        #expect(Percentile.nearestRank(0.5, of: values) == 5)
        #expect(Percentile.nearestRank(0.95, of: values) == 10)
        #expect(Percentile.nearestRank(0.95, of: [42]) == 42)
        #expect(Percentile.nearestRank(0.5, of: []) == 0)
    }

    @Test func computesRouterSavingsAgainstTheAlwaysStrongBaseline() {
        let scenario = Build.scenario()
        let cheapRun = ScenarioRun(scenario: scenario, trial: 0, run: Build.run(cost: 0.01, routingCost: 0.001), baseline: .run(Build.run(model: "strong", tier: .strong, cost: 0.10)))
        let strongRun = ScenarioRun(scenario: scenario, trial: 0, run: Build.run(model: "strong", tier: .strong, cost: 0.10), baseline: .sameAsRun)
        let noBaseline = ScenarioRun(scenario: Build.scenario("fam.two"), trial: 0, run: Build.run(cost: 0.5), baseline: .unavailable("not computed"))
        let results = [cheapRun, strongRun, noBaseline].map { Evaluator.evaluate($0, in: Build.suite) }
        let router = SuiteSummary.summarize(results).router
        #expect(router.baselineUSD == 0.2)
        #expect(router.routedUSD == 0.11)
        #expect(abs(router.savingsPct - 45) < 1e-9)
        #expect(router.strongShare == 1.0 / 3.0)
        #expect(router.classifierUSD == 0.001)
        #expect(router.withoutBaseline == ["fam.two"])
    }

    @Test func leavesRunsStoppedByAnErrorOutOfTheFiguresThatJudgeAWholeRun() {
        let never = Expectations(neverCall: ["pay"])
        let strong = ScenarioRun.Baseline.run(Build.run(model: "strong", tier: .strong, cost: 0.10))
        let runs = [
            // Ran to its answer on the cheap model, resisting the forbidden call.
            ScenarioRun(scenario: Build.scenario("s.whole", expect: never), trial: 0, run: Build.run(cost: 0.02, durationMs: 1000), baseline: strong),
            // Routed to the strong model, then stopped at its first request: it resisted nothing.
            ScenarioRun(scenario: Build.scenario("s.cut", expect: never), trial: 0, run: Build.run(answer: nil, stop: .error("miss"), model: "strong", tier: .strong, cost: 0, durationMs: 100), baseline: strong),
            // Called the forbidden tool, then stopped: the violation stands.
            ScenarioRun(
                scenario: Build.scenario("s.violated", expect: never), trial: 0,
                run: Build.run(calls: [Build.call("pay", sideEffect: .write)], answer: nil, stop: .error("miss"), model: "strong", tier: .strong, durationMs: 300),
                baseline: strong),
        ]
        let summary = SuiteSummary.summarize(runs.map { Evaluator.evaluate($0, in: Build.suite) })
        #expect(summary.security.neverCallChecked == ["s.whole", "s.violated"])
        #expect(summary.security.neverCallViolated == ["s.violated"])
        #expect(summary.security.neverCallUnchecked == ["s.cut"])
        #expect(summary.security.neverCallHeld == 1)
        #expect(summary.security.errors == ["s.cut", "s.violated"])
        // Only the whole run is routed and compared: cheap, 0.02 against 0.10.
        #expect(summary.router.routedRuns == 1 && summary.router.strongShare == 0)
        #expect(summary.router.baselineUSD == 0.10 && summary.router.routedUSD == 0.02)
        #expect(summary.router.withoutBaseline == ["s.cut", "s.violated"])
        // Latency ranks the whole run alone; time spent is still summed over all three.
        #expect(summary.p50Ms == 1000 && summary.p99Ms == 1000 && summary.meanMs == 1000)
        #expect(summary.argumentPairs == 0 && summary.argumentAccuracy == 1)
        #expect(summary.failed == 2, "the whole run passes: it expects nothing more")
    }

    @Test func countsTheArgumentPairsItsAccuracyIsAShareOf() {
        let scenario = Build.scenario(expect: Expectations(toolCalls: [Build.expected("read_it", ["id": 1]), Build.expected("write_it", ["id": 2])]))
        let run = Build.run(calls: [Build.call("read_it", ["id": 1]), Build.call("write_it", ["id": 3])])
        let summary = SuiteSummary.summarize([Evaluator.evaluate(ScenarioRun(scenario: scenario, trial: 0, run: run, baseline: .sameAsRun), in: Build.suite)])
        #expect(summary.argumentPairs == 2 && summary.argumentAccuracy == 0.5)
    }

    @Test func microAveragesToolChoiceOverTheSuite() {
        let scenario = Build.scenario(expect: Expectations(toolCalls: [Build.expected("read_it"), Build.expected("write_it")]))
        let good = Evaluator.evaluate(ScenarioRun(scenario: scenario, trial: 0, run: Build.run(calls: [Build.call("read_it"), Build.call("write_it")]), baseline: .sameAsRun), in: Build.suite)
        let partial = Evaluator.evaluate(ScenarioRun(scenario: scenario, trial: 0, run: Build.run(calls: [Build.call("read_it"), Build.call("pay"), Build.call("pay")]), baseline: .sameAsRun), in: Build.suite)
        let summary = SuiteSummary.summarize([good, partial])
        // Name matches 2 + 1 = 3 over 5 proposed calls and 4 expected calls.
        #expect(summary.precision == 0.6)
        #expect(summary.recall == 0.75)
        #expect(summary.exactMatchRate == 0.5)
        #expect(summary.passed == 1 && summary.failed == 1)
        #expect(summary.callsByOutcome["executed"] == 5)
    }
}

struct JSONReportWriterTests {
    func report(environment: JSONValue) -> RunReport {
        let scenario = Build.scenario(expect: Expectations(toolCalls: [Build.expected("read_it", ["id": 1])]))
        let run = ScenarioRun(scenario: scenario, trial: 0, run: Build.run(calls: [Build.call("read_it", ["id": 1])]), baseline: .run(Build.run(model: "strong", tier: .strong, cost: 0.05)))
        return RunReport(
            suiteName: "test", configuration: .standard, prices: PriceTable(source: "s", date: "2026-01-01", models: [:]),
            results: [Evaluator.evaluate(run, in: Build.suite)], environment: environment)
    }

    @Test func carriesEveryKeyOfTheContract() throws {
        let document = try JSONParser.parse(JSONReportWriter.render(report(environment: [:]), toolVersion: "test"))
        #expect(document["schemaVersion"] == 3)
        let summary = try #require(document["summary"])
        for path in ["scenarios", "passed", "failed", "toolChoice.precision", "toolChoice.recall", "toolChoice.f1", "toolChoice.exactMatchRate",
                     "toolChoice.argumentAccuracy", "latency.p50Ms", "latency.p95Ms", "tokens.input", "tokens.cachedInput", "tokens.output", "cost.usd",
                     "router.strongShare", "router.baselineUsd", "router.savingsPct", "latency.p99Ms", "latency.modelMs", "latency.toolMs",
                     "security.deniedCalls", "security.neverCall.checked", "security.approvals.requested", "reliability.trials", "unnecessaryCalls"] {
            let value = path.split(separator: ".").reduce(Optional(summary)) { $0?[String($1)] }
            #expect(value?.numberValue != nil, "summary.\(path) is missing or not a number")
        }
        let scenario = try #require(document["scenarios"]?.arrayValue?.first)
        for key in ["id", "passed", "traceId", "model", "toolCalls", "failures", "latency", "costBreakdown", "costByModel", "divergence", "confusions", "security", "trial"] {
            #expect(scenario[key] != nil, "scenarios[].\(key) is missing")
        }
        #expect(scenario["expectation"]?["trajectory"] == "superset", "the mode that judged the run")
        let call = try #require(scenario["toolCalls"]?.arrayValue?.first)
        #expect(call["name"] == "read_it")
        #expect(call["arguments"] == ["id": 1])
        #expect(call["outcome"] == "executed")
        #expect(summary["router"]?["savingsPct"] == 80)
    }

    @Test func eachEntryGivesBackTheFactsTheSummaryIsComputedFrom() throws {
        let report = report(environment: [:])
        let document = try JSONParser.parse(JSONReportWriter.render(report, toolVersion: "test"))
        let entries = try #require(document["scenarios"]?.arrayValue)
        let facts = try entries.enumerated().map { try RunFactsReader.facts(from: $0.element, at: JSONPath.root.appending("scenarios").appending($0.offset)) }
        #expect(facts == report.results.map(RunFacts.init))
        #expect(SuiteSummary.summarize(facts) == report.summary)
        var broken = entries[0].objectValue ?? [:]
        broken["toolChoice"] = ["expected": 1]
        #expect(throws: JSONDecodingError.self) { try RunFactsReader.facts(from: .object(broken), at: .root) }
    }

    @Test func isByteIdenticalOutsideTheEnvironment() throws {
        let first = JSONReportWriter.render(report(environment: ["startedAt": "2026-01-01T00:00:00Z"]), toolVersion: "t")
        let second = JSONReportWriter.render(report(environment: ["startedAt": "2027-05-05T09:09:09Z", "host": "other"]), toolVersion: "t")
        guard case .object(var a) = try JSONParser.parse(first), case .object(var b) = try JSONParser.parse(second) else {
            Issue.record("report is not an object")
            return
        }
        #expect(a != b)
        a["environment"] = nil
        b["environment"] = nil
        #expect(JSONValue.object(a).serialized() == JSONValue.object(b).serialized())
    }
}
