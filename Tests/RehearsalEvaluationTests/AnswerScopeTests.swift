import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios
import Testing

/// `expect.finalAnswer.scope` and `ignoreCharacters`: checking every answer of a run, as τ-bench checks a task's
/// outputs (each in some reply, lower-cased, commas removed).
struct AnswerScopeTests {
    static let answers = ["The change costs $23,553 in total; shall I go ahead?", "Done: your reservation is updated."]

    @Test func anyScopeFindsAPhraseInAnEarlierAnswer() {
        let any = AnswerChecks(contains: ["23553", "updated"], ignoreCharacters: ",", scope: .any)
        #expect(AnswerJudge.failures(answers: AnswerScopeTests.answers, checks: any).isEmpty)
        var final = any
        final.scope = .final
        #expect(
            AnswerJudge.failures(answers: AnswerScopeTests.answers, checks: final) == [
                #"final answer does not mention "23553""#
            ])
        #expect(
            AnswerJudge.failures(
                answers: AnswerScopeTests.answers, checks: AnswerChecks(contains: ["refunded"], scope: .any)) == [
                    #"no answer mentions "refunded""#
                ])
    }

    @Test func anyScopeForbidsAPhraseInEveryAnswer() {
        let checks = AnswerChecks(notContains: ["shall i"], scope: .any)
        #expect(
            AnswerJudge.failures(answers: AnswerScopeTests.answers, checks: checks) == [
                #"answer 1 of 2 mentions "shall i", which it must not"#
            ])
        #expect(
            AnswerJudge.failures(answers: AnswerScopeTests.answers, checks: AnswerChecks(notContains: ["shall i"]))
                .isEmpty)
    }

    @Test func anyScopeNeedsSomeAnswerToEqualAndToMatch() {
        let answers = ["Yes.", "Anything else?"]
        #expect(
            AnswerJudge.failures(
                answers: answers, checks: AnswerChecks(matches: ["else\\?$"], equals: "yes.", scope: .any)
            ).isEmpty)
        #expect(
            AnswerJudge.failures(answers: answers, checks: AnswerChecks(matches: ["^No"], equals: "no", scope: .any))
                == [
                    #"no answer is "no""#, "no answer matches /^No/",
                ])
    }

    @Test func anyScopeSkipsEmptyAnswersAndNeedsOne() {
        #expect(
            AnswerJudge.failures(answers: ["", ""], checks: AnswerChecks(contains: ["x"], scope: .any)) == [
                "the agent gave no answer to check"
            ])
        #expect(AnswerJudge.failures(answers: [], checks: AnswerChecks(scope: .any)).isEmpty)
        #expect(AnswerJudge.failures(answers: ["x", ""], checks: AnswerChecks(contains: ["x"], scope: .any)).isEmpty)
    }

    /// τ-bench removes commas only: `$235.53` does not contain `23553`, which `ignorePunctuation` would let through.
    @Test func ignoredCharactersAreRemovedAndNothingElse() {
        let commas = AnswerChecks(contains: ["23553"], ignoreCharacters: ",")
        #expect(AnswerJudge.failures("It is $23,553.", checks: commas).isEmpty)
        #expect(AnswerJudge.failures("It is $235.53.", checks: commas) == [#"final answer does not mention "23553""#])
        #expect(
            AnswerJudge.failures("It is $235.53.", checks: AnswerChecks(contains: ["23553"], ignorePunctuation: true))
                .isEmpty)
        #expect(AnswerChecks(ignoreCharacters: ",;").normalize("A,b;C") == "abc")
    }

    @Test func theEvaluatorChecksEveryAnswerOfTheRun() {
        var run = Build.run(answer: "Done.")
        run.answers = ["Your total is $1,628.", "Done."]
        let any = Build.scenario(
            expect: Expectations(finalAnswer: AnswerChecks(contains: ["1628"], ignoreCharacters: ",", scope: .any)))
        #expect(
            Evaluator.evaluate(ScenarioRun(scenario: any, trial: 0, run: run, baseline: .sameAsRun), in: Build.suite)
                .passed)
        let final = Build.scenario(
            expect: Expectations(finalAnswer: AnswerChecks(contains: ["1628"], ignoreCharacters: ",")))
        #expect(
            Evaluator.evaluate(ScenarioRun(scenario: final, trial: 0, run: run, baseline: .sameAsRun), in: Build.suite)
                .failures == [
                    #"final answer does not mention "1628""#
                ])
    }

    @Test func readsScopeAndIgnoredCharactersFromAScenario() throws {
        let checks = try AnswerChecks(json: ["contains": ["327"], "scope": "any", "ignoreCharacters": ","], at: .root)
        #expect(checks == AnswerChecks(contains: ["327"], ignoreCharacters: ",", scope: .any))
        #expect(try AnswerChecks(json: [:], at: .root) == AnswerChecks(scope: .final))
        let error = #expect(throws: JSONDecodingError.self) {
            try AnswerChecks(json: ["scope": "all"], at: JSONPath.root.appending("finalAnswer"))
        }
        #expect(
            error?.description
                == #"$.finalAnswer.scope: expected "final" (the last answer) or "any" (every answer of the run), found "all""#
        )
    }
}
