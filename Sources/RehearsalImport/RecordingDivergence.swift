public import RehearsalCore

/// Where a replay of an imported trace first left the recording: the call, what the recording did there and what
/// the replay did, side by side, and what followed.
public struct RecordingDivergence: Sendable, Hashable {
    /// One side of the divergent call.
    public struct Side: Sendable, Hashable {
        /// The model turn it belongs to, from 1.
        public var step: Int
        /// The tool, or nil when this side made no call here.
        public var tool: String?
        /// The arguments as JSON text; nil when not captured.
        public var arguments: String?
        /// `allow`, or `deny: <reason>`, or `invalid: <message>`; nil when this side made no call.
        public var gateway: String?
        /// `executed`, `failed`, `denied`, `invalid`, `rejected`; nil when this side made no call.
        public var outcome: String?
    }

    /// The call's index in the run, from 0.
    public var index: Int
    /// What the recording did.
    public var recorded: Side
    /// What the replay did.
    public var replayed: Side
    /// What differs: `tool`, `arguments`, `outcome`, `missing` (the replay made no call here), `extra` (the
    /// recording made none).
    public var difference: String
    /// What followed on the replay's side: how the run ended and how many more calls it made.
    public var then: String

    /// The first call where `run` (a replay of `trace`'s scenario) left the recording; nil when it followed it to the
    /// end. Calls are compared in order by tool, arguments (as JSON values, when the trace captured them) and
    /// whether they ran: a recorded call ran (or failed in the tool), so a replayed call the gateway denied,
    /// validation refused or the approver rejected has left the recording.
    public static func first(trace: ImportedTrace, run: AgentRun) -> RecordingDivergence? {
        var recorded: [(step: Int, call: ImportedTrace.Call, failed: Bool)] = []
        var results = trace.toolResults.makeIterator()
        for (index, turn) in trace.turns.enumerated() {
            for call in turn.calls { recorded.append((index + 1, call, results.next()?.error != nil)) }
        }
        let replayed = run.toolCalls.filter { $0.agent.isEmpty || $0.agent == run.agentID }
        let stop = run.stopReason.explanation
        for index in 0..<max(recorded.count, replayed.count) {
            let mine = index < recorded.count ? recorded[index] : nil
            let theirs = index < replayed.count ? replayed[index] : nil
            let recordedSide = Side(
                step: mine?.step ?? (recorded.last?.step ?? 0), tool: mine?.call.name, arguments: mine?.call.arguments,
                gateway: mine == nil ? nil : "allow", outcome: mine.map { $0.failed ? "failed" : "executed" })
            let replayedSide = Side(
                step: (theirs?.step ?? (replayed.last?.step ?? 0)) + 1, tool: theirs?.name,
                arguments: theirs.map { $0.arguments?.serialized() ?? $0.rawArguments }, gateway: theirs.map(gateway),
                outcome: theirs?.outcome.rawValue)
            var difference: String?
            if mine == nil {
                difference = "extra"
            } else if theirs == nil {
                difference = "missing"
            } else if let mine, let theirs {
                if mine.call.name != theirs.name {
                    difference = "tool"
                } else if let text = mine.call.arguments, let expected = try? JSONParser.parse(text), expected != (theirs.arguments ?? .string(theirs.rawArguments)) {
                    difference = "arguments"
                } else if ![ToolCallRecord.Outcome.executed, .failed].contains(theirs.outcome) {
                    difference = "outcome"
                }
            }
            guard let difference else { continue }
            let later = max(0, replayed.count - index - 1)
            let then = difference == "missing"
                ? "the replay made no more calls and ended: \(stop)"
                : "the replay went on for \(later) more call\(later == 1 ? "" : "s") and ended: \(stop)"
            return RecordingDivergence(index: index, recorded: recordedSide, replayed: replayedSide, difference: difference, then: then)
        }
        return nil
    }

    static func gateway(_ call: ToolCallRecord) -> String {
        if let denial = call.denial { return "deny: \(denial.reason)" }
        if let invalid = call.invalid { return "invalid: \(invalid.message)" }
        return "allow"
    }
}
