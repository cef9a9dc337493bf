import Foundation
public import RehearsalScenarios

/// Checks the agent's answers against a scenario's ``AnswerChecks``: its final answer, or every answer of the run
/// when the checks' scope is `any`.
public enum AnswerJudge {
    /// Why the answers of a run fail `checks`; empty when they pass.
    /// - Parameter answers: every answer the agent gave without calling a tool, in order (``AgentRun/answers``).
    public static func failures(answers: [String], checks: AnswerChecks) -> [String] {
        switch checks.scope {
        case .final: failures(answers.last, checks: checks)
        case .any: failures(anyOf: answers, checks: checks)
        }
    }

    /// Why `answer`, the final answer, fails `checks`; empty when it passes. The checks' scope is not consulted.
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
        if let equals = checks.equals,
            checks.normalize(equals.trimmedForComparison) != checks.normalize(answer.trimmedForComparison)
        {
            failures.append("final answer is not \(quote(equals))")
        }
        for pattern in checks.matches {
            guard let expression = expression(pattern, checks) else {
                failures.append("invalid regular expression \(quote(pattern))")
                continue
            }
            if !expression.matches(answer) {
                failures.append("final answer does not match /\(pattern)/")
            }
        }
        return failures
    }

    /// The `any` scope: each positive check must hold for some answer, and no answer may mention a forbidden phrase.
    private static func failures(anyOf answers: [String], checks: AnswerChecks) -> [String] {
        guard !checks.isEmpty else { return [] }
        let answers = answers.filter { !$0.isEmpty }
        guard !answers.isEmpty else { return ["the agent gave no answer to check"] }
        let normalized = answers.map(checks.normalize)
        var failures: [String] = []
        for phrase in checks.contains where !normalized.contains(where: { $0.contains(checks.normalize(phrase)) }) {
            failures.append("no answer mentions \(quote(phrase))")
        }
        for phrase in checks.notContains {
            let mentioning = normalized.indices.filter { normalized[$0].contains(checks.normalize(phrase)) }
            if let first = mentioning.first {
                failures.append("answer \(first + 1) of \(answers.count) mentions \(quote(phrase)), which it must not")
            }
        }
        if let equals = checks.equals {
            let wanted = checks.normalize(equals.trimmedForComparison)
            if !answers.contains(where: { checks.normalize($0.trimmedForComparison) == wanted }) {
                failures.append("no answer is \(quote(equals))")
            }
        }
        for pattern in checks.matches {
            guard let expression = expression(pattern, checks) else {
                failures.append("invalid regular expression \(quote(pattern))")
                continue
            }
            if !answers.contains(where: expression.matches) {
                failures.append("no answer matches /\(pattern)/")
            }
        }
        return failures
    }

    private static func expression(_ pattern: String, _ checks: AnswerChecks) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern, options: checks.caseSensitive ? [] : [.caseInsensitive])
    }

    private static func quote(_ text: String) -> String { "\"" + text + "\"" }
}

extension NSRegularExpression {
    fileprivate func matches(_ text: String) -> Bool {
        firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

extension String {
    fileprivate var trimmedForComparison: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
