public import RehearsalCore
public import RehearsalScenarios

/// Judges the agent's calls against the expected ones in a ``TrajectoryMode``, explaining every mismatch.
public enum TrajectoryJudge {
    /// The verdict: empty when the trajectory passes, otherwise one reason per problem.
    /// - Parameters:
    ///   - calls: every call the agent proposed, in order.
    ///   - expected: the expected calls, in order.
    ///   - mode: how to compare them.
    ///   - arguments: how to compare arguments.
    ///   - writes: the names of the tools that change state (for the `writes` mode).
    public static func failures(_ calls: [ToolCallRecord], expected: [ExpectedCall], mode: TrajectoryMode, arguments: ArgumentMode, writes: Set<String>) -> [String] {
        switch mode {
        case .strict:
            return firstDivergence(calls, expected: expected, arguments: arguments).map { [$0] } ?? []
        case .unordered, .subset, .superset:
            let pairing = match(calls, expected, arguments: arguments)
            var failures: [String] = []
            if mode != .subset {
                failures += missingCalls(expected, unmatched: pairing.expectedToCall, calls: calls, arguments: arguments)
            }
            // An optional expectation may be skipped, but a call matching it is not "unexpected".
            if mode != .superset {
                for (index, call) in calls.enumerated() where pairing.callToExpected[index] == nil {
                    failures.append("unexpected call \(index + 1): \(describe(call))")
                }
            }
            return failures
        case .writes:
            let executedWrites = calls.filter { $0.outcome == .executed && writes.contains($0.name) }
            let expectedWrites = expected.filter { writes.contains($0.name) }
            let pairing = match(executedWrites, expectedWrites, arguments: arguments, executed: true)
            var failures: [String] = []
            failures += missingCalls(expectedWrites, unmatched: pairing.expectedToCall, calls: executedWrites, arguments: arguments, what: "write", executed: true)
            for (index, call) in executedWrites.enumerated() where pairing.callToExpected[index] == nil {
                failures.append("unexpected write: \(describe(call, executed: true))")
            }
            return failures
        }
    }

    /// Where the calls first leave the expected sequence, skipping optional expectations the agent did not make;
    /// nil when they follow it to the end.
    static func firstDivergence(_ calls: [ToolCallRecord], expected: [ExpectedCall], arguments: ArgumentMode) -> String? {
        var next = 0
        for (index, call) in calls.enumerated() {
            while next < expected.count && expected[next].optional && !ArgumentMatcher.call(call, matches: expected[next], mode: arguments) {
                next += 1
            }
            guard next < expected.count else {
                return "trajectory diverges at call \(index + 1): nothing more was expected, the agent called \(describe(call))"
            }
            guard ArgumentMatcher.call(call, matches: expected[next], mode: arguments) else {
                return "trajectory diverges at call \(index + 1): expected \(describe(expected[next])), the agent called \(describe(call))"
            }
            next += 1
        }
        if let missing = expected[next...].first(where: { !$0.optional }) {
            return "trajectory diverges at call \(calls.count + 1): expected \(describe(missing)), the agent made no more calls"
        }
        return nil
    }

    /// A maximum pairing of calls to expected calls (Kuhn's augmenting paths; suites are small). Required
    /// expectations are paired first, so an optional one never takes a call a required one needs.
    static func match(_ calls: [ToolCallRecord], _ expected: [ExpectedCall], arguments: ArgumentMode, executed: Bool = false) -> (callToExpected: [Int?], expectedToCall: [Int?]) {
        var callToExpected = [Int?](repeating: nil, count: calls.count)
        var expectedToCall = [Int?](repeating: nil, count: expected.count)
        let fits = expected.map { expectation in calls.indices.filter { ArgumentMatcher.call(calls[$0], matches: expectation, mode: arguments, executed: executed) } }
        func augment(_ expectation: Int, _ visited: inout Set<Int>) -> Bool {
            for call in fits[expectation] where !visited.contains(call) {
                visited.insert(call)
                if callToExpected[call] == nil || augment(callToExpected[call]!, &visited) {
                    callToExpected[call] = expectation
                    expectedToCall[expectation] = call
                    return true
                }
            }
            return false
        }
        for expectation in expected.indices.sorted(by: { !expected[$0].optional && expected[$1].optional }) {
            var visited = Set<Int>()
            _ = augment(expectation, &visited)
        }
        return (callToExpected, expectedToCall)
    }

    /// One reason per unmatched expectation; identical expectations that were made too few times (a retry that
    /// never happened) are one reason that counts them.
    private static func missingCalls(
        _ expected: [ExpectedCall], unmatched: [Int?], calls: [ToolCallRecord], arguments: ArgumentMode, what: String = "call", executed: Bool = false
    ) -> [String] {
        var failures: [String] = []
        var reported = Set<ExpectedCall>()
        for (index, expectation) in expected.enumerated() where unmatched[index] == nil && !expectation.optional && reported.insert(expectation).inserted {
            let wanted = expected.filter { $0 == expectation }.count
            let made = calls.filter { ArgumentMatcher.call($0, matches: expectation, mode: arguments, executed: executed) }.count
            if made > 0 {
                failures.append("expected \(wanted) \(what)s of \(describe(expectation)), the agent made \(made)")
            } else {
                failures.append(missing(expectation, among: calls, what: what, executed: executed))
            }
        }
        return failures
    }

    /// - Parameter executed: describe calls by the arguments they ran with (the `writes` mode), not as proposed.
    private static func missing(_ expectation: ExpectedCall, among calls: [ToolCallRecord], what: String = "call", executed: Bool = false) -> String {
        var text = "missing expected \(what) \(describe(expectation))"
        let sameTool = calls.filter { $0.name == expectation.name }
        guard let near = sameTool.first else { return text }
        if let expected = expectation.arguments, let actual = executed ? near.effectiveArguments : near.arguments {
            text += "; the agent \(executed ? "ran" : "called") \(expectation.name) with " + argumentDifferences(expected: expected, actual: actual)
        } else {
            text += "; the agent called \(describe(near, executed: executed))"
        }
        if sameTool.count > 1 { text += " (and \(sameTool.count - 1) more \(expectation.name) call\(sameTool.count == 2 ? "" : "s"))" }
        return text
    }

    /// `vendor_id "V-101" (expected "V-204"), quote_id "Q-1" (expected "Q-2")`: the expected keys that differ.
    static func argumentDifferences(expected: JSONValue, actual: JSONValue) -> String {
        guard case .object(let wanted) = expected, case .object(let got) = actual else {
            return "\(short(actual)) (expected \(short(expected)))"
        }
        let differing = wanted.keys.sorted().filter { key in got[key].map { !ArgumentMatcher.contains($0, wanted[key]!) } ?? true }
        guard !differing.isEmpty else { return short(actual) }
        return differing.map { key in
            "\(key) \(got[key].map(short) ?? "missing") (expected \(short(wanted[key]!)))"
        }.joined(separator: ", ")
    }

    static func describe(_ expectation: ExpectedCall) -> String {
        expectation.name + (expectation.arguments.map { " " + short($0) } ?? "")
    }

    static func describe(_ call: ToolCallRecord, executed: Bool = false) -> String {
        let arguments = (executed ? call.effectiveArguments : call.arguments).map(short) ?? JSONValue.string(String(call.rawArguments.prefix(60))).serialized()
        let outcome = call.outcome == .executed ? "" : " [\(call.outcome.rawValue)]"
        return call.name + " " + arguments + outcome
    }

    static func short(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
