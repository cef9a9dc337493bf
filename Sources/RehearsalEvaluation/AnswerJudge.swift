import Foundation
public import RehearsalScenarios

/// Checks the agent's final answer against a scenario's ``AnswerChecks``.
public enum AnswerJudge {
    /// Why `answer` fails `checks`; empty when it passes.
    public static func failures(_ answer: String?, checks: AnswerChecks) -> [String] {
        guard !checks.isEmpty else { return [] }
        guard let answer, !answer.isEmpty else { return ["the agent gave no final answer to check"] }
        let normalized = checks.normalize(answer)
        var failures: [String] = []
        for phrase in checks.contains where !normalized.contains(checks.normalize(phrase)) {
            failures.append("final answer does not mention \(quote(phrase))")
        }
        for phrase in checks.notContains where normalized.contains(checks.normalize(phrase)) {
            failures.append("final answer mentions \(quote(phrase)), which it must not")
        }
        if let equals = checks.equals, checks.normalize(equals.trimmedForComparison) != checks.normalize(answer.trimmedForComparison) {
            failures.append("final answer is not \(quote(equals))")
        }
        for pattern in checks.matches {
            guard let expression = try? NSRegularExpression(pattern: pattern, options: checks.caseSensitive ? [] : [.caseInsensitive]) else {
                failures.append("invalid regular expression \(quote(pattern))")
                continue
            }
            if expression.firstMatch(in: answer, range: NSRange(answer.startIndex..., in: answer)) == nil {
                failures.append("final answer does not match /\(pattern)/")
            }
        }
        return failures
    }

    private static func quote(_ text: String) -> String { "\"" + text + "\"" }
}

extension String {
    fileprivate var trimmedForComparison: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
