public import RehearsalCore
public import RehearsalScenarios

/// Judges the agent's calls against the expected ones in a ``TrajectoryMode``, explaining every mismatch.
public enum TrajectoryJudge {
    /// The verdict: empty when the trajectory passes, otherwise one reason per problem.
    /// - Parameters:
    ///   - calls: every call the agent proposed, in order.
    ///   - expected: the expected calls, in order.
    ///   - mode: how to compare them.
    ///   - rules: how to compare arguments.
    ///   - writes: the names of the tools that change state (for the `writes` mode).
    public static func failures(_ calls: [ToolCallRecord], expected: [ExpectedCall], mode: TrajectoryMode, rules: ArgumentRules, writes: Set<String>) -> [String] {
        switch mode {
        case .strict:
            return firstDivergence(calls, expected: expected, rules: rules).map { [$0] } ?? []
        case .unordered, .subset, .superset:
            let pairing = match(calls, expected, rules: rules)
            var failures: [String] = []
            if mode != .subset {
                failures += missingCalls(expected, unmatched: pairing.expectedToCall, calls: calls, rules: rules)
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
            let pairing = match(executedWrites, expectedWrites, rules: rules, executed: true)
            var failures: [String] = []
            failures += missingCalls(expectedWrites, unmatched: pairing.expectedToCall, calls: executedWrites, rules: rules, what: "write", executed: true)
            // A write of the expected tool with other arguments is told once, by the missing write it stands for
            // (with its differences): as many unpaired writes of a tool as it has missing expectations are not
            // "unexpected" as well.
            var standIns: [String: Int] = [:]
            for (index, expectation) in expectedWrites.enumerated() where pairing.expectedToCall[index] == nil && !expectation.optional {
                standIns[expectation.name, default: 0] += 1
            }
            for (index, call) in executedWrites.enumerated() where pairing.callToExpected[index] == nil {
                if standIns[call.name, default: 0] > 0 {
                    standIns[call.name]! -= 1
                    continue
                }
                failures.append("unexpected write: \(describe(call, executed: true))")
            }
            return failures
        }
    }

    /// Where the calls first leave the expected sequence, skipping optional expectations the agent did not make;
    /// nil when they follow it to the end.
    static func firstDivergence(_ calls: [ToolCallRecord], expected: [ExpectedCall], rules: ArgumentRules) -> String? {
        divergence(calls, expected: expected, rules: rules)?.description
    }

    /// The first place the calls leave the expected sequence (optional expectations may be skipped).
    ///
    /// An alignment walks calls and expectations together: a call matches the next expectation, or an optional
    /// expectation is skipped. Every alignment is tried (a small dynamic programme over positions), so an optional
    /// expectation never takes a call a later required one needs. The trajectory diverges at the furthest call any
    /// alignment reaches, against the first required expectation still open there.
    public static func divergence(_ calls: [ToolCallRecord], expected: [ExpectedCall], rules: ArgumentRules) -> Divergence? {
        let m = expected.count
        // reachable[i] holds the expectation positions an alignment of the first i calls can stand at.
        var reachable = [Set<Int>](repeating: [], count: calls.count + 1)
        func closeOverSkips(_ positions: Set<Int>) -> Set<Int> {
            var result = positions
            var queue = Array(positions)
            while let position = queue.popLast() {
                guard position < m, expected[position].optional else { continue }
                if result.insert(position + 1).inserted { queue.append(position + 1) }
            }
            return result
        }
        reachable[0] = closeOverSkips([0])
        var furthest = 0
        for index in calls.indices {
            var next = Set<Int>()
            for position in reachable[index] where position < m && ArgumentMatcher.call(calls[index], matches: expected[position], rules: rules) {
                next.insert(position + 1)
            }
            guard !next.isEmpty else { break }
            reachable[index + 1] = closeOverSkips(next)
            furthest = index + 1
        }
        if furthest == calls.count && reachable[furthest].contains(m) { return nil }
        // The open expectation to name: the first required one ahead of the earliest position reached.
        let position = reachable[furthest].min() ?? m
        let open = expected[position...].first { !$0.optional }
        if furthest < calls.count {
            return Divergence(index: furthest, expected: open, actual: calls[furthest])
        }
        return Divergence(index: furthest, expected: open, actual: nil)
    }

    /// Where a trajectory first departs from the expected one.
    public struct Divergence: Sendable, Hashable, CustomStringConvertible {
        /// The index (from 0) of the call where it departs; the number of calls when the agent stopped early.
        public var index: Int
        /// The call expected there, or nil when nothing more was expected.
        public var expected: ExpectedCall?
        /// The call the agent made there, or nil when it made no more.
        public var actual: ToolCallRecord?

        public var description: String {
            switch (expected, actual) {
            case (let expected?, let actual?): "trajectory diverges at call \(index + 1): expected \(TrajectoryJudge.describe(expected)), the agent called \(TrajectoryJudge.describe(actual))"
            case (nil, let actual?): "trajectory diverges at call \(index + 1): nothing more was expected, the agent called \(TrajectoryJudge.describe(actual))"
            case (let expected?, nil): "trajectory diverges at call \(index + 1): expected \(TrajectoryJudge.describe(expected)), the agent made no more calls"
            case (nil, nil): "no divergence"
            }
        }
    }

    /// The calls no expectation accounts for, and what the agent did in place of each required expectation left
    /// unmatched.
    ///
    /// After a maximum pairing of calls with expectations (``match(_:_:rules:executed:)``), the calls left over are
    /// the unnecessary ones, and each required expectation left over gets, in expected order:
    /// 1. a left-over call of its own tool, when there is one: the agent picked the right tool with other arguments,
    ///    an argument mismatch, reported with `picked` equal to `expected`;
    /// 2. otherwise a left-over call of another tool, not taken by step 1: the tool picked instead;
    /// 3. otherwise nothing (`picked` nil): the call was skipped.
    ///
    /// Steps 1 and 2 take the left-over call nearest to where the expectation belongs (right after the call paired
    /// with the nearest paired expectation before it, or the start), the earlier one on a tie.
    public static func mismatches(_ calls: [ToolCallRecord], expected: [ExpectedCall], rules: ArgumentRules) -> (unnecessary: [Int], confusions: [(expected: String, picked: String?)]) {
        let pairing = match(calls, expected, rules: rules)
        let strayCalls = calls.indices.filter { pairing.callToExpected[$0] == nil }
        let missing = expected.indices.filter { pairing.expectedToCall[$0] == nil && !expected[$0].optional }
        func place(of expectation: Int) -> Int {
            expected.indices.prefix(expectation).reversed().lazy.compactMap { pairing.expectedToCall[$0] }.first.map { $0 + 1 } ?? 0
        }
        var unused = Set(strayCalls)
        func nearest(to position: Int, where fits: (Int) -> Bool) -> Int? {
            let found = strayCalls.filter { unused.contains($0) && fits($0) }.min { (abs($0 - position), $0) < (abs($1 - position), $1) }
            if let found { unused.remove(found) }
            return found
        }
        var picked = [Int: Int]()
        for expectation in missing {
            picked[expectation] = nearest(to: place(of: expectation)) { calls[$0].name == expected[expectation].name }
        }
        for expectation in missing where picked[expectation] == nil {
            picked[expectation] = nearest(to: place(of: expectation)) { calls[$0].name != expected[expectation].name }
        }
        let confusions = missing.map { expectation in (expected: expected[expectation].name, picked: picked[expectation].map { calls[$0].name }) }
        return (strayCalls, confusions)
    }

    /// A maximum pairing of calls to expected calls (Kuhn's augmenting paths; suites are small). Required
    /// expectations are paired first, so an optional one never takes a call a required one needs.
    static func match(_ calls: [ToolCallRecord], _ expected: [ExpectedCall], rules: ArgumentRules, executed: Bool = false) -> (callToExpected: [Int?], expectedToCall: [Int?]) {
        var callToExpected = [Int?](repeating: nil, count: calls.count)
        var expectedToCall = [Int?](repeating: nil, count: expected.count)
        let fits = expected.map { expectation in calls.indices.filter { ArgumentMatcher.call(calls[$0], matches: expectation, rules: rules, executed: executed) } }
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
        _ expected: [ExpectedCall], unmatched: [Int?], calls: [ToolCallRecord], rules: ArgumentRules, what: String = "call", executed: Bool = false
    ) -> [String] {
        var failures: [String] = []
        var reported = Set<ExpectedCall>()
        for (index, expectation) in expected.enumerated() where unmatched[index] == nil && !expectation.optional && reported.insert(expectation).inserted {
            // Of the identical expectations, those the maximum pairing matched are the calls made for them.
            let group = expected.indices.filter { expected[$0] == expectation }
            let wanted = group.count
            let made = group.filter { unmatched[$0] != nil }.count
            if made > 0 {
                failures.append("expected \(wanted) \(what)s of \(describe(expectation)), the agent made \(made)")
            } else {
                failures.append(missing(expectation, among: calls, rules: rules, what: what, executed: executed))
            }
        }
        return failures
    }

    /// - Parameter executed: describe calls by the arguments they ran with (the `writes` mode), not as proposed.
    private static func missing(_ expectation: ExpectedCall, among calls: [ToolCallRecord], rules: ArgumentRules, what: String = "call", executed: Bool = false) -> String {
        var text = "missing expected \(what) \(describe(expectation))"
        let sameTool = calls.filter { $0.name == expectation.name }
        guard let near = sameTool.first else { return text }
        if let expected = expectation.arguments, let actual = executed ? near.effectiveArguments : near.arguments {
            text += "; the agent \(executed ? "ran" : "called") \(expectation.name) with " + argumentDifferences(expected: expected, actual: actual, rules: rules.resolved(for: expectation.name))
        } else {
            text += "; the agent called \(describe(near, executed: executed))"
        }
        if sameTool.count > 1 { text += " (and \(sameTool.count - 1) more \(expectation.name) call\(sameTool.count == 2 ? "" : "s"))" }
        return text
    }

    /// `vendor_id "V-101" (expected "V-204"), quote_id "Q-1" (expected "Q-2")`: the expected keys that differ.
    static func argumentDifferences(expected: JSONValue, actual: JSONValue, rules: ResolvedArgumentRules = ArgumentRules.standard.resolved(for: "")) -> String {
        guard case .object(let wanted) = expected, case .object(let got) = actual else {
            return "\(short(actual)) (expected \(short(expected)))"
        }
        let differing = wanted.keys.sorted().filter { key in !rules.ignore.contains(key) && (got[key].map { !ArgumentMatcher.matches($0, expected: wanted[key]!, rules: rules) } ?? true) }
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
