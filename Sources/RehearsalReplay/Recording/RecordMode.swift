/// When a recording decorator calls the real (or scripted) provider and writes what it answered.
///
/// The contract follows snapshot testing: `all` re-records everything, `missing` records only what has no
/// recording yet, `never` replays only (what CI uses). A run that records is never reported as a pass.
public struct RecordMode: Sendable, Hashable, CustomStringConvertible {
    private enum Storage: String, Sendable, Hashable { case all, missing, never }
    private let storage: Storage

    /// Re-record every exchange, discarding the old recordings.
    public static let all = RecordMode(storage: .all)
    /// Keep existing recordings; record only requests that have none.
    public static let missing = RecordMode(storage: .missing)
    /// Never record: a request without a recording fails.
    public static let never = RecordMode(storage: .never)

    /// The mode named `name` (`all`, `missing` or `never`).
    public init?(_ name: String) {
        guard let storage = Storage(rawValue: name) else { return nil }
        self.storage = storage
    }

    private init(storage: Storage) { self.storage = storage }

    /// Whether existing recordings are kept and replayed.
    public var keepsExisting: Bool { storage != .all }
    /// Whether misses are sent to the wrapped provider.
    public var records: Bool { storage != .never }

    public var description: String { storage.rawValue }
}
