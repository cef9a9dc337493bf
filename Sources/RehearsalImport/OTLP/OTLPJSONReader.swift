import RehearsalCore

/// Reads the spans out of OTLP/JSON `TracesData` (opentelemetry-proto `trace/v1/trace.proto`), the shape of a
/// Collector `file` exporter line and of an `ExportTraceServiceRequest` body.
///
/// `TracesData` holds `resourceSpans[]`, each a `resource` and `scopeSpans[]`, each a `scope` and `spans[]`. As the
/// OTLP specification asks of receivers, unknown fields are ignored; a known field of the wrong type is an error
/// naming its JSON path. Older and looser shapes are read too: the proto field names (`resource_spans`), Grafana
/// Tempo's `batches`, the pre-1.0 `instrumentationLibrarySpans`, enum names for status codes, numbers for 64-bit
/// integers, and base64 ids (see ``OTLPIdentifier``).
enum OTLPJSONReader {
    /// The spans of one JSON document: a `TracesData` object or an array of them.
    /// - Throws: ``JSONDecodingError`` naming the path of the first value that does not have OTLP's shape.
    static func spans(in document: JSONValue) throws(JSONDecodingError) -> [OTLPSpan] {
        if case .array(let elements) = document {
            var spans: [OTLPSpan] = []
            for (index, element) in elements.enumerated() {
                spans += try tracesData(element, at: JSONPath.root.appending(index))
            }
            return spans
        }
        return try tracesData(document, at: .root)
    }

    /// Whether `document` has the shape of `TracesData` (or an array of them): a `resourceSpans` array.
    static func looksLikeTracesData(_ document: JSONValue) -> Bool {
        if case .array(let elements) = document, let first = elements.first { return looksLikeTracesData(first) }
        guard case .object(let members) = document else { return false }
        if members["resourceSpans"]?.arrayValue != nil || members["resource_spans"]?.arrayValue != nil { return true }
        guard let first = members["batches"]?.arrayValue?.first?.objectValue else { return false }
        return ["scopeSpans", "scope_spans", "instrumentationLibrarySpans"].contains { first[$0] != nil }
    }

    private static func tracesData(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> [OTLPSpan] {
        guard case .object(let members) = value else {
            throw .typeMismatch(
                at: path, expected: "an OTLP/JSON TracesData object {\"resourceSpans\": […]}", found: value)
        }
        guard let (key, resourceSpans) = member(of: members, ["resourceSpans", "resource_spans", "batches"]) else {
            let found = members.keys.sorted().map { JSONValue.string($0).serialized() }.joined(separator: ", ")
            throw JSONDecodingError(
                path: path,
                message: "missing \"resourceSpans\": expected OTLP/JSON TracesData (or an ExportTraceServiceRequest), "
                    + "found \(found.isEmpty ? "an empty object" : "keys \(found)")")
        }
        var spans: [OTLPSpan] = []
        for (index, entry) in try array(resourceSpans, at: path.appending(key)).enumerated() {
            spans += try self.resourceSpans(entry, at: path.appending(key).appending(index))
        }
        return spans
    }

    private static func resourceSpans(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> [OTLPSpan] {
        let members = try object(value, at: path, expected: "a ResourceSpans object {\"resource\", \"scopeSpans\"}")
        var serviceName: String?
        if let resource = members["resource"], resource != .null {
            let resourceMembers = try object(resource, at: path.appending("resource"), expected: "a Resource object")
            if let list = resourceMembers["attributes"], list != .null {
                let attributesPath = path.appending("resource").appending("attributes")
                serviceName = try OTLPAnyValue.attributes(try array(list, at: attributesPath), at: attributesPath)[
                    "service.name"]?.stringValue
            }
        }
        guard
            let (key, scopes) = member(
                of: members,
                ["scopeSpans", "scope_spans", "instrumentationLibrarySpans", "instrumentation_library_spans"])
        else { return [] }
        var spans: [OTLPSpan] = []
        for (index, scope) in try array(scopes, at: path.appending(key)).enumerated() {
            let scopePath = path.appending(key).appending(index)
            let scopeMembers = try object(scope, at: scopePath, expected: "a ScopeSpans object {\"scope\", \"spans\"}")
            guard let list = scopeMembers["spans"] else { continue }
            for (spanIndex, span) in try array(list, at: scopePath.appending("spans")).enumerated() {
                var read = try self.span(span, at: scopePath.appending("spans").appending(spanIndex))
                read.serviceName = serviceName
                spans.append(read)
            }
        }
        return spans
    }

    private static func span(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> OTLPSpan {
        let members = try object(value, at: path, expected: "a Span object")
        guard let (traceKey, traceValue) = member(of: members, ["traceId", "trace_id"]) else {
            throw JSONDecodingError(path: path, message: "missing required key \"traceId\"")
        }
        guard let (spanKey, spanValue) = member(of: members, ["spanId", "span_id"]) else {
            throw JSONDecodingError(path: path, message: "missing required key \"spanId\"")
        }
        guard
            let traceID = try OTLPIdentifier.hex(
                traceValue, byteCount: 16, what: "a trace id", at: path.appending(traceKey))
        else {
            throw JSONDecodingError(
                path: path.appending(traceKey), message: "expected a trace id, found an empty or all-zero id")
        }
        guard
            let spanID = try OTLPIdentifier.hex(spanValue, byteCount: 8, what: "a span id", at: path.appending(spanKey))
        else {
            throw JSONDecodingError(
                path: path.appending(spanKey), message: "expected a span id, found an empty or all-zero id")
        }
        var parentID: String?
        if let (key, parent) = member(of: members, ["parentSpanId", "parent_span_id"]), parent != .null {
            parentID = try OTLPIdentifier.hex(parent, byteCount: 8, what: "a parent span id", at: path.appending(key))
        }

        var name = ""
        if let value = members["name"], value != .null {
            guard case .string(let text) = value else {
                throw .typeMismatch(at: path.appending("name"), expected: "a string", found: value)
            }
            name = text
        }
        var times: [UInt64?] = []
        for keys in [["startTimeUnixNano", "start_time_unix_nano"], ["endTimeUnixNano", "end_time_unix_nano"]] {
            if let (key, time) = member(of: members, keys), time != .null {
                let nanos = try OTLPAnyValue.unsigned(time, at: path.appending(key))
                times.append(nanos == 0 ? nil : nanos)
            } else {
                times.append(nil)
            }
        }
        var attributes: [String: JSONValue] = [:]
        if let list = members["attributes"], list != .null {
            attributes = try OTLPAnyValue.attributes(
                try array(list, at: path.appending("attributes")), at: path.appending("attributes"))
        }
        var events: [OTLPSpan.Event] = []
        if let list = members["events"], list != .null {
            for (index, event) in try array(list, at: path.appending("events")).enumerated() {
                events.append(try self.event(event, at: path.appending("events").appending(index)))
            }
        }
        return OTLPSpan(
            traceID: traceID, spanID: spanID, parentSpanID: parentID, name: name, startNanos: times[0],
            endNanos: times[1], attributes: attributes, events: events,
            status: try status(members["status"], at: path.appending("status")), serviceName: nil, line: nil, order: 0)
    }

    private static func event(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> OTLPSpan.Event {
        let members = try object(value, at: path, expected: "a Span.Event object {\"name\", \"attributes\"}")
        var name = ""
        if let value = members["name"], value != .null {
            guard case .string(let text) = value else {
                throw .typeMismatch(at: path.appending("name"), expected: "a string", found: value)
            }
            name = text
        }
        var attributes: [String: JSONValue] = [:]
        if let list = members["attributes"], list != .null {
            attributes = try OTLPAnyValue.attributes(
                try array(list, at: path.appending("attributes")), at: path.appending("attributes"))
        }
        return OTLPSpan.Event(name: name, attributes: attributes)
    }

    /// `Status`: `code` 0 (unset), 1 (ok) or 2 (error), as an integer (OTLP/JSON) or enum name (protobuf JSON).
    private static func status(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> OTLPSpan.Status {
        guard let value, value != .null else { return .unset }
        let members = try object(value, at: path, expected: "a Status object {\"code\", \"message\"}")
        var message: String?
        if let text = members["message"], text != .null {
            guard case .string(let string) = text else {
                throw .typeMismatch(at: path.appending("message"), expected: "a string", found: text)
            }
            message = string.isEmpty ? nil : string
        }
        switch members["code"] {
        case nil, .null, .number(0), .string("STATUS_CODE_UNSET"): return .unset
        case .number(1), .string("STATUS_CODE_OK"): return .ok
        case .number(2), .string("STATUS_CODE_ERROR"): return .error(message)
        case let code?:
            throw .typeMismatch(
                at: path.appending("code"), expected: "a status code: 0 (unset), 1 (ok) or 2 (error)", found: code)
        }
    }

    // MARK: - Shape helpers

    /// The first of `keys` present (and not null) in `members`, with its value.
    private static func member(of members: [String: JSONValue], _ keys: [String]) -> (String, JSONValue)? {
        for key in keys { if let value = members[key], value != .null { return (key, value) } }
        return nil
    }

    private static func object(_ value: JSONValue, at path: JSONPath, expected: String) throws(JSONDecodingError)
        -> [String: JSONValue]
    {
        guard case .object(let members) = value else { throw .typeMismatch(at: path, expected: expected, found: value) }
        return members
    }

    private static func array(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> [JSONValue] {
        guard case .array(let elements) = value else {
            throw .typeMismatch(at: path, expected: "an array", found: value)
        }
        return elements
    }
}
