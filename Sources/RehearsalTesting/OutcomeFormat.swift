import Foundation

/// The number formats the outcomes print, matching the CLI's: `$0.4148`, `40.5 s`, `97.1%`.
enum OutcomeFormat {
    /// US dollars with four decimals.
    static func usd(_ value: Double) -> String { "$" + String(format: "%.4f", value) }

    /// Milliseconds as seconds with one decimal.
    static func seconds(_ milliseconds: Double) -> String { String(format: "%.1f s", milliseconds / 1000) }

    /// A share (0...1) as a percentage with one decimal.
    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// A figure with two decimals.
    static func figure(_ value: Double) -> String { String(format: "%.2f", value) }
}
