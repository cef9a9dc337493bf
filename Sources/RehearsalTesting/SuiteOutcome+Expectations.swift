// Swift Testing ships with the Swift 6 toolchains; where it does not (or for XCTest), `failureReport` and
// `description` carry the same messages for `XCTAssert`.
#if canImport(Testing)
    import RehearsalScenarios
    public import Testing

    extension SuiteOutcome {
        /// Records one Swift Testing issue per failed scenario run, naming the scenario, its first failure and its first
        /// divergent call, at the caller's source location; records one issue when nothing ran.
        ///
        /// ```swift
        /// let outcome = try await suite.run(only: { $0.family == "procurement" })
        /// outcome.expectAllPassed()
        /// ```
        ///
        /// - Parameters:
        ///   - comment: Added to every issue, after the scenario's message.
        ///   - sourceLocation: Where the issues are reported; the call site by default.
        public func expectAllPassed(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
            guard !results.isEmpty else {
                Issue.record(message("no scenario ran in suite \(suiteName)", comment), sourceLocation: sourceLocation)
                return
            }
            for failure in failures {
                Issue.record(message(failure.description, comment), sourceLocation: sourceLocation)
            }
        }

        /// Records a Swift Testing issue when fewer than `minimum` (0...1) of the scenario runs passed, with the pass
        /// rate and every failure; records nothing otherwise.
        ///
        /// - Parameters:
        ///   - minimum: The lowest acceptable share of passing runs, such as `0.95`.
        ///   - comment: Added to the issue.
        ///   - sourceLocation: Where the issue is reported; the call site by default.
        public func expectPassRate(
            atLeast minimum: Double, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
        ) {
            guard results.isEmpty || passRate < minimum else { return }
            let headline =
                "pass rate \(OutcomeFormat.percent(passRate)) (\(passed) of \(results.count) runs) is below "
                + "\(OutcomeFormat.percent(minimum)) in suite \(suiteName), configuration \(configuration.name)"
            Issue.record(
                message(failures.isEmpty ? headline : headline + "\n" + failureReport, comment),
                sourceLocation: sourceLocation)
        }

        private func message(_ text: String, _ comment: Comment?) -> Comment {
            Comment(rawValue: comment.map { text + "\n" + $0.rawValue } ?? text)
        }
    }
#endif
