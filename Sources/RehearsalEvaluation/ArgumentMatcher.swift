public import RehearsalCore
public import RehearsalScenarios

/// Compares a call's arguments with the expected ones on canonical JSON (key order and `50` vs `50.0` never
/// matter, since ``JSONValue`` objects are unordered and numbers are doubles).
public enum ArgumentMatcher {
    /// Whether `actual` satisfies `expected` under `mode`.
    public static func matches(_ actual: JSONValue?, expected: JSONValue, mode: ArgumentMode) -> Bool {
        guard let actual else { return false }
        switch mode {
        case .exact: return actual == expected
        case .subset: return contains(actual, expected)
        }
    }

    /// Whether every key of `expected` is in `actual` with a matching value, recursively in objects; arrays and
    /// scalars must be equal.
    static func contains(_ actual: JSONValue, _ expected: JSONValue) -> Bool {
        switch (actual, expected) {
        case (.object(let members), .object(let required)):
            return required.allSatisfy { key, value in members[key].map { contains($0, value) } ?? false }
        default:
            return actual == expected
        }
    }

    /// Whether `call` is the `expected` call: same tool and, when arguments are expected, matching arguments.
    /// - Parameter executed: compare the arguments the call ran with (after an approver's edit) instead of the
    ///   ones the model proposed; what the `writes` mode needs, since it judges what changed.
    public static func call(_ call: ToolCallRecord, matches expected: ExpectedCall, mode: ArgumentMode, executed: Bool = false) -> Bool {
        guard call.name == expected.name else { return false }
        guard let arguments = expected.arguments else { return true }
        return matches(executed ? call.effectiveArguments : call.arguments, expected: arguments, mode: mode)
    }
}
