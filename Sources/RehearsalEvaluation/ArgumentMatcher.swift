public import RehearsalCore
public import RehearsalScenarios

/// Compares a call's arguments with the expected ones on canonical JSON (key order and `50` vs `50.0` never
/// matter, since ``JSONValue`` objects are unordered and numbers are doubles), under ``ArgumentRules``.
public enum ArgumentMatcher {
    /// Whether `actual` satisfies `expected` under `rules`: keys in `ignore` are left out at any depth, numbers
    /// match within the tolerances, `{"$anyOf": [...]}` accepts any of its values, and objects must have the same
    /// keys (`exact`) or at least the expected ones (`subset`).
    public static func matches(_ actual: JSONValue?, expected: JSONValue, rules: ResolvedArgumentRules) -> Bool {
        guard let actual else { return false }
        return match(actual, expected, rules)
    }

    static func match(_ actual: JSONValue, _ expected: JSONValue, _ rules: ResolvedArgumentRules) -> Bool {
        if case .object(let members) = expected, members.count == 1, case .array(let alternatives)? = members["$anyOf"] {
            return alternatives.contains { match(actual, $0, rules) }
        }
        switch (actual, expected) {
        case (.number(let a), .number(let e)):
            return rules.numbersMatch(a, e)
        case (.array(let a), .array(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { match($0, $1, rules) }
        case (.object(let a), .object(let e)):
            let expectedKeys = Set(e.keys).subtracting(rules.ignore)
            if rules.mode == .exact && Set(a.keys).subtracting(rules.ignore) != expectedKeys { return false }
            return expectedKeys.allSatisfy { key in a[key].map { match($0, e[key]!, rules) } ?? false }
        default:
            return actual == expected
        }
    }

    /// Whether `call` is the `expected` call: same tool and, when arguments are expected, matching arguments
    /// under the rules for that tool.
    /// - Parameter executed: compare the arguments the call ran with (after an approver's edit) instead of the
    ///   ones the model proposed; what the `writes` mode needs, since it judges what changed.
    public static func call(_ call: ToolCallRecord, matches expected: ExpectedCall, rules: ArgumentRules, executed: Bool = false) -> Bool {
        guard call.name == expected.name else { return false }
        guard let arguments = expected.arguments else { return true }
        return matches(executed ? call.effectiveArguments : call.arguments, expected: arguments, rules: rules.resolved(for: call.name))
    }

    /// Whether every key of `expected` is in `actual` with a matching value (subset rules, no tolerance).
    static func contains(_ actual: JSONValue, _ expected: JSONValue) -> Bool {
        match(actual, expected, ArgumentRules.standard.resolved(for: ""))
    }
}
