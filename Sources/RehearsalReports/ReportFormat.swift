import Foundation

/// Number and text formats for people, shared by the terminal summary and the report writers so a figure reads
/// the same everywhere.
public enum ReportFormat {
    /// Dollars with enough digits to tell small runs apart: `$0`, `$0.00042`, `$0.0187`, `$1.25`.
    public static func usd(_ value: Double) -> String {
        if value == 0 { return "$0" }
        // Choose the decimals by the magnitude as printed, so 0.9999999999999999 is `$1.00`, not `$1.0000`.
        let magnitude = abs(value)
        if magnitude >= 0.99995 { return String(format: "$%.2f", value) }
        return magnitude >= 0.009995 ? String(format: "$%.4f", value) : String(format: "$%.5f", value)
    }

    /// Milliseconds under a second, seconds with one decimal above: `85 ms`, `4.8 s`.
    public static func seconds(_ ms: Double) -> String { ms < 1000 ? String(format: "%.0f ms", ms) : String(format: "%.1f s", ms / 1000) }

    /// A share 0...1 with two decimals: `0.97`.
    public static func fraction(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A percentage already in 0...100, one decimal: `25.8%`.
    public static func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }

    /// `text` on one line (line breaks and the spaces around them become one space), cut to `limit` characters
    /// with an ellipsis.
    public static func oneLine(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    /// The router sweep's verdict in words: which point is cheapest within the quality tolerance and what it saves.
    /// When that point saves nothing (always-strong itself, or a threshold routing everything to it), it says so
    /// rather than claiming "0.0% less cost".
    public static func sweepVerdict(best: String, bestQuality: Double, strongQuality: Double, savingsPct: Double) -> String {
        if savingsPct <= 0 {
            return "no cheaper setting keeps the quality within tolerance; \(best) is the best point (\(percent(bestQuality * 100)) passing)"
        }
        return "\(best) keeps \(percent(bestQuality * 100)) passing (always-strong \(percent(strongQuality * 100))) at \(percent(savingsPct)) less cost"
    }
}
