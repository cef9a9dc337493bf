public import RehearsalCore

/// The key a recorded model exchange is found by: a hash of the canonical request.
///
/// The canonical request is the wire body with volatile ids left out (`tool_calls[].id`, `tool_call_id`: the
/// provider makes them up anew each time) and object keys sorted; it covers the model, every message with its
/// tool calls and results, the tool schemas and the sampling parameters. Change any of those and the key
/// changes, which is how an edited prompt or tool orphans a recording.
public enum RequestKey {
    /// The canonical form of `request`'s wire body.
    public static func canonicalBody(for request: ModelRequest) -> JSONValue {
        canonicalize(OpenAIChatWire.body(for: request))
    }

    /// The canonical form of a recorded wire request body.
    public static func canonicalize(_ body: JSONValue) -> JSONValue {
        guard case .object(var members) = body, case .array(let messages)? = members["messages"] else { return body }
        members["messages"] = .array(messages.map(canonicalize(message:)))
        return .object(members)
    }

    /// One wire message without its volatile ids.
    static func canonicalize(message: JSONValue) -> JSONValue {
        guard case .object(var fields) = message else { return message }
        fields["tool_call_id"] = nil
        if case .array(let calls)? = fields["tool_calls"] {
            fields["tool_calls"] = .array(calls.map { call in
                guard case .object(var callFields) = call else { return call }
                callFields["id"] = nil
                return .object(callFields)
            })
        }
        return .object(fields)
    }

    /// The key of `request`: `sha256:` and 64 hex digits.
    public static func key(for request: ModelRequest) -> String { key(forCanonical: canonicalBody(for: request)) }

    /// The key of a recorded wire request body.
    public static func key(forRecorded body: JSONValue) -> String { key(forCanonical: canonicalize(body)) }

    static func key(forCanonical body: JSONValue) -> String { "sha256:" + SHA256.hex(body.serialized()) }

    /// The key an API exchange is found by: the tool name and its arguments as canonical JSON.
    public static func apiKey(tool: String, arguments: JSONValue) -> String { tool + " " + arguments.serialized() }
}
