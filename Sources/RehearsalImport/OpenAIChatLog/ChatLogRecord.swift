import RehearsalCore

/// One logged model call: the request, what it got back, and what the logger recorded around it (when, how long,
/// which session, which provider).
///
/// The shapes read, told apart by their keys:
///
/// - a request/response pair, as SDK loggers and proxies write it: `{"request": …, "response": …}`, or
///   `input`/`output` (OpenPipe's export), or `request_body`/`response_body` (Helicone's export). Either side may be
///   JSON text, or an HTTP record whose `body` holds it; a call that failed has an error body, or no response and an
///   `error`, or an HTTP `status_code` of 400 or more;
/// - a LiteLLM `StandardLoggingPayload` (https://docs.litellm.ai/docs/proxy/logging_spec): `messages`, `response`,
///   `model`, `model_parameters` (with `tools` and `temperature`), `status`, `error_str` and `error_information`;
/// - a row of LiteLLM's spend logs (`LiteLLM_SpendLogs`): the request body in `proxy_server_request` and the response
///   in `response`, both JSON text, stored only with `store_prompts_in_spend_logs`.
struct ChatLogRecord: Sendable {
    /// Where the record is: its line, and for a file that is one JSON document, its path in the document.
    struct Origin: Sendable, Hashable {
        /// The 1-based line the record starts on.
        var line: Int
        /// The record's path in the file's one JSON document; nil in JSON Lines.
        var document: JSONPath?
    }

    /// A problem with a record: where it is and what is wrong at which path of its JSON.
    struct Failure: Error, Sendable {
        var origin: Origin
        var error: JSONDecodingError
    }

    /// Which logger's shape a record has.
    enum Shape: Sendable, Equatable {
        case pair(request: String, response: String)
        case liteLLMPayload
        case liteLLMSpendLog
    }

    var origin: Origin
    var request: ChatLogRequest
    var outcome: ChatLogOutcome
    /// The model asked: the request's, or the record's `model` when the request was logged without one.
    var model: String?
    var latencyMs: Double?
    /// Seconds since the Unix epoch.
    var start: Double?
    /// The session, conversation or trace id the record names, if any.
    var session: String?
    var provider: String?

    /// The request/response key pairs, in the order they are looked for.
    static let pairs = [("request", "response"), ("input", "output"), ("request_body", "response_body")]

    /// The keys that name a session, most specific first; matched without regard to case.
    static let sessionKeys = [
        "session_id", "sessionId", "litellm_session_id", "helicone-session-id", "conversation_id", "conversationId",
        "thread_id",
        "threadId", "trace_id", "traceId", "litellm_trace_id",
    ]

    /// The shape of `json`, from its keys; nil when it has none of them.
    static func shape(of json: JSONValue) -> Shape? {
        guard case .object(let members) = json else { return nil }
        for (request, response) in pairs where members[request] != nil {
            return .pair(request: request, response: response)
        }
        if members["proxy_server_request"] != nil { return .liteLLMSpendLog }
        if members["messages"] != nil, members["response"] != nil || members["model_parameters"] != nil {
            return .liteLLMPayload
        }
        return nil
    }

    /// Whether `json` is a record with a Chat Completions request in it, for telling the format from a file's first line.
    static func recognizes(_ json: JSONValue) -> Bool {
        guard let shape = shape(of: json), case .object(let members) = json else { return false }
        switch shape {
        case .pair(let request, _):
            guard let body = ChatLogJSON.object(members[request]) else { return false }
            return body["messages"] != nil || ChatLogJSON.object(body["body"])?["messages"] != nil
        case .liteLLMPayload:
            return members["messages"]?.arrayValue != nil
                || ChatLogJSON.decodingEmbedded(members["messages"]!).arrayValue != nil
        case .liteLLMSpendLog:
            return members["request_id"] != nil
        }
    }

    /// Reads one record.
    /// - Throws: ``JSONDecodingError`` at the member that is missing or malformed.
    static func read(_ json: JSONValue, origin: Origin) throws(JSONDecodingError) -> ChatLogRecord {
        let root = JSONPath.root
        guard case .object(let members) = json else {
            throw .typeMismatch(at: root, expected: "a logged call (an object)", found: json)
        }
        guard let shape = shape(of: json) else {
            throw JSONDecodingError(
                path: root,
                message:
                    "expected a logged call: {\"request\": <Chat Completions request>, \"response\": <Chat Completion>} "
                    + "(or input/output, request_body/response_body), a LiteLLM StandardLoggingPayload (messages, response) "
                    + "or a LiteLLM spend log row (proxy_server_request); found keys \(members.keys.sorted().joined(separator: ", "))"
            )
        }
        let status = httpStatus(members)
        let request: ChatLogRequest
        let outcome: ChatLogOutcome
        switch shape {
        case .pair(let requestKey, let responseKey):
            request = try ChatLogRequest.read(members[requestKey]!, at: root.appending(requestKey))
            if let response = members[responseKey], response != .null {
                outcome = try ChatLogOutcome.read(response, at: root.appending(responseKey), status: status)
            } else if let error = members["error"], error != .null {
                outcome = .failure(ChatLogOutcome.errorText(error, status: status))
            } else if let status, status >= 400 {
                outcome = .failure("HTTP \(status)")
            } else {
                throw ChatLogJSON.missing(
                    responseKey, at: root, "expected the Chat Completion the request got, or an \"error\"")
            }
        case .liteLLMPayload:
            let parameters = ChatLogJSON.object(members["model_parameters"]) ?? [:]
            let parametersPath = root.appending("model_parameters")
            request = try ChatLogRequest.read(
                messages: members["messages"]!, at: root.appending("messages"), tools: parameters["tools"],
                at: parametersPath.appending("tools"),
                temperature: parameters["temperature"], at: parametersPath.appending("temperature"))
            outcome = try liteLLMOutcome(members, information: members["error_information"], at: root, status: status)
        case .liteLLMSpendLog:
            let body = members["proxy_server_request"]!
            if ChatLogJSON.object(body)?.isEmpty == true {
                throw JSONDecodingError(
                    path: root.appending("proxy_server_request"),
                    message:
                        "the row holds no request body: LiteLLM stores request and response content in its spend logs only with store_prompts_in_spend_logs: true"
                )
            }
            request = try ChatLogRequest.read(body, at: root.appending("proxy_server_request"))
            outcome = try liteLLMOutcome(
                members, information: ChatLogJSON.object(members["metadata"])?["error_information"], at: root,
                status: status)
        }
        var model = request.model
        if model == nil { model = try ChatLogJSON.string(members["model"], at: root.appending("model")) }
        return ChatLogRecord(
            origin: origin, request: request, outcome: outcome, model: model.flatMap { $0.isEmpty ? nil : $0 },
            latencyMs: try ChatLogTime.latencyMs(in: members, at: root),
            start: try ChatLogTime.start(in: members, at: root),
            session: session(in: members, request: request.members),
            provider: (ChatLogJSON.scalarText(members["custom_llm_provider"])
                ?? ChatLogJSON.scalarText(members["provider"]))?.lowercased())
    }

    /// A LiteLLM record's outcome: a failure when its `status` says so, else its `response`.
    private static func liteLLMOutcome(
        _ members: [String: JSONValue], information: JSONValue?, at root: JSONPath, status: Int?
    ) throws(JSONDecodingError) -> ChatLogOutcome {
        if members["status"]?.stringValue == "failure" {
            let information = ChatLogJSON.object(information) ?? [:]
            let code = ChatLogJSON.scalarText(information["error_code"]).flatMap { Int($0) } ?? status
            var error: [String: JSONValue] = [:]
            error["code"] = information["error_class"]
            error["message"] =
                information["error_message"].flatMap { $0.stringValue?.isEmpty == false ? $0 : nil }
                ?? members["error_str"]
            if error["message"] == nil || error["message"] == .null {
                error["message"] = "the call failed (LiteLLM status \"failure\")"
            }
            return .failure(ChatLogOutcome.errorText(.object(error), status: code))
        }
        guard let response = members["response"], response != .null, ChatLogJSON.object(response)?.isEmpty != true
        else {
            throw JSONDecodingError(
                path: root.appending("response"),
                message: "the record holds no response: expected the Chat Completion the call got")
        }
        return try ChatLogOutcome.read(response, at: root.appending("response"), status: status)
    }

    /// The HTTP status the record gives the call: `status_code`, `statusCode`, `response_status` or a numeric `status`.
    private static func httpStatus(_ members: [String: JSONValue]) -> Int? {
        for key in ["status_code", "statusCode", "response_status", "status"] {
            if case .number(let number)? = members[key], number.rounded(.towardZero) == number,
                (100...599).contains(number)
            {
                return Int(number)
            }
        }
        return nil
    }

    /// The first of ``sessionKeys`` found in the record, its `metadata`, `tags` (OpenPipe) or `request_properties`
    /// (Helicone's `Helicone-Session-Id`), the request body or the body's `metadata`.
    private static func session(in members: [String: JSONValue], request: [String: JSONValue]) -> String? {
        let containers = [
            members, ChatLogJSON.object(members["metadata"]) ?? [:], ChatLogJSON.object(members["tags"]) ?? [:],
            ChatLogJSON.object(members["request_properties"]) ?? [:], request,
            ChatLogJSON.object(request["metadata"]) ?? [:],
        ]
        for key in sessionKeys.map({ $0.lowercased() }) {
            for container in containers {
                for (name, value) in container where name.lowercased() == key {
                    if let id = ChatLogJSON.scalarText(value) { return id }
                }
            }
        }
        return nil
    }
}
