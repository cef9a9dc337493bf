import Foundation
public import RehearsalCore

/// Where a scenario run went wrong and why, in one line for the on-call engineer:
/// `failed at step 3: called update_ticket, denied: missing scope tickets:write`.
///
/// Read from a report entry (report.json's `scenarios[]`, or a stored run's entry); missing keys are tolerated, so
/// entries of older reports work. Steps are counted from 1, as in the report's failure reasons (`step` 2 in
/// `toolCalls` is "step 3"), in the loop of the agent that made the call; a specialist's step says whose it is
/// and where it was handed the task. The rules, first match wins:
///
/// 1. the run passed: `passed`;
/// 2. it stopped with an error: `stopped at step N: …` (where the engine stopped it);
/// 3. a limit stopped it, and the scenario did not expect that: `stopped after step N by limit maxSteps (…)`;
/// 4. a trajectory failure, at the first divergence from the expected calls (see `divergence` in
///    docs/report-format.md): `failed at step N: called X where Y was expected`, `… made no call where X was
///    expected`; under `subset` and `unordered`, the first call no expectation accounts for;
/// 5. a call to a forbidden (never-call) tool: `failed at step N: called forbidden tool X, denied: …`;
/// 6. a denied, invalid or rejected call tied to the failure (a failure names its tool, or the agent never got
///    that tool to run afterwards): `failed at step N: called X, denied: missing scope orders:write`;
/// 7. otherwise the first failure, located: `failed: final answer (step 4) does not mention "rejected"`.
public struct TraceDiagnosis: Sendable, Hashable, CustomStringConvertible {
    /// Which rule found the cause. Closed: these are all the rules there are.
    public enum Cause: String, Sendable, Hashable, CaseIterable {
        /// The run passed.
        case passed
        /// The run stopped with an error.
        case error
        /// A limit stopped the run.
        case limit
        /// The calls left the expected sequence.
        case divergence
        /// The agent called a tool it must never call.
        case forbiddenCall
        /// A call the gateway denied, validation refused or the approver rejected.
        case refusedCall
        /// None of the above: the failure reasons themselves (the final answer, retrieval, approvals).
        case failure
    }

    /// Which rule found the cause.
    public var cause: Cause
    /// The step where it went wrong, from 1, in the loop of ``agent``; nil when no step is concerned.
    public var step: Int?
    /// The agent whose step ``step`` is.
    public var agent: String?
    /// The index in the entry's `toolCalls` of the call concerned, when one is.
    public var callIndex: Int?
    /// The diagnosis in words.
    public var summary: String

    /// The summary, as the diagnosis prints.
    public var description: String { summary }

    /// The diagnosis of one scenario run from its report entry.
    public init(of entry: JSONValue) {
        self = Diagnoser(entry).diagnosis()
        // Failure reasons and errors quote the model and the tools: nothing in them may act on a terminal.
        summary = TerminalText.inert(summary)
    }

    /// A diagnosis from its parts.
    public init(cause: Cause, step: Int?, agent: String?, callIndex: Int?, summary: String) {
        self.cause = cause
        self.step = step
        self.agent = agent
        self.callIndex = callIndex
        self.summary = summary
    }
}

/// The rules of ``TraceDiagnosis``, over one entry.
private struct Diagnoser {
    let entry: JSONValue
    let calls: [JSONValue]
    let failures: [String]
    let rootAgent: String
    let rootSteps: [JSONValue]

    init(_ entry: JSONValue) {
        self.entry = entry
        calls = entry["toolCalls"]?.arrayValue ?? []
        failures = (entry["failures"]?.arrayValue ?? []).compactMap(\.stringValue)
        rootAgent = entry["agent"]?.stringValue ?? ""
        rootSteps = entry["steps"]?.arrayValue ?? []
    }

    func diagnosis() -> TraceDiagnosis {
        let passed = entry["passed"]?.boolValue ?? failures.isEmpty
        if passed { return TraceDiagnosis(cause: .passed, step: nil, agent: nil, callIndex: nil, summary: "passed") }
        let code = entry["stopReason"]?["code"]?.stringValue ?? ""
        let explanation = entry["stopReason"]?["explanation"]?.stringValue ?? code
        if code == "error" { return stoppedWithError(explanation) }
        if code.hasPrefix("limit:"), code != entry["expectation"]?["stopReason"]?.stringValue {
            let limit =
                explanation.hasPrefix("stopped by ")
                ? String(explanation.dropFirst("stopped by ".count)) : "limit \(code.dropFirst("limit:".count))"
            let place = rootSteps.isEmpty ? "before step 1" : "after step \(rootSteps.count)"
            return TraceDiagnosis(
                cause: .limit, step: rootSteps.isEmpty ? nil : rootSteps.count, agent: rootAgent, callIndex: nil,
                summary: "stopped \(place) by \(limit)")
        }
        if let diagnosis = trajectory() { return diagnosis }
        let forbidden = Set((entry["expectation"]?["neverCall"]?.arrayValue ?? []).compactMap(\.stringValue))
        if let index = calls.firstIndex(where: { forbidden.contains($0["name"]?.stringValue ?? "") }) {
            return at(
                index, cause: .forbiddenCall, "called forbidden tool \(name(of: calls[index]))\(fate(of: calls[index]))"
            )
        }
        if let index = calls.indices.first(where: isTiedRefusal) {
            return at(index, cause: .refusedCall, "called \(name(of: calls[index]))\(fate(of: calls[index]))")
        }
        return firstFailure()
    }

    // MARK: - Rules

    /// `step K: rest` from the engine, with nested specialists' `agent: step J: …` spelled out and counted from 1.
    func stoppedWithError(_ explanation: String) -> TraceDiagnosis {
        guard let (step, rest) = Diagnoser.leadingStep(explanation) else {
            let place = explanation.hasPrefix("routing failed") ? "before step 1" : "after step \(rootSteps.count)"
            return TraceDiagnosis(
                cause: .error, step: nil, agent: rootAgent, callIndex: nil, summary: "stopped \(place): \(explanation)")
        }
        return TraceDiagnosis(
            cause: .error, step: step, agent: rootAgent, callIndex: nil,
            summary: "stopped at step \(step): \(Diagnoser.nested(rest))")
    }

    /// Rule 4: the first divergence, when a trajectory failure is what failed the run.
    func trajectory() -> TraceDiagnosis? {
        let trajectoryFailures = failures.filter(Diagnoser.isTrajectoryFailure)
        guard !trajectoryFailures.isEmpty else { return nil }
        let mode = entry["expectation"]?["trajectory"]?.stringValue ?? "superset"
        if mode == "subset" || mode == "unordered" {
            for failure in trajectoryFailures where failure.hasPrefix("unexpected call ") {
                let number = failure.dropFirst("unexpected call ".count).prefix { $0.isNumber }
                if let position = Int(number), calls.indices.contains(position - 1) {
                    let call = calls[position - 1]
                    return at(
                        position - 1, cause: .divergence,
                        "called \(name(of: call)), which no expected call accounts for\(fate(of: call))")
                }
            }
        }
        guard let divergence = entry["divergence"], divergence != .null,
            let index = divergence["index"]?.numberValue.map({ Int($0) })
        else { return mode == "writes" ? writes(trajectoryFailures) : nil }
        let expected = divergence["expected"].flatMap { $0 == .null ? nil : $0 }
        let expectedName = expected?["name"]?.stringValue
        guard calls.indices.contains(index) else {
            // The agent stopped calling: it went wrong at its last step, which answered instead.
            let what = "made no call where \(expectedName ?? "another call") was expected"
            let step =
                rootSteps.last?["index"]?.numberValue.map { Int($0) + 1 } ?? (rootSteps.isEmpty ? nil : rootSteps.count)
            return TraceDiagnosis(
                cause: .divergence, step: step, agent: rootAgent, callIndex: nil,
                summary: step.map { "failed at step \($0): \(what)" } ?? "failed: \(what)")
        }
        let call = calls[index]
        // Reads do not count under `writes`: locate the write that went wrong instead.
        if mode == "writes", call["sideEffect"]?.stringValue == "read" { return writes(trajectoryFailures) }
        var what = "called \(name(of: call))"
        if let expected, let expectedName {
            if expectedName == call["name"]?.stringValue {
                what +=
                    " with other arguments than expected"
                    + Diagnoser.argumentDifferences(call["arguments"], expected["arguments"])
            } else {
                what += " where \(expectedName) was expected"
            }
        } else {
            what += " where nothing more was expected"
        }
        return at(index, cause: .divergence, what + fate(of: call))
    }

    /// Rule 4 under the `writes` mode, where only executed writes count: the write that ran with other arguments than
    /// expected, the write nothing expected, or the step where an expected write was never made.
    func writes(_ failures: [String]) -> TraceDiagnosis? {
        func firstWrite(_ name: String) -> Int? {
            calls.firstIndex { $0["name"]?.stringValue == name && $0["outcome"]?.stringValue == "executed" }
        }
        for failure in failures {
            if failure.hasPrefix("unexpected write: ") {
                let name = String(failure.dropFirst("unexpected write: ".count).prefix { $0 != " " })
                if let index = firstWrite(name) {
                    return at(index, cause: .divergence, "wrote \(name), which no expected write accounts for")
                }
            } else if failure.hasPrefix("missing expected write ") {
                let name = String(failure.dropFirst("missing expected write ".count).prefix { $0 != " " })
                if let ran = failure.range(of: "; the agent ran \(name) with "), let index = firstWrite(name) {
                    return at(index, cause: .divergence, "wrote \(name) with other arguments than expected: \(failure[ran.upperBound...])")
                }
                let step = rootSteps.last?["index"]?.numberValue.map { Int($0) + 1 } ?? (rootSteps.isEmpty ? nil : rootSteps.count)
                let what = "never wrote \(name), which was expected"
                return TraceDiagnosis(cause: .divergence, step: step, agent: rootAgent, callIndex: nil, summary: step.map { "failed by step \($0): \(what)" } ?? "failed: \(what)")
            }
        }
        return nil
    }

    /// Rule 6: a refused call the failure can be traced to.
    func isTiedRefusal(_ index: Int) -> Bool {
        let call = calls[index]
        guard ["denied", "invalid", "rejected"].contains(call["outcome"]?.stringValue ?? "") else { return false }
        let tool = call["name"]?.stringValue ?? ""
        if failures.contains(where: { Diagnoser.mentions($0, tool: tool) }) { return true }
        // Refused and never run afterwards: what the agent said or did next rests on a call that did not happen.
        let agent = call["agent"]?.stringValue
        return !calls[(index + 1)...].contains { later in
            later["name"]?.stringValue == tool && later["agent"]?.stringValue == agent
                && later["outcome"]?.stringValue == "executed"
        }
    }

    /// Rule 7: the first failure reason, with the final answer's step.
    func firstFailure() -> TraceDiagnosis {
        guard let first = failures.first else {
            return TraceDiagnosis(cause: .failure, step: nil, agent: nil, callIndex: nil, summary: "failed")
        }
        let answerStep = rootSteps.last { $0["answer"] != nil }.flatMap { $0["index"]?.numberValue }.map { Int($0) + 1 }
        if first.hasPrefix("final answer "), let answerStep {
            let located = "final answer (step \(answerStep)) " + first.dropFirst("final answer ".count)
            return TraceDiagnosis(
                cause: .failure, step: answerStep, agent: rootAgent, callIndex: nil, summary: "failed: \(located)")
        }
        return TraceDiagnosis(cause: .failure, step: nil, agent: nil, callIndex: nil, summary: "failed: \(first)")
    }

    // MARK: - Phrases

    /// A diagnosis at call `index`: its step in its agent's loop, and for a specialist, where it was handed the task.
    func at(_ index: Int, cause: TraceDiagnosis.Cause, _ what: String) -> TraceDiagnosis {
        let call = calls[index]
        let step = (call["step"]?.numberValue).map { Int($0) + 1 }
        let agent = call["agent"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? rootAgent
        var place = step.map { "step \($0)" } ?? "a step"
        if agent != rootAgent {
            place += " of \(agent)"
            if let handoff = enclosingHandoff(of: index), let handoffStep = calls[handoff]["step"]?.numberValue {
                let by = calls[handoff]["agent"]?.stringValue ?? rootAgent
                place += " (handed the task at \(by == rootAgent ? "" : "\(by)'s ")step \(Int(handoffStep) + 1))"
            }
        }
        return TraceDiagnosis(
            cause: cause, step: step, agent: agent, callIndex: index, summary: "failed at \(place): \(what)")
    }

    /// The handoff call whose specialist made call `index`: each handoff is followed by its `handoff.toolCalls` calls.
    func enclosingHandoff(of index: Int) -> Int? {
        var found: Int?
        for candidate in 0..<index {
            let count = calls[candidate]["handoff"]?["toolCalls"]?.numberValue.map { Int($0) } ?? 0
            if count > 0, index <= candidate + count { found = candidate }
        }
        return found
    }

    func name(of call: JSONValue) -> String { TerminalText.inert(call["name"]?.stringValue ?? "a tool") }

    /// What became of a call that did not run: `, denied: missing scope x`, `, invalid: …`, `, rejected by the approver: …`.
    func fate(of call: JSONValue) -> String {
        switch call["outcome"]?.stringValue {
        case "denied":
            let missing = (call["gateway"]?["missingScopes"]?.arrayValue ?? []).compactMap(\.stringValue)
            if !missing.isEmpty {
                return ", denied: missing scope\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))"
            }
            let reason = call["gateway"]?["reason"]?.stringValue ?? call["gateway"]?["rule"]?.stringValue
            return reason.map { ", denied: \(TerminalText.clipped($0, limit: 120))" } ?? ", denied by the gateway"
        case "invalid":
            let message = call["validation"]?["message"]?.stringValue
            return message.map { ", invalid: \(TerminalText.clipped($0, limit: 120))" } ?? ", refused as invalid"
        case "rejected":
            let reason = call["approval"]?["reason"]?.stringValue ?? call["approval"]?["note"]?.stringValue
            return reason.map { ", rejected by the approver: \(TerminalText.clipped($0, limit: 120))" }
                ?? ", rejected by the approver"
        case "failed":
            let observation = call["observation"]?.stringValue
            return observation.map { ", which failed: \(TerminalText.clipped($0, limit: 120))" } ?? ", which failed"
        default:
            return ""
        }
    }

    /// ` (vendor_id "V-101", expected "V-204")`: the expected arguments the call gave other values.
    static func argumentDifferences(_ actual: JSONValue?, _ expected: JSONValue?) -> String {
        guard let wanted = expected?.objectValue else { return "" }
        let given = actual?.objectValue ?? [:]
        let differences = wanted.keys.sorted().compactMap { key -> String? in
            guard given[key] != wanted[key] else { return nil }
            return "\(key) \(given[key].map { $0.serialized() } ?? "missing") (expected \(wanted[key]!.serialized()))"
        }
        guard !differences.isEmpty else { return "" }
        return ": " + TerminalText.clipped(differences.joined(separator: ", "), limit: 160)
    }

    /// Whether a failure reason is about the calls (the `TrajectoryJudge`'s and the count checks' wording).
    static func isTrajectoryFailure(_ failure: String) -> Bool {
        if ["missing expected ", "unexpected call ", "unexpected write: ", "trajectory diverges at "].contains(
            where: failure.hasPrefix)
        {
            return true
        }
        // `expected 2 calls of request_quote {…}, the agent made 1`
        guard failure.hasPrefix("expected ") else { return false }
        let rest = failure.dropFirst("expected ".count)
        return rest.first?.isNumber == true && rest.contains(" of ")
    }

    /// Whether `failure` names `tool` as a word (not inside another name).
    static func mentions(_ failure: String, tool: String) -> Bool {
        guard !tool.isEmpty else { return false }
        var searchStart = failure.startIndex
        while let range = failure.range(of: tool, range: searchStart..<failure.endIndex) {
            let before = range.lowerBound == failure.startIndex ? nil : failure[failure.index(before: range.lowerBound)]
            let after = range.upperBound == failure.endIndex ? nil : failure[range.upperBound]
            let isWordCharacter = { (character: Character?) in
                character.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false
            }
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            searchStart = range.upperBound
        }
        return false
    }

    /// `(K + 1, rest)` for an explanation starting `step K: rest`.
    static func leadingStep(_ text: String) -> (Int, String)? {
        guard text.hasPrefix("step ") else { return nil }
        let afterWord = text.dropFirst("step ".count)
        let digits = afterWord.prefix { $0.isNumber }
        guard let number = Int(digits), afterWord.dropFirst(digits.count).hasPrefix(": ") else { return nil }
        return (number + 1, String(afterWord.dropFirst(digits.count + 2)))
    }

    /// A specialist's error inside a handoff, `logistics: step 0: …`, as `logistics stopped at its step 1: …`.
    static func nested(_ text: String) -> String {
        guard let colon = text.range(of: ": "), !text[..<colon.lowerBound].contains(" "),
            let (step, rest) = leadingStep(String(text[colon.upperBound...]))
        else { return text }
        return "\(text[..<colon.lowerBound]) stopped at its step \(step): \(nested(rest))"
    }
}
