/// How a replayed model request finds its recording.
public struct RequestMatcher: Sendable, Hashable, CustomStringConvertible {
    private enum Storage: String, Sendable, Hashable { case canonical, sequence }
    private let storage: Storage

    /// By the hash of the canonical request, first-in first-out within a key; a miss fails closed. The default.
    public static let canonical = RequestMatcher(storage: .canonical)
    /// The k-th call gets the k-th recording; a request that drifted from its recording is a warning, not a
    /// miss. For traces whose prompts were not captured.
    public static let sequence = RequestMatcher(storage: .sequence)

    /// The matcher named `name` (`canonical` or `sequence`).
    public init?(_ name: String) {
        guard let storage = Storage(rawValue: name) else { return nil }
        self.storage = storage
    }

    private init(storage: Storage) { self.storage = storage }

    var isSequence: Bool { storage == .sequence }

    public var description: String { storage.rawValue }
}
