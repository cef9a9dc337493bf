/// Answers model requests: a live provider over HTTP, or a replay of recorded answers.
///
/// Replay is not a special path through the engine: it is a model client that answers from recordings, so a
/// replayed run and a live run produce the same trace shape.
public protocol ModelClient: Sendable {
    /// The model's answer to `request`.
    /// - Throws: when there is no answer (a replay miss names the request key and the nearest recording).
    func complete(_ request: ModelRequest) async throws -> ModelResponse
}
