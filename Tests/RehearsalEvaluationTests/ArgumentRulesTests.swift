import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios
import Testing

struct ArgumentRulesTests {
    func matches(_ actual: JSONValue, _ expected: JSONValue, _ rules: ArgumentRules, tool: String = "t") -> Bool {
        ArgumentMatcher.matches(actual, expected: expected, rules: ArgumentRules.standard.overridden(by: rules).resolved(for: tool))
    }

    @Test func comparesOnCanonicalJSON() throws {
        let actual = try JSONParser.parse(#"{"b": 50.0, "a": {"y": [1, 2], "x": "q"}}"#)
        #expect(matches(actual, ["a": ["x": "q", "y": [1, 2]], "b": 50], ArgumentRules(mode: .exact)))
        #expect(!matches(actual, ["a": ["x": "q", "y": [2, 1]], "b": 50], ArgumentRules(mode: .exact)), "array order matters")
    }

    @Test func ignoresVolatileKeysAtAnyDepth() {
        let actual: JSONValue = ["quantity": 5, "request_id": "r-91", "meta": ["request_id": "r-92", "source": "ui"]]
        let expected: JSONValue = ["quantity": 5, "meta": ["source": "ui"]]
        #expect(!matches(actual, expected, ArgumentRules(mode: .exact)))
        #expect(matches(actual, expected, ArgumentRules(mode: .exact, ignore: ["request_id"])))
        #expect(!matches(["quantity": 5], ["quantity": 5, "request_id": "x"], ArgumentRules(mode: .exact)))
        #expect(matches(["quantity": 5], ["quantity": 5, "request_id": "x"], ArgumentRules(mode: .exact, ignore: ["request_id"])), "an ignored key need not be present")
    }

    @Test(arguments: [
        (59_450.004, ArgumentRules(tolerance: 0.01), true),
        (59_450.02, ArgumentRules(tolerance: 0.01), false),
        (59_400.0, ArgumentRules(relativeTolerance: 0.001), true),
        (59_300.0, ArgumentRules(relativeTolerance: 0.001), false),
        (59_450.0, ArgumentRules(), true),
        (59_450.5, ArgumentRules(), false),
    ])
    func matchesNumbersWithinTheTolerance(actual: Double, rules: ArgumentRules, expected: Bool) {
        #expect(matches(["total": .number(actual)], ["total": 59_450], rules) == expected)
    }

    @Test func acceptsAnyOfSeveralValues() {
        let expected: JSONValue = ["vendor_id": ["$anyOf": ["V-101", "V-204"]], "quantity": 50]
        #expect(matches(["vendor_id": "V-204", "quantity": 50], expected, .standard))
        #expect(!matches(["vendor_id": "V-317", "quantity": 50], expected, .standard))
    }

    @Test func explainsDifferencesUnderTheSameRules() {
        let calls = [Build.call("po", ["total": 100.4, "note": "x"])]
        let expected = [Build.expected("po", ["total": 100, "note": "y"])]
        let failures = TrajectoryJudge.failures(calls, expected: expected, mode: .superset, rules: ArgumentRules(tolerance: 0.5), writes: [])
        #expect(failures == [#"missing expected call po {"note":"y","total":100}; the agent called po with note "x" (expected "y")"#], "the total is within tolerance, so only the note differs")
    }

    @Test func appliesPerToolOverrides() {
        let rules = ArgumentRules(perTool: ["create_po": ArgumentRules(tolerance: 1)])
        #expect(matches(["total": 100.5], ["total": 100], rules, tool: "create_po"))
        #expect(!matches(["total": 100.5], ["total": 100], rules, tool: "refund"))
    }

    @Test func layersScenarioRulesOverTheConfiguration() throws {
        let configuration = try JSONFile.decode(EvaluationDefaults.self, from: #"{"trajectory": "strict", "arguments": {"ignore": ["request_id"], "tolerance": 0.5}}"#, file: "c.json")
        let scenario = try JSONFile.decode(ArgumentRules.self, from: #"{"mode": "exact", "perTool": {"pay": {"tolerance": 0}}}"#, file: "s.json")
        let merged = configuration.arguments.overridden(by: scenario)
        #expect(configuration.trajectory == .strict)
        #expect(merged.resolved(for: "quote") == ResolvedArgumentRules(mode: .exact, ignore: ["request_id"], tolerance: 0.5, relativeTolerance: 0))
        #expect(merged.resolved(for: "pay").tolerance == 0)
        #expect(try JSONFile.decode(ArgumentRules.self, from: #""exact""#, file: "s.json").mode == .exact)
        #expect(throws: InputError.self) { try JSONFile.decode(ArgumentRules.self, from: #"{"tolerance": -1}"#, file: "s.json") }
    }
}

struct TrajectoryAnalysisTests {
    @Test func findsTheFirstDivergenceWhateverTheMode() throws {
        let calls = [Build.call("get_budget"), Build.call("request_quote"), Build.call("create_po")]
        let expected = [Build.expected("get_budget"), Build.expected("list_vendors"), Build.expected("request_quote"), Build.expected("create_po")]
        let divergence = try #require(TrajectoryJudge.divergence(calls, expected: expected, rules: .standard))
        #expect(divergence.index == 1)
        #expect(divergence.expected?.name == "list_vendors")
        #expect(divergence.actual?.name == "request_quote")
        #expect(TrajectoryJudge.divergence(calls, expected: [Build.expected("get_budget"), Build.expected("request_quote"), Build.expected("create_po")], rules: .standard) == nil)
    }

    @Test func pairsMissingExpectationsWithTheToolPickedInstead() {
        // Expected a budget check and an order; the agent looked up vendors instead of the budget and ordered.
        let calls = [Build.call("list_vendors"), Build.call("create_po"), Build.call("notify")]
        let expected = [Build.expected("get_budget"), Build.expected("create_po"), Build.expected("audit")]
        let result = TrajectoryJudge.mismatches(calls, expected: expected, rules: .standard)
        #expect(result.unnecessary == [0, 2])
        #expect(result.confusions.map(\.expected) == ["get_budget", "audit"])
        #expect(result.confusions.map(\.picked) == ["list_vendors", "notify"])
    }

    @Test func reportsTheRightToolWithOtherArgumentsAsAnArgumentMismatch() {
        // The cheap model skips the budget check and the second quote, and orders from the wrong vendor.
        let expected = [
            Build.expected("get_budget", ["department": "IT"]), Build.expected("list_certified_vendors"), Build.expected("request_quote", ["vendor_id": "V-1"]),
            Build.expected("request_quote", ["vendor_id": "V-2"]), Build.expected("create_purchase_order", ["vendor_id": "V-2"]),
        ]
        let calls = [Build.call("list_certified_vendors"), Build.call("request_quote", ["vendor_id": "V-1"]), Build.call("create_purchase_order", ["vendor_id": "V-9"])]
        let result = TrajectoryJudge.mismatches(calls, expected: expected, rules: .standard)
        #expect(result.unnecessary == [2])
        // Not "get_budget → create_purchase_order": the order was made, with other arguments; the budget check was skipped.
        #expect(result.confusions.map(\.expected) == ["get_budget", "request_quote", "create_purchase_order"])
        #expect(result.confusions.map(\.picked) == [nil, nil, "create_purchase_order"])
    }

    @Test func pairsAToolConfusionWithTheStrayCallNearestToWhereTheMissingCallBelongs() {
        // Two stray reads first, then X where B belongs and Y where D belongs: B sits right after A's call (index 2),
        // so at 3, where X is; D right after C's (index 4), at 5, where Y is.
        let calls = [Build.call("read_it"), Build.call("read_it"), Build.call("a"), Build.call("x"), Build.call("c"), Build.call("y")]
        let expected = [Build.expected("a"), Build.expected("b"), Build.expected("c"), Build.expected("d")]
        let result = TrajectoryJudge.mismatches(calls, expected: expected, rules: .standard)
        #expect(result.unnecessary == [0, 1, 3, 5])
        #expect(result.confusions.map(\.expected) == ["b", "d"])
        #expect(result.confusions.map(\.picked) == ["x", "y"])
    }

    @Test func takesTheEarlierStrayCallOnATie() {
        // B belongs at 3 (after A at 2); W at 0 is 3 away, X at 1 and Y at 5 are both 2 away.
        let calls = [Build.call("w"), Build.call("x"), Build.call("a"), Build.call("m"), Build.call("n"), Build.call("y")]
        let expected = [Build.expected("a"), Build.expected("b"), Build.expected("m"), Build.expected("n")]
        let result = TrajectoryJudge.mismatches(calls, expected: expected, rules: .standard)
        #expect(result.confusions.map(\.picked) == ["x"])
    }

    @Test func pairsArgumentMismatchesBeforeToolConfusions() {
        // Q {1} takes the stray Q, though P is nearer; Q {2} has no stray Q left and takes P.
        let calls = [Build.call("p"), Build.call("q", ["v": 3])]
        let expected = [Build.expected("q", ["v": 1]), Build.expected("q", ["v": 2])]
        let result = TrajectoryJudge.mismatches(calls, expected: expected, rules: .standard)
        #expect(result.confusions.map(\.picked) == ["q", "p"])
        #expect(result.unnecessary == [0, 1])
    }

    @Test func callsItNoArgumentMismatchWhenTheToolsOnlyCallMatchedAnotherExpectation() {
        // The one Q call is Q {1}'s; Q {2} was not made with other arguments, so S stands in for it; R gets nothing.
        let calls = [Build.call("q", ["v": 1]), Build.call("s")]
        let expected = [Build.expected("q", ["v": 1]), Build.expected("q", ["v": 2]), Build.expected("r")]
        let result = TrajectoryJudge.mismatches(calls, expected: expected, rules: .standard)
        #expect(result.confusions.map(\.expected) == ["q", "r"])
        #expect(result.confusions.map(\.picked) == ["s", nil])
    }

    @Test func reportsMissingCallsWithNothingPickedWhenThereAreNoStrayCalls() {
        let result = TrajectoryJudge.mismatches([Build.call("a")], expected: [Build.expected("a"), Build.expected("b")], rules: .standard)
        #expect(result.unnecessary.isEmpty)
        #expect(result.confusions.count == 1 && result.confusions[0].expected == "b" && result.confusions[0].picked == nil)
    }
}

struct OptionalAlignmentTests {
    @Test func neverLetsAnOptionalExpectationTakeTheCallARequiredOneNeeds() {
        let expected = [ExpectedCall(name: "search_policy", optional: true), Build.expected("search_policy")]
        let calls = [Build.call("search_policy")]
        #expect(TrajectoryJudge.divergence(calls, expected: expected, rules: .standard) == nil)
        #expect(TrajectoryJudge.failures(calls, expected: expected, mode: .strict, rules: .standard, writes: []).isEmpty)
        #expect(ToolChoiceScore.score(calls, expected: expected, rules: .standard).exactMatch)
    }

    @Test func reportsTheFurthestPointAnyAlignmentReaches() throws {
        let expected = [Build.expected("a"), ExpectedCall(name: "b", optional: true), Build.expected("c"), Build.expected("d")]
        let divergence = try #require(TrajectoryJudge.divergence([Build.call("a"), Build.call("c"), Build.call("x")], expected: expected, rules: .standard))
        #expect(divergence.index == 2 && divergence.expected?.name == "d" && divergence.actual?.name == "x")
        let early = try #require(TrajectoryJudge.divergence([Build.call("a")], expected: expected, rules: .standard))
        #expect(early.index == 1 && early.expected?.name == "c" && early.actual == nil)
    }

    @Test func countsOnlyTheCallsPairedWithTheRepeatedExpectation() {
        let expected = [Build.expected("quote"), Build.expected("quote"), Build.expected("order")]
        let failures = TrajectoryJudge.failures([Build.call("quote"), Build.call("order")], expected: expected, mode: .superset, rules: .standard, writes: [])
        #expect(failures == ["expected 2 calls of quote, the agent made 1"])
    }
}
