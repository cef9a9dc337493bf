public import RehearsalCore

/// One recorded tool (API) call: the tool, its arguments, the response or error, and the latency. One line of
/// an `api.jsonl` fixture file.
public struct APIExchange: Sendable, Hashable {
    /// The tool called.
    public var tool: String
    /// The arguments it was called with.
    public var arguments: JSONValue
    /// What it answered.
    public var outcome: ToolResult.Outcome
    /// How long it took, in ms.
    public var latencyMs: Double
    /// Where it came from.
    public var provenance: Provenance
    /// The trial it belongs to (from 0); nil serves every trial.
    public var trial: Int?

    /// An exchange from its parts.
    public init(tool: String, arguments: JSONValue, outcome: ToolResult.Outcome, latencyMs: Double, provenance: Provenance) {
        self.tool = tool
        self.arguments = arguments
        self.outcome = outcome
        self.latencyMs = latencyMs
        self.provenance = provenance
    }

    /// The key the exchange is found by (``RequestKey/apiKey(tool:arguments:)``).
    public var key: String { RequestKey.apiKey(tool: tool, arguments: arguments) }

    /// The recorded answer as a tool result.
    public var result: ToolResult { ToolResult(outcome, latencyMs: latencyMs) }
}

extension APIExchange: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["kind", "tool", "arguments", "response", "error", "latencyMs", "provenance", "trial"])
        if let kind: String = try reader.decodeIfPresent("kind"), kind != "api" {
            throw JSONDecodingError(path: path.appending("kind"), message: "expected \"api\" in an API fixture (api.jsonl), found \(JSONValue.string(kind).serialized())")
        }
        let outcome: ToolResult.Outcome
        switch (reader.members["response"], reader.members["error"]) {
        case (let response?, nil): outcome = .success(response)
        case (nil, let error?):
            let errorReader = try JSONObjectReader(error, at: path.appending("error"), keys: ["status", "message"])
            outcome = .failure(status: try errorReader.decodeIfPresent("status"), message: try errorReader.decode("message"))
        default:
            throw JSONDecodingError(path: path, message: "an API exchange needs exactly one of \"response\" or \"error\"")
        }
        let latency: Double = try reader.decode("latencyMs")
        guard latency >= 0 else { throw JSONDecodingError(path: path.appending("latencyMs"), message: "expected a latency >= 0, found \(latency)") }
        self.init(tool: try reader.decode("tool"), arguments: try reader.decode("arguments", default: [:]), outcome: outcome, latencyMs: latency, provenance: try reader.decode("provenance"))
        trial = try reader.decodeIfPresent("trial")
        if let trial, trial < 0 { throw JSONDecodingError(path: path.appending("trial"), message: "expected a trial number >= 0, found \(trial)") }
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "kind": "api", "tool": .string(tool), "arguments": arguments, "latencyMs": .number(latencyMs), "provenance": provenance.json,
        ]
        members["trial"] = trial.map(\.json)
        switch outcome {
        case .success(let response): members["response"] = response
        case .failure(let status, let message):
            var error: [String: JSONValue] = ["message": .string(message)]
            error["status"] = status.map(\.json)
            members["error"] = .object(error)
        }
        return .object(members)
    }
}
