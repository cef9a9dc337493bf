import Foundation
import RehearsalEvaluation

/// The comparison's figures and verdicts in words, shared by the terminal, Markdown and HTML writers so all three
/// say the same thing.
extension Comparison {
    /// A p-value: three decimals, or two significant digits in scientific notation below 0.001: `0.031`, `3.8e-06`.
    static func pValue(_ p: Double) -> String {
        p >= 1 ? "1" : p >= 0.001 ? String(format: "%.3f", p) : String(format: "%.1e", p)
    }

    /// A signed amount of money: `+$0.0111`, `−$0.00042`, `$0`.
    static func signedUSD(_ value: Double) -> String { signed(value, ReportFormat.usd) }

    /// A signed virtual duration: `+1.2 s`, `−85 ms`.
    static func signedSeconds(_ value: Double) -> String { signed(value, ReportFormat.seconds) }

    private static func signed(_ value: Double, _ format: (Double) -> String) -> String {
        value > 0 ? "+" + format(value) : value < 0 ? "−" + format(-value) : format(0)
    }

    /// A percentage of a share 0...1 with one decimal: `42.9%`.
    static func percentOf(_ share: Double) -> String { ReportFormat.percent(share * 100) }
}

extension Comparison.Pair {
    /// The flips and the test on them: `19 fail→pass, 0 pass→fail · exact McNemar p = 3.8e-06`.
    var flipFigures: String {
        "\(failToPass.count) fail→pass, \(passToFail.count) pass→fail · exact McNemar p = \(Comparison.pValue(pValue))"
    }

    /// What the flips show, after the verdict: `router passes more often than always-cheap`, `p ≥ 0.05: the flips
    /// could be chance`, or why there are too few.
    var flipExplanation: String {
        switch flipVerdict {
        case .insufficientData(let reason): reason
        case .real: "\(other) passes \(failToPass.count > passToFail.count ? "more" : "less") often than \(reference)"
        case .notDistinguishable: "p ≥ \(McNemar.significanceLevel): the flips could be chance"
        }
    }

    /// The verdict and its explanation: `real: router passes more often than always-cheap`.
    var flipConclusion: String { "\(flipVerdict.phrase): \(flipExplanation)" }

    /// A delta's figures: `mean +$0.0111 per run, 95% CI +$0.0061 to +$0.0172 over 35 pairs`; `no paired runs` when
    /// none.
    func deltaFigures(_ delta: Delta, _ format: (Double) -> String) -> String {
        guard let interval = delta.interval else { return "no paired runs" }
        let confidence = String(format: "%g%%", interval.confidence * 100)
        return "mean \(format(interval.meanDelta)) per run, \(confidence) CI \(format(interval.lower)) to "
            + "\(format(interval.upper)) over \(delta.pairs) pair\(delta.pairs == 1 ? "" : "s")"
    }

    /// What a delta shows, after the verdict: `router costs more than always-cheap`, `the interval contains 0`, or
    /// why there are too few pairs.
    func deltaExplanation(_ delta: Delta, more: String, less: String) -> String {
        switch delta.verdict {
        case .insufficientData(let reason): return reason
        case .real:
            let higher = (delta.interval?.lower ?? 0) > 0
            return "\(other) \(higher ? more : less) than \(reference)"
        case .notDistinguishable: return "the interval contains 0"
        }
    }

    /// The verdict on a delta and its explanation: `real: router costs more than always-cheap`.
    func deltaConclusion(_ delta: Delta, more: String, less: String) -> String {
        "\(delta.verdict.phrase): \(deltaExplanation(delta, more: more, less: less))"
    }

    /// What a cost delta shows, after the verdict.
    var costExplanation: String { deltaExplanation(cost, more: "costs more", less: "costs less") }
    /// What a latency delta shows, after the verdict.
    var latencyExplanation: String { deltaExplanation(latency, more: "is slower", less: "is faster") }

    /// Why some runs are not in the paired figures, or `nil` when every run is.
    var exclusionNote: String? {
        var parts: [String] = []
        let missing = missingFixtures.count
        if missing > 0 {
            parts.append(
                "\(missing) run\(missing == 1 ? "" : "s") with missing fixtures left out of every paired figure")
        }
        let cut = cost.excluded.count
        if cut > 0 {
            parts.append(
                "\(cut) run\(cut == 1 ? "" : "s") that stopped with an error left out of the cost and latency deltas")
        }
        let unmatched = onlyInReference.count + onlyInOther.count
        if unmatched > 0 { parts.append("\(unmatched) run\(unmatched == 1 ? "" : "s") in only one of the two reports") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
