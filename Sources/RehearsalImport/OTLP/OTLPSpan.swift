import RehearsalCore

/// One span read from an OTLP/JSON file: its ids, times, status, attributes and events, with where it was found.
///
/// Attribute values are OTLP `AnyValue`s read into ``JSONValue`` (see ``OTLPAnyValue``), so structured attributes
/// (`gen_ai.input.messages` as an `arrayValue`) and their JSON-string form can be read the same way.
struct OTLPSpan: Sendable, Hashable {
    /// The trace id, 32 lowercase hex digits.
    var traceID: String
    /// The span id, 16 lowercase hex digits.
    var spanID: String
    /// The parent's span id; nil for a root span.
    var parentSpanID: String?
    /// The span's name (`chat gpt-4o`).
    var name: String
    /// Start and end, nanoseconds since the Unix epoch; nil when not set.
    var startNanos: UInt64?
    var endNanos: UInt64?
    /// The span's attributes by key.
    var attributes: [String: JSONValue]
    /// Its events, in the file's order.
    var events: [Event]
    /// Its status.
    var status: Status
    /// The resource's `service.name`: who emitted the span.
    var serviceName: String?
    /// The 1-based line of the file it was read from, when the file is JSON Lines.
    var line: Int?
    /// Its position in the file, the tie-breaker when siblings start at the same time.
    var order: Int

    /// A span event: a name, a time and attributes (the older GenAI conventions put message content here).
    struct Event: Sendable, Hashable {
        var name: String
        var attributes: [String: JSONValue]
    }

    /// A span's status (opentelemetry-proto `Status.StatusCode`).
    enum Status: Sendable, Hashable {
        case unset
        case ok
        /// `STATUS_CODE_ERROR`, with the status message when there is one.
        case error(String?)
    }

    /// How long the span took, in milliseconds; nil when a time is missing or the end precedes the start.
    var durationMs: Double? {
        guard let startNanos, let endNanos, endNanos >= startNanos else { return nil }
        return Double(endNanos - startNanos) / 1_000_000
    }

    /// Whether the span's status is `STATUS_CODE_ERROR`.
    var isError: Bool {
        if case .error = status { return true }
        return false
    }
}
