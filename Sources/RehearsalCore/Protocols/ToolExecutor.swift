/// Runs tool calls that passed validation and the gateway: a live HTTP API, or a replay of recorded responses.
///
/// It only accepts an ``AuthorizedCall``, which only the ``Gateway`` can make.
public protocol ToolExecutor: Sendable {
    /// Runs `call` and returns what the tool answered, an error response included.
    /// - Throws: when there is no answer at all (a replay miss); an API error is a ``ToolResult``, not a throw.
    func execute(_ call: AuthorizedCall) async throws -> ToolResult
}

/// What a tool answered and how long it took.
public struct ToolResult: Sendable, Hashable {
    /// The tool's answer: a JSON result, or an error response.
    public var outcome: Outcome
    /// How long the call took, in ms (recorded latency in replay).
    public var latencyMs: Double

    /// A tool's answer.
    public enum Outcome: Sendable, Hashable {
        /// The tool answered with this JSON.
        case success(JSONValue)
        /// The tool failed: an HTTP-style status (500, 503, 504 for a timeout) and a message.
        case failure(status: Int?, message: String)
    }

    /// A result from its parts.
    public init(_ outcome: Outcome, latencyMs: Double) {
        self.outcome = outcome
        self.latencyMs = latencyMs
    }

    /// The observation the model reads: the JSON result (strings as they are), or `Error: …` for a failure.
    public var observation: String {
        switch outcome {
        case .success(.string(let text)): text
        case .success(let value): value.serialized()
        case .failure(let status?, let message): "Error: \(status) \(message)"
        case .failure(nil, let message): "Error: \(message)"
        }
    }
}
