public import RehearsalCore

/// Computes ``RequestKey/key(for:)`` for the growing conversation of one run without re-serializing and
/// re-hashing the whole request at every step.
///
/// The canonical body serializes as `{…"messages":[m1,m2,…],…}`: everything before the messages (the head) and
/// after them (the tail) depends only on the model, the sampling parameters and the tools, which stay the same
/// within a run. So the hasher's state after the head and the messages seen so far is kept, each call hashes only
/// its new messages and the cached tail, and the result equals the full computation byte for byte (a test holds
/// it to that). When the model, tools or sampling change, or the messages are not an extension of the last
/// request's, it starts over.
public struct IncrementalRequestKey: Sendable {
    private var context: Context?
    private var hasher = SHA256()
    private var messages: [ChatMessage] = []
    private var tail: [UInt8] = []

    private struct Context: Equatable, Sendable {
        var model: String
        var tools: [ToolDefinition]
        var sampling: SamplingParameters
    }

    /// A key computer with nothing cached.
    public init() {}

    /// The key of `request`, equal to `RequestKey.key(for: request)`.
    public mutating func key(for request: ModelRequest) -> String {
        let context = Context(model: request.model, tools: request.tools, sampling: request.sampling)
        let extends = self.context == context && request.messages.count >= messages.count
            && zip(messages, request.messages).allSatisfy { $0 == $1 }
        if !extends {
            reset(for: request, context: context)
        }
        var bytes: [UInt8] = []
        for (index, message) in request.messages.enumerated().dropFirst(messages.count) {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            RequestKey.canonicalize(message: OpenAIChatWire.encode(message: message)).write(compactTo: &bytes)
        }
        bytes.withUnsafeBufferPointer { hasher.update(buffer: $0) }
        messages = request.messages
        var finished = hasher
        tail.withUnsafeBufferPointer { finished.update(buffer: $0) }
        return "sha256:" + finished.finalize().hexString
    }

    private mutating func reset(for request: ModelRequest, context: Context) {
        var empty = request
        empty.messages = []
        let serialized = Array(RequestKey.canonicalBody(for: empty).serialized().utf8)
        // The head ends just inside the (empty) messages array; the first occurrence is the top-level key, since
        // only "max_completion_tokens", a number, sorts before "messages".
        let marker = Array(#""messages":["#.utf8)
        let split = serialized.firstRange(of: marker)!.upperBound
        hasher = SHA256()
        serialized[..<split].withUnsafeBufferPointer { hasher.update(buffer: $0) }
        tail = Array(serialized[split...])
        messages = []
        self.context = context
    }
}
