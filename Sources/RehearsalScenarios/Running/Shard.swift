import RehearsalCore

/// One of N parts of a suite, for CI machines that each run a part: `rehearsal run --shard I/N`.
///
/// Which part a scenario falls in depends only on its id and the ids of the suite, never on the machine or the
/// order of files: each scenario ranks the N shards by a hash of its id and the shard's number (rendezvous
/// hashing), and, visiting scenarios in the order of a hash of their id, each takes its best-ranked shard that
/// still has room for a balanced split (at most ⌈n/N⌉ scenarios). Adding a scenario moves few others: the one
/// added takes a place, and only scenarios pushed out of a full shard move.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// The part, from 1.
    public var index: Int
    /// How many parts.
    public var count: Int

    /// The most parts a suite may be split into: more CI machines than any matrix runs.
    public static let maximumCount = 1000

    /// A shard from its parts; nil unless 1 ≤ index ≤ count ≤ ``maximumCount``.
    public init?(index: Int, count: Int) {
        guard (1...Shard.maximumCount).contains(count), (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`, e.g. `2/4`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// The ids of `ids` that fall in this shard, in the order given.
    public func select(_ ids: [String]) -> [String] {
        let assignment = Shard.assign(ids, count: count)
        return ids.filter { assignment[$0] == index }
    }

    /// Every id's shard (from 1) when `ids` are split into `count` parts; duplicates are counted once.
    public static func assign(_ ids: [String], count: Int) -> [String: Int] {
        let unique = Array(Set(ids))
        guard count > 1 else { return Dictionary(uniqueKeysWithValues: unique.map { ($0, 1) }) }
        let capacity = (unique.count + count - 1) / count
        var load = [Int](repeating: 0, count: count + 1)
        var assignment: [String: Int] = [:]
        let order = unique.map { (id: $0, key: hash($0)) }.sorted { ($0.key, $0.id) < ($1.key, $1.id) }
        for (id, _) in order {
            let ranked = (1...count).map { (key: hash("\(id)\n\($0)"), shard: $0) }.sorted { ($0.key, $0.shard) > ($1.key, $1.shard) }
            let shard = ranked.first { load[$0.shard] < capacity }!.shard
            load[shard] += 1
            assignment[id] = shard
        }
        return assignment
    }

    /// The first 8 bytes of the SHA-256 of `text`, as a number.
    static func hash(_ text: String) -> UInt64 {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.finalize().prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
