/// The spans of one trace as a tree: parents from `parentSpanId`, siblings in start-time order.
///
/// A span whose parent is not in the file (a trace exported in part) is a root. A span exported twice (OTLP delivers
/// at least once) is kept once. Siblings that start at the same nanosecond keep the file's order.
struct OTLPTraceTree: Sendable {
    /// The trace's spans by id.
    let spans: [String: OTLPSpan]
    /// The root spans, in start order.
    let roots: [OTLPSpan]
    /// Each span's children, in start order.
    private let children: [String: [OTLPSpan]]
    /// Each span's role, computed once.
    private let operations: [String: OTLPSpan.Operation]

    /// The tree of `spans`, all of one trace.
    init(spans list: [OTLPSpan]) {
        var spans: [String: OTLPSpan] = [:]
        var unique: [OTLPSpan] = []
        for span in list where spans[span.spanID] == nil {
            spans[span.spanID] = span
            unique.append(span)
        }
        unique.sort { ($0.startNanos ?? 0, $0.order) < ($1.startNanos ?? 0, $1.order) }
        var roots: [OTLPSpan] = []
        var children: [String: [OTLPSpan]] = [:]
        for span in unique {
            if let parent = span.parentSpanID, parent != span.spanID, spans[parent] != nil {
                children[parent, default: []].append(span)
            } else {
                roots.append(span)
            }
        }
        self.spans = spans
        self.roots = roots
        self.children = children
        self.operations = spans.mapValues(\.operation)
    }

    /// The role of `span` in an agent run.
    func operation(of span: OTLPSpan) -> OTLPSpan.Operation { operations[span.spanID] ?? .other }

    /// The children of `span`, in start order.
    func children(of span: OTLPSpan) -> [OTLPSpan] { children[span.spanID] ?? [] }

    /// The parent of `span`, its parent, and so on up to a root.
    func ancestors(of span: OTLPSpan) -> [OTLPSpan] {
        var result: [OTLPSpan] = []
        var seen: Set<String> = [span.spanID]
        var current = span
        while let id = current.parentSpanID, !seen.contains(id), let parent = spans[id] {
            result.append(parent)
            seen.insert(id)
            current = parent
        }
        return result
    }

    /// The agent runs in the trace: each `invoke_agent` span with no agent span above it, with the model and tool
    /// spans of its own loop; or, when the trace has no agent span, one run of all its model and tool spans. A run with neither is left out.
    func runs() -> [Run] {
        var agents: [OTLPSpan] = []
        func findAgents(in spans: [OTLPSpan]) {
            for span in spans {
                switch operation(of: span) {
                case .agent: agents.append(span)
                case .chat, .tool: continue
                case .other: findAgents(in: children(of: span))
                }
            }
        }
        findAgents(in: roots)
        if agents.isEmpty {
            let steps = steps(in: roots)
            return steps.isEmpty ? [] : [Run(agent: nil, steps: steps)]
        }
        return agents.compactMap { agent in
            let steps = steps(in: children(of: agent))
            return steps.isEmpty ? nil : Run(agent: agent, steps: steps)
        }
    }

    /// The model and tool spans among `spans` and their descendants, in order: a model or tool span is taken whole
    /// (what runs inside a tool, such as an agent called as a tool, is the tool's business), a nested agent span is
    /// left out (its loop is its own), and any other span is looked through.
    private func steps(in spans: [OTLPSpan]) -> [OTLPSpan] {
        var steps: [OTLPSpan] = []
        for span in spans {
            switch operation(of: span) {
            case .chat, .tool: steps.append(span)
            case .agent: continue
            case .other: steps += self.steps(in: children(of: span))
            }
        }
        return steps
    }

    /// One agent run: its `invoke_agent` span, when there is one, and its model and tool spans in order.
    struct Run: Sendable {
        var agent: OTLPSpan?
        var steps: [OTLPSpan]
    }
}
