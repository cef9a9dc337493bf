public import RehearsalCore

/// One recorded model call: the request as sent, the response exactly as the provider sent it, the latency and
/// where it came from. One line of a `llm.jsonl` fixture file.
///
/// Replay finds exchanges by their key and never reads the stored request, which is most of a fixture's bytes;
/// exchanges read from files keep it as text until something asks for it (a miss's diff, `validate`).
public struct LLMExchange: Sendable {
    /// The request key (``RequestKey``) the exchange is found by.
    public var key: String
    /// `agent` for a turn of the loop, `routing` for a classifier call.
    public var purpose: String
    /// The model asked.
    public var model: String
    /// The wire format of `request` and `response`.
    public var format: String
    /// The request body as sent (parsed on first use when read from a file; null if its text is not JSON, which
    /// ``parsedRequest()`` reports).
    public var request: JSONValue {
        get { (try? parsedRequest()) ?? .null }
        set { requestBody = .parsed(newValue) }
    }
    private var requestBody: RequestBody

    private enum RequestBody: Sendable {
        case parsed(JSONValue)
        case raw(String)
    }

    /// The stored request, parsed.
    /// - Throws: ``JSONSyntaxError`` when the stored text is not JSON.
    public func parsedRequest() throws(JSONSyntaxError) -> JSONValue {
        switch requestBody {
        case .parsed(let value): return value
        case .raw(let text): return try JSONParser.parse(text)
        }
    }
    /// The response body as received.
    public var response: JSONValue
    /// How long the call took, in ms: the virtual clock advances by this in replay.
    public var latencyMs: Double
    /// Where it came from.
    public var provenance: Provenance
    /// The trial it belongs to (from 0); nil serves every trial.
    public var trial: Int?

    /// An exchange from its parts.
    public init(
        key: String, purpose: String, model: String, format: String, request: JSONValue, response: JSONValue,
        latencyMs: Double, provenance: Provenance
    ) {
        self.key = key
        self.purpose = purpose
        self.model = model
        self.format = format
        self.requestBody = .parsed(request)
        self.response = response
        self.latencyMs = latencyMs
        self.provenance = provenance
    }

    /// The exchange recording `response` to `request`.
    public init(request: ModelRequest, response: ModelResponse, provenance: Provenance) {
        let key = RequestKey.key(for: request)
        self.init(
            key: key, purpose: request.purpose == .routing ? "routing" : "agent", model: request.model,
            format: OpenAIChatWire.format, request: OpenAIChatWire.body(for: request),
            response: OpenAIChatWire.body(for: response, id: "chatcmpl-" + key.dropFirst(7).prefix(29), created: 0),
            latencyMs: response.latencyMs, provenance: provenance)
    }

    /// The recorded response, decoded.
    /// - Throws: ``JSONDecodingError`` when the body is not a valid response in its format.
    public func decodedResponse() throws -> ModelResponse {
        format == AnthropicMessagesWire.format
            ? try AnthropicMessagesWire.response(from: response, latencyMs: latencyMs)
            : try OpenAIChatWire.response(from: response, latencyMs: latencyMs)
    }
}

extension LLMExchange: Hashable {
    // Equal exchanges have equal parts; a request read as text equals the same request parsed.
    public static func == (lhs: LLMExchange, rhs: LLMExchange) -> Bool {
        lhs.key == rhs.key && lhs.purpose == rhs.purpose && lhs.model == rhs.model && lhs.format == rhs.format
            && lhs.response == rhs.response && lhs.latencyMs == rhs.latencyMs && lhs.provenance == rhs.provenance && lhs.trial == rhs.trial
            && lhs.request == rhs.request
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(model)
        hasher.combine(trial)
    }
}

extension LLMExchange: JSONDecodable, JSONEncodable {
    /// Reads one `llm.jsonl` line, keeping the request as text (see the type's documentation).
    /// - Throws: ``JSONSyntaxError`` for a line that is not JSON, ``JSONDecodingError`` for one of the wrong shape.
    public static func decode(line: UnsafeBufferPointer<UInt8>) throws -> LLMExchange {
        let (members, deferred) = try JSONParser.parseObject(bytes: line, deferring: ["request"])
        guard let requestText = deferred["request"] else {
            throw JSONDecodingError(path: .root, message: "missing required key \"request\"")
        }
        var exchange = try LLMExchange(json: .object(members.merging(["request": [:]]) { current, _ in current }), at: .root)
        exchange.requestBody = .raw(requestText)
        return exchange
    }

    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["kind", "key", "purpose", "model", "format", "request", "response", "latencyMs", "provenance", "trial"])
        if let kind: String = try reader.decodeIfPresent("kind"), kind != "llm" {
            throw JSONDecodingError(path: path.appending("kind"), message: "expected \"llm\" in a model fixture (llm.jsonl), found \(JSONValue.string(kind).serialized())")
        }
        let format: String = try reader.decode("format")
        // The response is stored in its provider's format; the request is always the engine's canonical request
        // (OpenAI-shaped), which is what keys are computed from.
        guard format == OpenAIChatWire.format || format == AnthropicMessagesWire.format else {
            throw JSONDecodingError(path: path.appending("format"), message: "expected \"\(OpenAIChatWire.format)\" or \"\(AnthropicMessagesWire.format)\", found \(JSONValue.string(format).serialized())")
        }
        let purpose: String = try reader.decode("purpose", default: "agent")
        guard purpose == "agent" || purpose == "routing" else {
            throw JSONDecodingError(path: path.appending("purpose"), message: "expected \"agent\" or \"routing\", found \(JSONValue.string(purpose).serialized())")
        }
        let latency: Double = try reader.decode("latencyMs")
        guard latency >= 0 else { throw JSONDecodingError(path: path.appending("latencyMs"), message: "expected a latency >= 0, found \(latency)") }
        self.init(
            key: try reader.decode("key"), purpose: purpose, model: try reader.decode("model"), format: format,
            request: try reader.decode("request"), response: try reader.decode("response"), latencyMs: latency,
            provenance: try reader.decode("provenance"))
        trial = try reader.decodeIfPresent("trial")
        if let trial, trial < 0 { throw JSONDecodingError(path: path.appending("trial"), message: "expected a trial number >= 0, found \(trial)") }
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "kind": "llm", "key": .string(key), "purpose": .string(purpose), "model": .string(model), "format": .string(format),
            "request": request, "response": response, "latencyMs": .number(latencyMs), "provenance": provenance.json,
        ]
        members["trial"] = trial.map(\.json)
        return .object(members)
    }
}
