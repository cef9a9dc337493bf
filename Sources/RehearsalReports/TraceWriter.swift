public import RehearsalCore

/// The on-call engineer's view of one scenario run, as `rehearsal trace` prints it: where it went wrong, then the
/// run's headline, then every step with its thought, calls, gateway decisions, approvals and observations.
///
/// Reads a report entry (report.json's `scenarios[]` or a stored run's entry) and tolerates missing keys. Steps
/// and calls are numbered from 1: `step 3` is the report's step 2 in that agent's loop, `[5]` the fifth entry of
/// `toolCalls` (the numbering of the divergence's "call 5"). A handoff's specialist is shown inside its call,
/// indented, with its own steps. Every string that comes from a model, a tool or a scenario is made inert: control
/// characters are written out as `\u{…}`, never sent to the terminal. Colour is off unless asked for; callers
/// turn it on only for a terminal and honour `NO_COLOR`.
public enum TraceWriter {
    /// How the text is laid out.
    public struct Options: Sendable, Hashable {
        /// ANSI colour for the verdict, the diagnosis and refused calls.
        public var color: Bool
        /// The most characters of a call's arguments shown (compact JSON).
        public var argumentLimit: Int
        /// The most characters of an observation shown.
        public var observationLimit: Int
        /// The most characters of a thought, an answer or a task shown.
        public var textLimit: Int

        /// Options with colour off and limits that keep a call to two or three terminal lines.
        public init(color: Bool = false, argumentLimit: Int = 200, observationLimit: Int = 240, textLimit: Int = 600) {
            self.color = color
            self.argumentLimit = argumentLimit
            self.observationLimit = observationLimit
            self.textLimit = textLimit
        }
    }

    /// The trace view of a stored scenario run of `run` (the run gives its start time).
    public static func render(_ scenarioRun: StoredScenarioRun, of run: StoredRun?, options: Options = Options())
        -> String
    {
        render(scenarioRun.entry, runID: scenarioRun.runID, startedAt: run?.startedAt, options: options)
    }

    /// The trace view of a report entry, with the run's id and start time when known. Ends with a newline.
    public static func render(
        _ entry: JSONValue, runID: String? = nil, startedAt: String? = nil, options: Options = Options()
    ) -> String {
        var writer = Writer(entry: entry, options: options)
        writer.write(runID: runID, startedAt: startedAt)
        return writer.lines.joined(separator: "\n") + "\n"
    }

    private struct Writer {
        let entry: JSONValue
        let options: Options
        let calls: [JSONValue]
        var lines: [String] = []

        init(entry: JSONValue, options: Options) {
            self.entry = entry
            self.options = options
            calls = entry["toolCalls"]?.arrayValue ?? []
        }

        typealias Style = TerminalText.Style

        func paint(_ text: String, _ style: Style) -> String { style.apply(text, enabled: options.color) }
        func text(_ value: String?, limit: Int) -> String { TerminalText.clipped(value ?? "", limit: limit) }

        mutating func write(runID: String?, startedAt: String?) {
            let diagnosis = TraceDiagnosis(of: entry)
            lines.append(paint(diagnosis.summary, diagnosis.cause == .passed ? .green : .red))
            lines.append("")
            header(runID: runID, startedAt: startedAt)
            lines.append("")
            let steps = entry["steps"]?.arrayValue ?? []
            var cursor = 0
            agentLoop(steps, calls: 0..<calls.count, cursor: &cursor, indent: "", userTurns: userTurns())
            if cursor < calls.count {
                // Only an entry whose step counts disagree with its calls gets here; show what is left rather than lose it.
                lines.append("calls not tied to a step")
                for index in cursor..<calls.count { call(index, indent: "  ", cursor: &cursor) }
            }
            let failures = (entry["failures"]?.arrayValue ?? []).compactMap(\.stringValue)
            if !failures.isEmpty {
                lines.append("")
                lines.append(paint("failures", .bold))
                lines += failures.map { "  - " + TerminalText.inert($0) }
            }
            let warnings = (entry["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
            if !warnings.isEmpty {
                lines.append("")
                lines.append(paint("warnings", .bold))
                lines += warnings.map { "  - " + TerminalText.inert($0) }
            }
        }

        mutating func header(runID: String?, startedAt: String?) {
            let id = TerminalText.inert(entry["id"]?.stringValue ?? "?")
            let trial = entry["trial"]?.numberValue.map { Int($0) } ?? 0
            var scenario = paint(id, .bold) + (trial > 0 ? " (trial \(trial))" : "")
            if let title = entry["title"]?.stringValue, !title.isEmpty {
                scenario += ": " + text(title, limit: options.textLimit)
            }
            lines.append("scenario  " + scenario)
            lines.append("trace     " + TerminalText.inert(entry["traceId"]?.stringValue ?? "?"))
            if runID != nil || startedAt != nil {
                lines.append(
                    "run       "
                        + [runID.map(TerminalText.inert), startedAt.map { "started " + TerminalText.inert($0) }]
                        .compactMap { $0 }.joined(separator: " · "))
            }
            let failures = entry["failures"]?.arrayValue?.count ?? 0
            let passed = entry["passed"]?.boolValue ?? (failures == 0)
            let verdict =
                passed
                ? paint("PASS", .green) : paint("FAIL", .red) + " (\(failures) failure\(failures == 1 ? "" : "s"))"
            lines.append("verdict   " + verdict)
            var agent = TerminalText.inert(entry["agent"]?.stringValue ?? "?")
            if let model = entry["model"]?.stringValue {
                agent += " · " + TerminalText.inert(model)
                if let routing = entry["routing"], let reason = routing["reason"]?.stringValue {
                    let tier = routing["tier"]?.stringValue.map { TerminalText.inert($0) + ": " } ?? ""
                    agent += " (" + tier + text(reason, limit: options.textLimit) + ")"
                }
            } else {
                agent += " · no model (routing failed)"
            }
            lines.append("agent     " + agent)
            let code = entry["stopReason"]?["code"]?.stringValue ?? "?"
            let explanation = entry["stopReason"]?["explanation"]?.stringValue
            let stop =
                explanation == nil || explanation == "the agent answered"
                ? code : code + ": " + text(explanation, limit: options.textLimit)
            lines.append("stop      " + TerminalText.inert(stop))
            let tokens = entry["tokens"]
            let latency = entry["latency"]
            var figures = "cost " + ReportFormat.usd(entry["costUsd"]?.numberValue ?? 0)
            figures +=
                " · tokens \(count(tokens?["input"])) in (\(count(tokens?["cachedInput"])) cached), \(count(tokens?["output"])) out"
            figures += " · latency " + ReportFormat.seconds(entry["latencyMs"]?.numberValue ?? 0) + " virtual"
            if let latency {
                let parts = [("model", "modelMs"), ("tools", "toolMs"), ("routing", "routingMs")].compactMap {
                    label, key in
                    latency[key]?.numberValue.map { "\(label) " + ReportFormat.seconds($0) }
                }
                if !parts.isEmpty { figures += " (" + parts.joined(separator: ", ") + ")" }
            }
            lines.append("figures   " + figures)
        }

        /// The `user_turn` spans: step index → the user's next messages.
        func userTurns() -> [Int: [String]] {
            var turns: [Int: [String]] = [:]
            for span in entry["spans"]?.arrayValue ?? [] where span["kind"]?.stringValue == "user_turn" {
                guard let step = span["attributes"]?["step"]?.numberValue,
                    let content = span["attributes"]?["content"]?.stringValue
                else { continue }
                turns[Int(step), default: []].append(content)
            }
            return turns
        }

        /// One agent's loop: each step, then its calls, which are the next `toolCalls` of `calls` in order (a
        /// handoff's are followed by its specialist's, `handoff.toolCalls` of them).
        mutating func agentLoop(
            _ steps: [JSONValue], calls range: Range<Int>, cursor: inout Int, indent: String,
            userTurns: [Int: [String]] = [:]
        ) {
            cursor = range.lowerBound
            for step in steps {
                let index = step["index"]?.numberValue.map { Int($0) } ?? 0
                lines.append(indent + stepLine(step, number: index + 1))
                if let thought = step["thought"]?.stringValue, !thought.isEmpty {
                    lines.append(indent + "  thought: " + text(thought, limit: options.textLimit))
                }
                let proposed = step["toolCalls"]?.numberValue.map { Int($0) } ?? 0
                for _ in 0..<proposed where cursor < range.upperBound {
                    call(cursor, indent: indent + "  ", cursor: &cursor, end: range.upperBound)
                }
                if let answer = step["answer"]?.stringValue {
                    lines.append(indent + "  answer: " + text(answer, limit: options.textLimit))
                }
                for turn in userTurns[index] ?? [] {
                    lines.append(indent + "  user: " + text(turn, limit: options.textLimit))
                }
            }
        }

        func stepLine(_ step: JSONValue, number: Int) -> String {
            let tokens = step["tokens"]
            var line = paint("step \(number)", .bold) + " · " + TerminalText.inert(step["model"]?.stringValue ?? "?")
            line += " · \(count(tokens?["input"])) in"
            if let cached = tokens?["cachedInput"]?.numberValue, cached > 0 {
                line += " (\(count(tokens?["cachedInput"])) cached)"
            }
            line += ", \(count(tokens?["output"])) out"
            line += " · " + ReportFormat.usd(step["costUsd"]?.numberValue ?? 0)
            line += " · model " + ReportFormat.seconds(step["modelLatencyMs"]?.numberValue ?? 0)
            if let tools = step["toolLatencyMs"]?.numberValue, (step["toolCalls"]?.numberValue ?? 0) > 0 {
                line += ", tools " + ReportFormat.seconds(tools)
            }
            return line
        }

        /// Call `index` and, for a handoff, its specialist's loop; advances `cursor` past both.
        mutating func call(_ index: Int, indent: String, cursor: inout Int, end: Int? = nil) {
            let call = calls[index]
            cursor = index + 1
            let name = TerminalText.inert(call["name"]?.stringValue ?? "?")
            let arguments = call["arguments"].map { $0.stringValue ?? $0.serialized() } ?? ""
            lines.append(
                indent + "[\(index + 1)] " + paint(name, .cyan) + " " + text(arguments, limit: options.argumentLimit))
            let detail = indent + "    "
            lines.append(detail + decisions(call))
            if let edited = call["editedArguments"] {
                lines.append(
                    detail + "edited arguments: "
                        + text(edited.stringValue ?? edited.serialized(), limit: options.argumentLimit))
            }
            if let handoff = call["handoff"] {
                var line = "handoff to " + TerminalText.inert(handoff["agent"]?.stringValue ?? "?")
                if let model = handoff["model"]?.stringValue { line += " · " + TerminalText.inert(model) }
                if let reason = handoff["routingReason"]?.stringValue {
                    line += " (" + text(reason, limit: options.textLimit) + ")"
                }
                line += " · " + TerminalText.inert(handoff["stopReason"]?.stringValue ?? "?")
                let nested = handoff["toolCalls"]?.numberValue.map { Int($0) } ?? 0
                line += " · \(nested) call\(nested == 1 ? "" : "s")"
                lines.append(detail + line)
                // The task is usually the call's `task` argument, shown above; say it only when it is something else.
                if let task = handoff["task"]?.stringValue, call["arguments"]?["task"]?.stringValue != task {
                    lines.append(detail + "task: " + text(task, limit: options.textLimit))
                }
                let upper = min(cursor + nested, end ?? calls.count)
                var inner = cursor
                agentLoop(
                    handoff["steps"]?.arrayValue ?? [], calls: cursor..<upper, cursor: &inner, indent: detail + "│ ")
                if inner < upper {
                    for leftover in inner..<upper {
                        self.call(leftover, indent: detail + "│ ", cursor: &inner, end: upper)
                    }
                }
                cursor = upper
            }
            // A handoff's observation is its specialist's answer, already shown as the last step of its loop.
            if let observation = call["observation"]?.stringValue,
                observation != call["handoff"]?["answer"]?.stringValue
            {
                lines.append(detail + "observation: " + text(observation, limit: options.observationLimit))
            }
        }

        /// `validation ok · gateway allow · approval approve (note) · executed in 95 ms`.
        func decisions(_ call: JSONValue) -> String {
            var parts: [String] = []
            if let validation = call["validation"] {
                let kind = validation["kind"]?.stringValue.map { " (" + TerminalText.inert($0) + ")" } ?? ""
                parts.append(
                    paint("validation refused", .red) + kind + ": "
                        + text(validation["message"]?.stringValue, limit: options.observationLimit))
            } else {
                parts.append("validation ok")
            }
            if let gateway = call["gateway"] {
                if gateway["decision"]?.stringValue == "deny" {
                    var deny = paint("gateway deny", .red)
                    var why: [String] = []
                    if let rule = gateway["rule"]?.stringValue { why.append("rule " + TerminalText.inert(rule)) }
                    let missing = (gateway["missingScopes"]?.arrayValue ?? []).compactMap(\.stringValue)
                    if !missing.isEmpty {
                        why.append(
                            "missing scope\(missing.count == 1 ? "" : "s") "
                                + TerminalText.inert(missing.joined(separator: ", ")))
                    }
                    if !why.isEmpty { deny += " (" + why.joined(separator: ", ") + ")" }
                    parts.append(deny)
                } else {
                    parts.append("gateway " + TerminalText.inert(gateway["decision"]?.stringValue ?? "?"))
                }
            }
            if let approval = call["approval"] {
                let decision = approval["decision"]?.stringValue ?? "?"
                var text = "approval " + TerminalText.inert(decision)
                if let why = approval["reason"]?.stringValue ?? approval["note"]?.stringValue {
                    text += ": " + self.text(why, limit: options.textLimit)
                }
                parts.append(decision == "reject" ? paint(text, .red) : text)
            }
            let outcome = call["outcome"]?.stringValue ?? "?"
            var result = TerminalText.inert(outcome)
            if let latency = call["latencyMs"]?.numberValue, latency > 0 {
                result += " in " + ReportFormat.seconds(latency)
            }
            parts.append(
                outcome == "executed" ? paint(result, .green) : paint(result, outcome == "failed" ? .yellow : .red))
            return parts.joined(separator: " · ")
        }

        func count(_ value: JSONValue?) -> String { value?.numberValue.map { JSONValue.format(number: $0) } ?? "0" }
    }
}
