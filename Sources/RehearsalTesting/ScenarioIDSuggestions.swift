/// Scenario ids close to a mistyped one, for the message that refuses it.
enum ScenarioIDSuggestions {
    /// Up to three of `ids` within a few edits of `id` (a third of its length, at least 2), closest first.
    static func nearest(to id: String, among ids: [String]) -> [String] {
        let limit = max(2, id.count / 3)
        return ids.map { ($0, distance(Array(id.utf8), Array($0.utf8))) }
            .filter { $0.1 <= limit }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(3).map(\.0)
    }

    /// The Levenshtein distance between `a` and `b`: insertions, deletions and substitutions.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
