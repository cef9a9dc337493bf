import RehearsalCore

/// A request with no recording to answer it: matching fails closed, so the run stops here.
///
/// The description names the call, the key, and how the request differs from the nearest recording, which is
/// usually enough to see which prompt, tool or argument change orphaned it.
public struct ReplayMiss: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being replayed: `model call 3 (gpt-4o)` or `tool call get_quote`.
    public var what: String
    /// The key that found nothing.
    public var key: String
    /// Why nothing matched, and how the nearest recording differs.
    public var detail: String

    /// A miss from its parts.
    public init(what: String, key: String, detail: String) {
        self.what = what
        self.key = key
        self.detail = detail
    }

    public var description: String {
        // Model keys are hashes worth quoting (shortened); an API key is the call itself, already in `what`.
        key.hasPrefix("sha256:") ? "no recording for \(what), key \(key.prefix(19)): \(detail)" : "no recording for \(what): \(detail)"
    }
}
