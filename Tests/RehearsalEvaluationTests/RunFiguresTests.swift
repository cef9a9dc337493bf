import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios
import Testing

struct RunFiguresTests {
    func span(_ kind: SpanKind, _ start: Double, _ end: Double, model: String? = nil, sequence: Int) -> Span {
        var attributes: [String: JSONValue] = [:]
        attributes["model"] = model.map(JSONValue.string)
        return Span(id: SpanID.derived(trace: TraceID.derived(from: ["t"]), sequence: sequence), parentID: nil, name: kind.rawValue, kind: kind, startMs: start, endMs: end, status: .ok, attributes: attributes)
    }

    @Test func measuresModelAndToolTimeAsUnionsOfSpans() {
        var run = Build.run(durationMs: 2000)
        run.spans = [
            span(.routing, 0, 100, model: "cheap", sequence: 0),
            span(.model, 100, 600, model: "strong", sequence: 1),
            span(.toolCall, 600, 1000, sequence: 2), span(.execution, 600, 900, sequence: 3),
            span(.toolCall, 600, 1000, sequence: 4), span(.execution, 650, 1000, sequence: 5),  // parallel: 600-1000 once
            span(.model, 1000, 1400, model: "strong", sequence: 6),
            span(.model, 1200, 1500, model: "cheap", sequence: 7),  // a specialist's call overlapping: 1000-1500 once
        ]
        let latency = LatencyBreakdown(run)
        #expect(latency.endToEndMs == 2000)
        #expect(latency.routingMs == 100)
        #expect(latency.modelMs == 500 + 500)
        #expect(latency.toolMs == 400)
        #expect(latency.timeToFirstActionMs == 600)
        #expect(LatencyBreakdown(Build.run()).timeToFirstActionMs == nil)
    }

    @Test func summarizesLatencyPerModel() {
        var first = Build.run()
        first.spans = [span(.model, 0, 100, model: "cheap", sequence: 0), span(.model, 100, 400, model: "cheap", sequence: 1), span(.model, 400, 1400, model: "strong", sequence: 2)]
        var second = Build.run()
        second.spans = [span(.model, 0, 200, model: "cheap", sequence: 0)]
        let results = [first, second].map { Evaluator.evaluate(ScenarioRun(scenario: Build.scenario(), trial: 0, run: $0, baseline: .sameAsRun), in: Build.suite) }
        let byModel = SuiteSummary.summarize(results).latencyByModel
        // cheap: 100, 300, 200 -> median 200, p95 300, mean 200.
        #expect(byModel["cheap"] == ModelLatency(calls: 3, p50Ms: 200, p95Ms: 300, meanMs: 200))
        #expect(byModel["strong"]?.calls == 1)
    }

    @Test func collectsSafetyFiguresWithTheRunsTheyComeFrom() {
        var approved = Build.call("pay", sideEffect: .write)
        approved.approval = .approve(note: nil)
        var rejected = Build.call("pay", outcome: .rejected, sideEffect: .write)
        rejected.approval = .reject(reason: "no")
        var edited = Build.call("pay", sideEffect: .write)
        edited.approval = .approveEdited(arguments: [:], note: nil)
        let runs: [(String, AgentRun, [String])] = [
            ("s.denied", Build.run(calls: [Build.call("pay", outcome: .denied), Build.call("read_it", outcome: .invalid)]), ["pay"]),
            ("s.approvals", Build.run(calls: [approved, rejected, edited]), []),
            ("s.limited", Build.run(answer: nil, stop: .limitReached(.maxSteps(3))), ["pay"]),
            ("s.broken", Build.run(answer: nil, stop: .error("miss")), []),
        ]
        let results = runs.map { id, run, never in
            Evaluator.evaluate(ScenarioRun(scenario: Build.scenario(id, expect: Expectations(neverCall: never)), trial: 0, run: run, baseline: .sameAsRun), in: Build.suite)
        }
        let security = SuiteSummary.summarize(results).security
        #expect(security.deniedCalls == 1 && security.deniedIn == ["s.denied"])
        #expect(security.invalidCalls == 1 && security.invalidIn == ["s.denied"])
        #expect(security.neverCallChecked == ["s.denied", "s.limited"])
        #expect(security.neverCallViolated == ["s.denied"])
        #expect(security.neverCallHeld == 1)
        #expect(security.approvalsRequested == 3 && security.approvalsGranted == 1 && security.approvalsEdited == 1 && security.approvalsRejected == 1)
        #expect(security.approvalsIn == ["s.approvals"])
        #expect(security.limitsHit == ["maxSteps": ["s.limited"]])
        #expect(security.errors == ["s.broken"])
    }

    @Test func tabulatesToolSelectionConfusions() {
        let scenario = Build.scenario(expect: Expectations(toolCalls: [Build.expected("read_it"), Build.expected("write_it")]))
        let runs = [
            Build.run(calls: [Build.call("pay"), Build.call("write_it")]),
            Build.run(calls: [Build.call("pay")]),
            Build.run(calls: []),
        ]
        let results = runs.map { Evaluator.evaluate(ScenarioRun(scenario: scenario, trial: 0, run: $0, baseline: .sameAsRun), in: Build.suite) }
        let summary = SuiteSummary.summarize(results)
        #expect(summary.confusion == ["read_it": ["pay": 2, "(none)": 1], "write_it": ["(none)": 2]])
        #expect(summary.unnecessaryCalls == 2, "a call that stands in for a missing one is still unexpected")
    }

    @Test func marksTheRightToolWithOtherArgumentsAsAnArgumentMismatch() throws {
        let scenario = Build.scenario(expect: Expectations(toolCalls: [Build.expected("read_it"), Build.expected("pay", ["usd": 10])]))
        let result = Evaluator.evaluate(ScenarioRun(scenario: scenario, trial: 0, run: Build.run(calls: [Build.call("pay", ["usd": 12])]), baseline: .sameAsRun), in: Build.suite)
        #expect(result.confusions.map(\.isArgumentMismatch) == [false, true])
        #expect(SuiteSummary.summarize([result]).confusion == ["read_it": ["(none)": 1], "pay": ["pay": 1]], "the diagonal counts argument mismatches")
    }

    @Test func pricesEachKindOfTokenPerModel() {
        let prices = PriceTable(source: "s", date: "d", models: ["cheap": ModelPrice(input: 1, cachedInput: 0.5, cacheWrite: 2, output: 4)])
        let run = Build.run(usage: TokenUsage(input: 1000, cachedInput: 600, cacheWrite: 100, output: 50))
        let result = Evaluator.evaluate(ScenarioRun(scenario: Build.scenario(), trial: 0, run: run, baseline: .sameAsRun), in: Build.suite, prices: prices)
        // 300 uncached x 1 + 600 x 0.5 + 100 x 2 + 50 x 4 per million.
        #expect(result.costBreakdown["cheap"] == CostBreakdown(input: 0.0003, cachedInput: 0.0003, cacheWrite: 0.0002, output: 0.0002))
    }
}
