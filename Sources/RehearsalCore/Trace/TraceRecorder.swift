/// Collects the spans of one run, giving each a derived id in the order they are opened.
struct TraceRecorder {
    let traceID: TraceID
    private(set) var spans: [Span] = []

    init(traceID: TraceID) { self.traceID = traceID }

    /// Opens a span and returns its index; close it with ``end(_:at:status:)``.
    mutating func begin(_ kind: SpanKind, _ name: String, parent: SpanID?, at startMs: Double, attributes: [String: JSONValue] = [:]) -> Int {
        let span = Span(
            id: SpanID.derived(trace: traceID, sequence: spans.count), parentID: parent, name: name, kind: kind,
            startMs: startMs, endMs: startMs, status: .ok, attributes: attributes)
        spans.append(span)
        return spans.count - 1
    }

    /// Records a span that starts and ends at known times.
    @discardableResult
    mutating func record(_ kind: SpanKind, _ name: String, parent: SpanID?, from startMs: Double, to endMs: Double, status: SpanStatus = .ok, attributes: [String: JSONValue] = [:]) -> SpanID {
        let index = begin(kind, name, parent: parent, at: startMs, attributes: attributes)
        end(index, at: endMs, status: status)
        return spans[index].id
    }

    mutating func end(_ index: Int, at endMs: Double, status: SpanStatus = .ok) {
        spans[index].endMs = endMs
        spans[index].status = status
    }

    mutating func annotate(_ index: Int, _ key: String, _ value: JSONValue) { spans[index].attributes[key] = value }

    func id(_ index: Int) -> SpanID { spans[index].id }
}
