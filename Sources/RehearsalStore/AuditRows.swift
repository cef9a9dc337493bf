import RehearsalCore

/// The rows of the audit tables `steps`, `tool_calls` and `spans` for one scenario run, derived from its report
/// entry (docs/report-format.md, `scenarios[]`).
///
/// Lenient on purpose: the entry is stored whole anyway, so a key an older or newer report lacks becomes NULL
/// instead of an error. Each row holds the table's columns after the four that name the scenario run (`run_id`,
/// `scenario_id`, `trial`, `trace_id`), in the order of ``stepColumns``, ``toolCallColumns`` and ``spanColumns``.
struct AuditRows {
    var steps: [[SQLiteValue]] = []
    var toolCalls: [[SQLiteValue]] = []
    var spans: [[SQLiteValue]] = []

    static let stepColumns = [
        "seq", "agent", "handoff_call_index", "step_index", "model", "finish_reason", "thought", "answer",
        "tool_calls", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens",
        "reasoning_tokens", "cost_usd", "start_ms", "model_latency_ms", "tool_latency_ms",
    ]

    static let toolCallColumns = [
        "call_index", "handoff_call_index", "agent", "step_index", "call_id", "name", "arguments",
        "edited_arguments", "outcome", "side_effect", "gateway_decision", "gateway_rule", "gateway_reason",
        "missing_scopes", "approval_decision", "approval_reason", "validation_kind", "validation_message",
        "observation", "start_ms", "latency_ms", "span_id",
    ]

    static let spanColumns = [
        "span_id", "parent_span_id", "kind", "name", "start_ms", "end_ms", "status", "error", "attributes",
    ]

    /// The rows for `entry`.
    init(entry: JSONValue) {
        let calls = (entry["toolCalls"]?.arrayValue ?? []).map { $0.objectValue ?? [:] }
        let handoffs = Self.handoffCallIndexes(calls)

        // Every agent's steps: the scenario agent's, then each specialist's under its handoff call, put in the
        // order they ran (by start time; on a tie, that listing order).
        var found: [(step: [String: JSONValue], agent: JSONValue?, handoff: Int?)] = []
        for step in entry["steps"]?.arrayValue ?? [] { found.append((step.objectValue ?? [:], entry["agent"], nil)) }
        for (index, call) in calls.enumerated() {
            guard let handoff = call["handoff"] else { continue }
            for step in handoff["steps"]?.arrayValue ?? [] {
                found.append((step.objectValue ?? [:], handoff["agent"], index))
            }
        }
        let chronological = found.enumerated().sorted { left, right in
            let (a, b) = (left.element.step["startMs"]?.numberValue, right.element.step["startMs"]?.numberValue)
            return a != b ? (a ?? .infinity) < (b ?? .infinity) : left.offset < right.offset
        }
        steps = chronological.enumerated().map { seq, item in
            let (step, agent, handoff) = item.element
            let tokens = step["tokens"]
            return [
                SQLiteValue(seq), Self.text(agent), SQLiteValue(handoff), Self.number(step["index"]),
                Self.text(step["model"]), Self.text(step["finishReason"]), Self.text(step["thought"]),
                Self.text(step["answer"]), Self.number(step["toolCalls"]), Self.number(tokens?["input"]),
                Self.number(tokens?["cachedInput"]), Self.number(tokens?["cacheWrite"]), Self.number(tokens?["output"]),
                Self.number(tokens?["reasoning"]), Self.number(step["costUsd"]), Self.number(step["startMs"]),
                Self.number(step["modelLatencyMs"]), Self.number(step["toolLatencyMs"]),
            ]
        }

        toolCalls = calls.enumerated().map { index, call in
            let gateway = call["gateway"]
            let approval = call["approval"]
            let missingScopes = gateway?["missingScopes"]?.arrayValue?.compactMap(\.stringValue)
            return [
                SQLiteValue(index), SQLiteValue(handoffs[index]), Self.text(call["agent"]), Self.number(call["step"]),
                Self.text(call["callId"]), Self.text(call["name"]), Self.json(call["arguments"]),
                Self.json(call["editedArguments"]), Self.text(call["outcome"]), Self.text(call["sideEffect"]),
                Self.text(gateway?["decision"]), Self.text(gateway?["rule"]), Self.text(gateway?["reason"]),
                SQLiteValue(missingScopes?.joined(separator: " ")), Self.text(approval?["decision"]),
                Self.text(approval?["reason"] ?? approval?["note"]), Self.text(call["validation"]?["kind"]),
                Self.text(call["validation"]?["message"]), Self.text(call["observation"]), Self.number(call["startMs"]),
                Self.number(call["latencyMs"]), Self.text(call["spanId"]),
            ]
        }

        // A span without an id cannot be keyed; the report always gives one.
        spans = (entry["spans"]?.arrayValue ?? []).compactMap { span in
            guard let id = span["spanId"]?.stringValue else { return nil }
            return [
                .text(id), Self.text(span["parentSpanId"]), Self.text(span["kind"]), Self.text(span["name"]),
                Self.number(span["startMs"]), Self.number(span["endMs"]), Self.text(span["status"]),
                Self.text(span["error"]), Self.json(span["attributes"]),
            ]
        }
    }

    /// For each call, the index of the handoff whose specialist proposed it, or nil for the scenario agent's calls.
    ///
    /// The report lists each handoff's calls right after it, and its `handoff.toolCalls` counts them, nested
    /// handoffs' calls included; so a handoff at index i covers the indexes i + 1 … i + count.
    static func handoffCallIndexes(_ calls: [[String: JSONValue]]) -> [Int?] {
        var open: [(index: Int, end: Int)] = []
        return calls.enumerated().map { index, call in
            while let last = open.last, last.end <= index { open.removeLast() }
            let parent = open.last?.index
            if let count = call["handoff"]?["toolCalls"]?.numberValue, count > 0, let count = Int(exactly: count) {
                open.append((index, index + 1 + count))
            }
            return parent
        }
    }

    private static func text(_ value: JSONValue?) -> SQLiteValue { SQLiteValue(value?.stringValue) }

    /// A JSON number as a SQLite number; the column's type makes integral values integers.
    private static func number(_ value: JSONValue?) -> SQLiteValue { SQLiteValue(value?.numberValue) }

    /// The value as compact JSON text with sorted keys, for `json_extract` in the `sqlite3` shell.
    private static func json(_ value: JSONValue?) -> SQLiteValue { SQLiteValue(value?.serialized()) }
}
