import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios
import Testing

struct ToolChoiceScoreTests {
    @Test func computesPrecisionRecallAndF1OverToolNames() {
        // Expected a, b, b, c; the agent called a, b, d. Matches by name: a and one b = 2.
        let score = ToolChoiceScore.score(
            [Build.call("a"), Build.call("b"), Build.call("d")], expected: ["a", "b", "b", "c"].map { Build.expected($0) }, rules: .standard)
        #expect(score.precision == 2.0 / 3.0)
        #expect(score.recall == 0.5)
        #expect(abs(score.f1 - 4.0 / 7.0) < 1e-12)
        #expect(score.exactMatch == false)
        #expect(score.argumentAccuracy == nil, "no expected call carries arguments")
    }

    @Test(arguments: [
        ([String](), [String](), 1.0, 1.0, 1.0),
        (["a"], [String](), 0.0, 1.0, 0.0),
        ([String](), ["a"], 0.0, 0.0, 0.0),
    ])
    func handlesEmptySidesExplicitly(calls: [String], expected: [String], precision: Double, recall: Double, f1: Double) {
        let score = ToolChoiceScore.score(calls.map { Build.call($0) }, expected: expected.map { Build.expected($0) }, rules: .standard)
        #expect(score.precision == precision)
        #expect(score.recall == recall)
        #expect(score.f1 == f1)
    }

    @Test func countsOptionalCallsWhenMadeAndNeverMissesThem() {
        let expected = [Build.expected("lookup"), ExpectedCall(name: "search_policy", optional: true), Build.expected("refund")]
        let withLookup = ToolChoiceScore.score([Build.call("lookup"), Build.call("search_policy"), Build.call("refund")], expected: expected, rules: .standard)
        #expect(withLookup.precision == 1 && withLookup.recall == 1 && withLookup.exactMatch)
        #expect(withLookup.expectedCount == 2)
        let without = ToolChoiceScore.score([Build.call("lookup"), Build.call("refund")], expected: expected, rules: .standard)
        #expect(without.precision == 1 && without.recall == 1 && without.exactMatch)
        let missingRequired = ToolChoiceScore.score([Build.call("search_policy"), Build.call("refund")], expected: expected, rules: .standard)
        #expect(missingRequired.recall == 0.5)
        #expect(missingRequired.precision == 1)
    }

    @Test func creditsARepairedRetryWithItsCorrectArguments() {
        let calls = [Build.call("order", ["quantity": "fifty"], outcome: .invalid), Build.call("order", ["quantity": 50])]
        let score = ToolChoiceScore.score(calls, expected: [Build.expected("order", ["quantity": 50])], rules: .standard)
        #expect(score.argumentAccuracy == 1)
        #expect(score.precision == 0.5, "the invalid attempt still counts as a proposed call")
    }

    @Test func countsWrongArgumentsAgainstArgumentAccuracy() {
        let calls = [Build.call("quote", ["vendor": "V-1"]), Build.call("quote", ["vendor": "V-3"])]
        let expected = [Build.expected("quote", ["vendor": "V-1"]), Build.expected("quote", ["vendor": "V-2"])]
        let score = ToolChoiceScore.score(calls, expected: expected, rules: .standard)
        #expect(score.argumentAccuracy == 0.5)
        #expect(score.f1 == 1)
    }

    @Test func exactMatchNeedsSameCallsSameOrderMatchingArguments() throws {
        let calls = [Build.call("a", ["x": 1, "extra": true]), Build.call("b")]
        #expect(ToolChoiceScore.score(calls, expected: [Build.expected("a", ["x": 1.0]), Build.expected("b")], rules: .standard).exactMatch)
        #expect(!ToolChoiceScore.score(calls, expected: [Build.expected("a", ["x": 1]), Build.expected("b")], rules: ArgumentRules(mode: .exact)).exactMatch)
        #expect(!ToolChoiceScore.score(calls.reversed(), expected: [Build.expected("a"), Build.expected("b")], rules: .standard).exactMatch)
    }
}

struct TrajectoryJudgeTests {
    let calls = [Build.call("read_it", ["id": 1]), Build.call("write_it", ["v": 2], sideEffect: .write), Build.call("read_it", ["id": 3])]
    let writes: Set<String> = ["write_it", "pay"]

    func failures(_ expected: [ExpectedCall], _ mode: TrajectoryMode, calls: [ToolCallRecord]? = nil) -> [String] {
        TrajectoryJudge.failures(calls ?? self.calls, expected: expected, mode: mode, rules: .standard, writes: writes)
    }

    @Test func strictNamesTheFirstDivergentCall() {
        let expected = [Build.expected("read_it"), Build.expected("read_it"), Build.expected("write_it")]
        #expect(failures(expected, .strict) == [#"trajectory diverges at call 2: expected read_it, the agent called write_it {"v":2}"#])
        #expect(failures(calls.map { Build.expected($0.name) }, .strict).isEmpty)
    }

    @Test func unorderedNeedsTheSameMultiset() {
        let shuffled = [Build.expected("read_it"), Build.expected("read_it"), Build.expected("write_it")]
        #expect(failures(shuffled, .unordered).isEmpty)
        #expect(failures(Array(shuffled.dropLast()), .unordered) == [#"unexpected call 2: write_it {"v":2}"#])
    }

    @Test func supersetAllowsExtraCallsButNotMissingOnes() {
        #expect(failures([Build.expected("write_it", ["v": 2])], .superset).isEmpty)
        #expect(failures([Build.expected("write_it", ["v": 9])], .superset) == [#"missing expected call write_it {"v":9}; the agent called write_it with v 2 (expected 9)"#])
    }

    @Test func subsetAllowsMissingCallsButNotExtraOnes() {
        let many = calls.map { Build.expected($0.name) } + [Build.expected("pay")]
        #expect(failures(many, .subset).isEmpty)
        #expect(failures([Build.expected("read_it")], .subset).count == 2)
    }

    @Test func writesModeOnlyCountsExecutedWrites() {
        let withFailedWrite = calls + [Build.call("pay", outcome: .denied, sideEffect: .write)]
        // The denied payment changed nothing, and reads are free.
        #expect(failures([Build.expected("write_it", ["v": 2]), Build.expected("read_it", ["id": 99])], .writes, calls: withFailedWrite).isEmpty)
        #expect(failures([Build.expected("pay")], .writes, calls: withFailedWrite) == ["missing expected write pay", #"unexpected write: write_it {"v":2}"#])
    }

    @Test func countsARetryThatNeverHappened() {
        let calls = [Build.call("quote", ["vendor": "V-1"], outcome: .failed), Build.call("quote", ["vendor": "V-2"])]
        let expected = [Build.expected("quote", ["vendor": "V-1"]), Build.expected("quote", ["vendor": "V-1"]), Build.expected("quote", ["vendor": "V-2"])]
        #expect(failures(expected, .superset, calls: calls) == [#"expected 2 calls of quote {"vendor":"V-1"}, the agent made 1"#])
    }

    @Test func writesModeJudgesTheArgumentsAWriteRanWith() {
        var edited = Build.call("pay", ["amount": 500], sideEffect: .write)
        edited.editedArguments = ["amount": 400]
        #expect(failures([Build.expected("pay", ["amount": 400])], .writes, calls: [edited]).isEmpty)
        #expect(failures([Build.expected("pay", ["amount": 500])], .writes, calls: [edited]) == [
            #"missing expected write pay {"amount":500}; the agent ran pay with amount 400 (expected 500)"#,
        ])
        // A second write of the tool, beyond the one standing in for the expected write, is unexpected.
        var again = edited
        again.callID = "second"
        #expect(failures([Build.expected("pay", ["amount": 500])], .writes, calls: [edited, again]).count == 2)
    }

    @Test func skipsOptionalExpectationsInEveryMode() {
        let expected = [ExpectedCall(name: "read_it", optional: true), Build.expected("write_it")]
        let calls = [Build.call("write_it", sideEffect: .write)]
        for mode in TrajectoryMode.allCases {
            #expect(failures(expected, mode, calls: calls).isEmpty, "mode \(mode)")
        }
        let withRead = [Build.call("read_it"), Build.call("write_it", sideEffect: .write)]
        for mode in TrajectoryMode.allCases {
            #expect(failures(expected, mode, calls: withRead).isEmpty, "mode \(mode) with the optional call made")
        }
        #expect(failures(expected, .strict, calls: [Build.call("read_it")]) == ["trajectory diverges at call 2: expected write_it, the agent made no more calls"])
    }

    @Test func keepsOptionalExpectationsFromTakingCallsRequiredOnesNeed() {
        let expected = [ExpectedCall(name: "read_it", optional: true), Build.expected("read_it", ["id": 1])]
        #expect(failures(expected, .superset, calls: [Build.call("read_it", ["id": 1])]).isEmpty)
    }

    @Test func pairsCallsSoAGreedyChoiceDoesNotHideAMatch() {
        // The first read matches either expectation; Kuhn's matching must still pair both.
        let calls = [Build.call("read_it", ["id": 1, "kind": "x"]), Build.call("read_it", ["id": 1])]
        let expected = [Build.expected("read_it", ["id": 1]), Build.expected("read_it", ["kind": "x"])]
        #expect(failures(expected, .unordered, calls: calls).isEmpty)
    }
}

struct AnswerJudgeTests {
    @Test func checksContainsNotContainsAndPatternsIgnoringCase() {
        let checks = AnswerChecks(contains: ["po-2026-0142"], notContains: ["refund"], matches: [#"\$59,450"#])
        #expect(AnswerJudge.failures("Drafted PO-2026-0142 for $59,450.", checks: checks).isEmpty)
        #expect(AnswerJudge.failures("Issued a Refund.", checks: checks) == [
            #"final answer does not mention "po-2026-0142""#, #"final answer mentions "refund", which it must not"#, #"final answer does not match /\$59,450/"#,
        ])
    }

    @Test func comparesWithoutPunctuationLikeTauBench() {
        let checks = AnswerChecks(contains: ["59450", "po 2026 0142"], ignorePunctuation: true)
        #expect(AnswerJudge.failures("Drafted PO-2026-0142, total $59,450.", checks: checks) == [#"final answer does not mention "po 2026 0142""#])
        #expect(AnswerJudge.failures("Drafted PO 2026 0142 (total: $59,450).", checks: checks).isEmpty)
    }

    @Test func checksTheWholeAnswerWithEquals() {
        #expect(AnswerJudge.failures("  Yes. \n", checks: AnswerChecks(equals: "yes.")).isEmpty)
        #expect(AnswerJudge.failures("Yes, done.", checks: AnswerChecks(equals: "yes")) == [#"final answer is not "yes""#])
        #expect(AnswerJudge.failures("Yes!", checks: AnswerChecks(equals: "yes", ignorePunctuation: true)).isEmpty)
    }

    @Test func respectsCaseWhenAsked() {
        let checks = AnswerChecks(contains: ["PO"], caseSensitive: true)
        #expect(AnswerJudge.failures("po-1", checks: checks).count == 1)
    }

    @Test func failsWithoutAnAnswerOnlyWhenSomethingIsChecked() {
        #expect(AnswerJudge.failures(nil, checks: AnswerChecks()).isEmpty)
        #expect(AnswerJudge.failures(nil, checks: AnswerChecks(contains: ["x"])) == ["the agent gave no final answer to check"])
    }
}
