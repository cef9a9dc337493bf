public import RehearsalCore
public import RehearsalScenarios

/// How well the agent chose its tools in one run, against the scenario's expected calls.
public struct ToolChoiceScore: Sendable, Hashable {
    /// Expected calls.
    public var expectedCount: Int
    /// Calls the agent proposed (invalid, denied and rejected ones included: the agent chose them).
    public var actualCount: Int
    /// Calls whose tool name matched an expected call, required or optional (multiset intersection over names).
    public var nameMatches: Int
    /// Of those, the ones matched by a required expectation.
    public var requiredMatches: Int
    /// Expected calls with arguments that were paired with a call of the same tool.
    public var argumentPairs: Int
    /// Of those, the ones whose arguments matched.
    public var argumentMatches: Int
    /// Whether the calls equal the expected ones exactly: same tools, same order, matching arguments, no more.
    public var exactMatch: Bool

    /// A score from its counts.
    public init(expectedCount: Int, actualCount: Int, nameMatches: Int, requiredMatches: Int, argumentPairs: Int, argumentMatches: Int, exactMatch: Bool) {
        self.expectedCount = expectedCount
        self.actualCount = actualCount
        self.nameMatches = nameMatches
        self.requiredMatches = requiredMatches
        self.argumentPairs = argumentPairs
        self.argumentMatches = argumentMatches
        self.exactMatch = exactMatch
    }

    /// Name matches over proposed calls; 1 when the agent proposed none and none were expected, 0 when it
    /// proposed none but some were expected.
    public var precision: Double {
        actualCount == 0 ? (expectedCount == 0 ? 1 : 0) : Double(nameMatches) / Double(actualCount)
    }

    /// Required expectations matched by name over required expectations; 1 when none were required.
    public var recall: Double { expectedCount == 0 ? 1 : Double(requiredMatches) / Double(expectedCount) }

    /// The harmonic mean of precision and recall; 0 when both are 0.
    public var f1: Double {
        let sum = precision + recall
        return sum == 0 ? 0 : 2 * precision * recall / sum
    }

    /// Matching arguments over paired calls; nil when no expected call with arguments was paired.
    public var argumentAccuracy: Double? {
        argumentPairs == 0 ? nil : Double(argumentMatches) / Double(argumentPairs)
    }

    /// Scores `calls` against `expected`, comparing arguments under `rules`.
    ///
    /// Optional expectations count as correct when made (precision) and are never missing (recall):
    /// `expectedCount` counts the required ones, `nameMatches` the calls matched by any expectation, and recall uses
    /// the calls matched by required ones.
    public static func score(_ calls: [ToolCallRecord], expected: [ExpectedCall], rules: ArgumentRules) -> ToolChoiceScore {
        var required: [String: Int] = [:]
        var optional: [String: Int] = [:]
        for call in expected {
            if call.optional { optional[call.name, default: 0] += 1 } else { required[call.name, default: 0] += 1 }
        }
        var requiredMatches = 0
        var nameMatches = 0
        for call in calls {
            if required[call.name, default: 0] > 0 {
                required[call.name]! -= 1
                requiredMatches += 1
                nameMatches += 1
            } else if optional[call.name, default: 0] > 0 {
                optional[call.name]! -= 1
                nameMatches += 1
            }
        }
        // Pair each expected call with arguments to an unpaired call of the same tool, preferring one whose
        // arguments match, so a retry after a validation error is credited with its repaired arguments.
        var paired = Set<Int>()
        var pairs = 0
        var matches = 0
        // Required expectations first, so an optional one never takes a call a required one needs.
        for expectation in expected.filter({ !$0.optional }) + expected.filter(\.optional) {
            guard let arguments = expectation.arguments else { continue }
            let candidates = calls.indices.filter { calls[$0].name == expectation.name && !paired.contains($0) }
            guard !candidates.isEmpty else { continue }
            let matching = candidates.first { ArgumentMatcher.matches(calls[$0].arguments, expected: arguments, rules: rules.resolved(for: expectation.name)) }
            paired.insert(matching ?? candidates[0])
            pairs += 1
            if matching != nil { matches += 1 }
        }
        let exact = TrajectoryJudge.firstDivergence(calls, expected: expected, rules: rules) == nil
        return ToolChoiceScore(
            expectedCount: expected.filter { !$0.optional }.count, actualCount: calls.count, nameMatches: nameMatches,
            requiredMatches: requiredMatches, argumentPairs: pairs, argumentMatches: matches, exactMatch: exact)
    }
}
