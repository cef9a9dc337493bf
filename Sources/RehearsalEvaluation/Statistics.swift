// Significance tests for comparing two configurations on the same scenario runs: pure functions, no I/O, the same
// answer on every platform. `rehearsal compare` uses them; docs/compare.md explains when each verdict is given.

/// Whether a difference between two configurations is real, as a significance test judges it.
public enum SignificanceVerdict: Sendable, Hashable {
    /// Too few flips or pairs for the test to show a difference; `reason` says how many there were and why that is
    /// too few.
    case insufficientData(reason: String)
    /// The difference is significant: p < 0.05, or the confidence interval of the mean delta excludes 0.
    case real
    /// There were enough data, and the test cannot tell the difference from chance.
    case notDistinguishable

    /// A stable code for JSON: `insufficientData`, `real` or `notDistinguishable`.
    public var code: String {
        switch self {
        case .insufficientData: "insufficientData"
        case .real: "real"
        case .notDistinguishable: "notDistinguishable"
        }
    }

    /// The verdict in a few words, for people: `insufficient data`, `real`, `not distinguishable`.
    public var phrase: String {
        switch self {
        case .insufficientData: "insufficient data"
        case .real: "real"
        case .notDistinguishable: "not distinguishable"
        }
    }
}

/// McNemar's test on paired pass/fail verdicts, in its exact form.
///
/// Two configurations run the same scenarios. Only the **discordant** pairs carry information: `b` runs that pass
/// under the reference and fail under the other (pass→fail), `c` that fail then pass (fail→pass). Under the null
/// hypothesis that both configurations pass equally often, each discordant pair goes either way with probability ½,
/// so `b` is Binomial(b + c, ½), and the exact two-sided p-value is the two-sided binomial test
/// (McNemar, "Note on the sampling error of the difference between correlated proportions or percentages",
/// Psychometrika 12, 1947; the exact form as in Fagerland, Lydersen & Laake, BMC Medical Research Methodology 13:91,
/// 2013):
///
/// ```
/// n = b + c,  k = min(b, c),  p = min(1, 2 · Σ_{i=0}^{k} C(n, i) / 2^n),  p = 1 when n = 0
/// ```
public enum McNemar {
    /// The significance level: a difference is real when p is below it.
    public static let significanceLevel = 0.05

    /// The fewest discordant pairs that can give p < 0.05: with 5, even all in one direction give 2/32 = 0.0625.
    public static let minimumFlips = 6

    /// The exact two-sided p-value for `b` pass→fail and `c` fail→pass flips.
    ///
    /// Computed relative to the largest term of the tail, C(n, k), so nothing overflows or underflows for n in the
    /// many thousands: the ratios C(n, i) / C(n, k) for i ≤ k are at most 1 and are summed from the largest down,
    /// then scaled by C(n, k) / 2^n, kept as a significand and a binary exponent apart. Only additions,
    /// multiplications and divisions are used (no `log` or `exp`, whose last bits differ between C libraries), so
    /// the p-value has the same bits on every platform.
    /// - Parameters:
    ///   - b: Pairs that pass under the reference and fail under the other.
    ///   - c: Pairs that fail under the reference and pass under the other.
    /// - Returns: The p-value, 0...1; 1 when there are no flips.
    public static func exactPValue(passToFail b: Int, failToPass c: Int) -> Double {
        precondition(b >= 0 && c >= 0, "flip counts cannot be negative")
        let n = b + c
        guard n > 0 else { return 1 }
        let k = min(b, c)
        // Σ_{i=0}^{k} C(n,i)/C(n,k), walking down from i = k: C(n,i-1) = C(n,i) · i / (n - i + 1).
        var ratio = 1.0
        var sum = 1.0
        var i = k
        while i > 0 {
            ratio *= Double(i) / Double(n - i + 1)
            if ratio < 1e-300 { break }  // the rest cannot change the sum
            sum += ratio
            i -= 1
        }
        return min(1, 2 * sum * binomialOverPowerOfTwo(n, k))
    }

    /// The verdict on `b` pass→fail and `c` fail→pass flips: insufficient data below ``minimumFlips`` discordant
    /// pairs, real when the exact p-value is below ``significanceLevel``, not distinguishable otherwise.
    public static func verdict(passToFail b: Int, failToPass c: Int) -> SignificanceVerdict {
        let n = b + c
        guard n >= minimumFlips else {
            return .insufficientData(
                reason:
                    "\(n) flip\(n == 1 ? "" : "s") (\(b) pass→fail, \(c) fail→pass); with 5 or fewer, even all in one "
                    + "direction give p ≥ 0.0625, so no difference can reach p < 0.05")
        }
        return exactPValue(passToFail: b, failToPass: c) < significanceLevel ? .real : .notDistinguishable
    }

    /// C(n, k) / 2^n as the product of the ratios (n − j) / (j + 1), carried as a significand and a binary exponent
    /// apart, so it neither overflows nor underflows on the way.
    static func binomialOverPowerOfTwo(_ n: Int, _ k: Int) -> Double {
        let k = min(k, n - k)
        var significand = 1.0
        var exponent = -n
        for j in stride(from: 0, to: k, by: 1) {
            significand = significand * Double(n - j) / Double(j + 1)
            exponent += Int(significand.exponent)
            significand = significand.significand
        }
        return Double(sign: .plus, exponent: exponent, significand: significand)
    }
}

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): a small,
/// seedable generator whose sequence is the same on every platform and Swift version, unlike the system's.
///
/// With seed 0 its first output is `0xE220A8397B1DCDAF`, as in the reference implementation.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An index in `0..<count` from the next output, by Lemire's multiply-shift: the high word of `next() · count`.
    ///
    /// Written out rather than `Int.random(in:using:)`, whose way of drawing is the standard library's to change.
    /// The bias, at most `count / 2^64`, is far below anything a bootstrap could show.
    public mutating func index(below count: Int) -> Int {
        precondition(count > 0, "no index below \(count)")
        return Int(next().multipliedFullWidth(by: UInt64(count)).high)
    }
}

/// The paired percentile bootstrap for the mean of per-run deltas (other minus reference) of cost or latency.
///
/// The deltas of runs paired by scenario and trial are resampled with replacement, as many as there are, `resamples`
/// times; each resample's mean is kept; the interval runs from the nearest-rank (1 − confidence)/2 quantile of those
/// means to the (1 + confidence)/2 quantile (Efron & Tibshirani, "An Introduction to the Bootstrap", Chapman &
/// Hall 1993, ch. 13, the percentile interval). Draws come from a ``SeededGenerator``, so an interval is the same
/// for the same deltas and seed on every machine.
public enum PairedBootstrap {
    /// Resamples drawn unless told otherwise.
    public static let defaultResamples = 10_000
    /// The interval's coverage unless told otherwise.
    public static let defaultConfidence = 0.95
    /// The generator's seed unless told otherwise (`0x5EED`).
    public static let defaultSeed: UInt64 = 0x5EED
    /// The fewest pairs for which an interval is given a verdict other than insufficient data.
    public static let minimumPairs = 10

    /// A confidence interval for the mean delta, with what it was computed from.
    public struct Interval: Sendable, Hashable {
        /// The mean of the deltas themselves (other minus reference).
        public var meanDelta: Double
        /// The interval's lower end.
        public var lower: Double
        /// The interval's upper end.
        public var upper: Double
        /// The coverage asked for, 0...1 (0.95 for a 95% interval).
        public var confidence: Double
        /// Resamples drawn.
        public var resamples: Int
        /// The generator's seed.
        public var seed: UInt64
        /// Paired deltas resampled.
        public var pairs: Int

        /// Whether `value` lies in the interval, ends included.
        public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

        /// Insufficient data with fewer than ``PairedBootstrap/minimumPairs`` pairs; real when the interval
        /// excludes 0; not distinguishable when it contains 0.
        public var verdict: SignificanceVerdict { PairedBootstrap.verdict(pairs: pairs, interval: self) }
    }

    /// The verdict for `pairs` paired deltas whose interval is `interval` (`nil` when there were none).
    public static func verdict(pairs: Int, interval: Interval?) -> SignificanceVerdict {
        guard let interval, pairs >= minimumPairs else {
            return .insufficientData(
                reason:
                    "\(pairs) paired run\(pairs == 1 ? "" : "s"); a bootstrap interval needs at least \(minimumPairs) "
                    + "to say anything")
        }
        return interval.contains(0) ? .notDistinguishable : .real
    }

    /// The percentile interval for the mean of `deltas`.
    /// - Parameters:
    ///   - deltas: One delta per pair (other minus reference), in a fixed order: the order is part of what the seed
    ///     reproduces.
    ///   - confidence: The coverage, strictly between 0 and 1.
    ///   - resamples: How many resamples to draw, at least 1.
    ///   - seed: The generator's seed.
    /// - Returns: The interval, or `nil` when there are no deltas.
    public static func interval(
        deltas: [Double], confidence: Double = defaultConfidence, resamples: Int = defaultResamples,
        seed: UInt64 = defaultSeed
    ) -> Interval? {
        precondition(confidence > 0 && confidence < 1, "confidence must be between 0 and 1, got \(confidence)")
        precondition(resamples > 0, "at least one resample")
        guard !deltas.isEmpty else { return nil }
        let count = deltas.count
        var generator = SeededGenerator(seed: seed)
        var means = [Double](repeating: 0, count: resamples)
        deltas.withUnsafeBufferPointer { values in
            for resample in 0..<resamples {
                var sum = 0.0
                for _ in 0..<count { sum += values[generator.index(below: count)] }
                means[resample] = sum / Double(count)
            }
        }
        means.sort()
        let tail = (1 - confidence) / 2
        return Interval(
            meanDelta: deltas.reduce(0, +) / Double(count), lower: means[rank(tail, of: resamples) - 1],
            upper: means[rank(1 - tail, of: resamples) - 1], confidence: confidence, resamples: resamples, seed: seed,
            pairs: count)
    }

    /// The percentile interval for the mean of `other[i] − reference[i]`.
    /// - Precondition: `reference` and `other` have the same length, pair by pair.
    public static func interval(
        reference: [Double], other: [Double], confidence: Double = defaultConfidence,
        resamples: Int = defaultResamples, seed: UInt64 = defaultSeed
    ) -> Interval? {
        precondition(reference.count == other.count, "paired samples must have the same length")
        return interval(
            deltas: zip(reference, other).map { $1 - $0 }, confidence: confidence, resamples: resamples, seed: seed)
    }

    /// The nearest rank of quantile `p` among `count` sorted values: ⌈p · count⌉ clamped to 1...count, with a
    /// tolerance so that 0.025 · 10 000, computed as 250.00000000000003, is rank 250.
    static func rank(_ p: Double, of count: Int) -> Int {
        min(count, max(1, Int((p * Double(count) - 1e-9).rounded(.up))))
    }
}
