import RehearsalCore

/// Scenario ids close to a mistyped one, for the message that refuses it.
enum ScenarioIDSuggestions {
    /// Up to three of `ids` within a few edits of `id` (a third of its length, at least 2), closest first.
    static func nearest(to id: String, among ids: [String]) -> [String] {
        let limit = max(2, id.count / 3)
        return ids.map { ($0, JSONObjectReader.editDistance(id, $0)) }
            .filter { $0.1 <= limit }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(3).map(\.0)
    }
}
