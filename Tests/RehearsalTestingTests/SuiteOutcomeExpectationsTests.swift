import RehearsalTesting
import Synchronization
import Testing

struct SuiteOutcomeExpectationsTests {
    /// Two failing scenarios and a passing one of the built-in suite under always-cheap, found by running it.
    private func mixedRun() async throws -> SuiteOutcome {
        let suite = try BuiltInSuite.load("always-cheap")
        let all = try await suite.run()
        let failing = all.failures.prefix(2).map(\.id)
        let passing = all.results.filter(\.passed).prefix(1).map(\.id)
        try #require(
            failing.count == 2 && passing.count == 1, "the cheap models fail some built-in scenarios and pass others")
        return try await suite.run(scenarios: failing + passing)
    }

    @Test func expectAllPassedRecordsOneIssuePerFailedScenarioAtTheCaller() async throws {
        let outcome = try await mixedRun()
        #expect(outcome.failures.count == 2)
        let recorded = Mutex<[Issue]>([])
        withKnownIssue {
            outcome.expectAllPassed()
        } matching: { issue in
            recorded.withLock { $0.append(issue) }
            return true
        }
        let issues = recorded.withLock { $0 }
        #expect(issues.count == outcome.failures.count)
        for (issue, failure) in zip(issues, outcome.failures) {
            #expect(issue.comments.map(\.rawValue) == [failure.description])
            #expect(issue.sourceLocation?.fileName == "SuiteOutcomeExpectationsTests.swift")
        }
    }

    @Test func expectAllPassedRecordsNothingWhenEveryScenarioPassed() async throws {
        let suite = try BuiltInSuite.load("router")
        let passing = try await suite.run().results.filter(\.passed).map(\.id)
        try #require(!passing.isEmpty)
        // Outside withKnownIssue: an issue recorded here fails this test.
        try await suite.run(scenarios: passing).expectAllPassed()
    }

    @Test func expectPassRateRecordsAnIssueOnlyBelowTheMinimum() async throws {
        let outcome = try await mixedRun()
        try #require(outcome.passRate < 1)
        let recorded = Mutex<[String]>([])
        withKnownIssue {
            outcome.expectPassRate(atLeast: 1, "cheap models")
        } matching: { issue in
            recorded.withLock { $0.append(contentsOf: issue.comments.map(\.rawValue)) }
            return true
        }
        let message = try #require(recorded.withLock { $0 }.first)
        #expect(message.hasPrefix("pass rate "))
        #expect(message.contains("(\(outcome.passed) of \(outcome.results.count) runs) is below 100.0%"))
        #expect(message.contains(outcome.failureReport))
        #expect(message.hasSuffix("\ncheap models"))
        // At its own pass rate the expectation holds, and nothing is recorded.
        outcome.expectPassRate(atLeast: outcome.passRate)
    }
}
