import RehearsalEvaluation
import Testing

struct McNemarTests {
    /// p = min(1, 2 · Σ_{i=0}^{min(b,c)} C(n,i) / 2^n), worked by hand.
    static let handComputed: [(Int, Int, Double)] = [
        (0, 6, 0.03125),  // 2 · C(6,0) / 2^6 = 2/64
        (6, 0, 0.03125),  // the test is two-sided: the direction does not matter
        (1, 5, 0.21875),  // 2 · (1 + 6) / 64 = 14/64
        (2, 8, 0.109375),  // 2 · (1 + 10 + 45) / 1024 = 112/1024
        (0, 5, 0.0625),  // 2/32: five flips, all one way, still not below 0.05
        (3, 3, 1.0),  // 2 · (1 + 6 + 15 + 20) / 64 = 84/64, capped at 1
        (0, 1, 1.0),  // 2 · 1/2
        (0, 0, 1.0),  // no flips, no evidence
    ]

    @Test(arguments: handComputed)
    func exactPValueMatchesTheBinomialTail(b: Int, c: Int, expected: Double) {
        let p = McNemar.exactPValue(passToFail: b, failToPass: c)
        #expect(abs(p - expected) <= 1e-15 * max(1, expected), "p(\(b), \(c)) = \(p), expected \(expected)")
    }

    /// Values from Python's exact rationals: `2 * sum(comb(n, i) for i in range(k + 1)) / 2**n` as a Fraction, then
    /// rounded to a double once.
    static let exactRationals: [(Int, Int, Double)] = [
        (40, 60, 0.05688793364098079),
        (900, 1100, 8.457089535503927e-06),
        (2400, 2600, 0.004883649737517518),
        (2500, 2500, 1.0),
    ]

    @Test(arguments: exactRationals)
    func largeCountsMatchExactRationalArithmetic(b: Int, c: Int, expected: Double) {
        let p = McNemar.exactPValue(passToFail: b, failToPass: c)
        #expect(abs(p - expected) <= 1e-11 * expected, "p(\(b), \(c)) = \(p), expected \(expected)")
    }

    /// An independent computation: Binomial(n, ½) probabilities built row by row of Pascal's triangle, halved at
    /// each row so nothing overflows, then the two-sided tail summed directly.
    @Test(arguments: [(900, 1100), (990, 1010), (30, 70)] as [(Int, Int)])
    func agreesWithPascalsTriangle(b: Int, c: Int) {
        let n = b + c
        var row = [1.0]
        for _ in 0..<n {
            var next = [Double](repeating: 0, count: row.count + 1)
            for (i, value) in row.enumerated() {
                next[i] += value / 2
                next[i + 1] += value / 2
            }
            row = next
        }
        let tail = row[0...min(b, c)].reduce(0, +)
        let expected = min(1, 2 * tail)
        let p = McNemar.exactPValue(passToFail: b, failToPass: c)
        #expect(abs(p - expected) <= 1e-9 * expected, "p(\(b), \(c)) = \(p), Pascal gives \(expected)")
    }

    @Test func fiveOrFewerFlipsCanNeverBeSignificant() {
        for n in 0...5 {
            for b in 0...n {
                #expect(McNemar.exactPValue(passToFail: b, failToPass: n - b) >= 0.0625)
            }
        }
        #expect(McNemar.exactPValue(passToFail: 0, failToPass: McNemar.minimumFlips) < McNemar.significanceLevel)
    }

    @Test func givesInsufficientDataBelowSixFlipsAndSaysWhy() throws {
        guard case .insufficientData(let reason) = McNemar.verdict(passToFail: 0, failToPass: 5) else {
            Issue.record("five flips all one way should be insufficient data")
            return
        }
        #expect(reason.contains("5 flips") && reason.contains("0.0625"))
        #expect(McNemar.verdict(passToFail: 0, failToPass: 0).code == "insufficientData")
    }

    static let verdicts: [(Int, Int, String)] = [
        (0, 6, "real"),  // p = 0.03125
        (1, 9, "real"),  // p = 2 · 11/1024 = 0.021484375
        (1, 5, "notDistinguishable"),  // p = 0.21875
        (2, 8, "notDistinguishable"),  // p = 0.109375
        (3, 3, "notDistinguishable"),  // p = 1
    ]

    @Test(arguments: verdicts)
    func judgesSixOrMoreFlipsAtTheFivePercentLevel(b: Int, c: Int, code: String) {
        #expect(McNemar.verdict(passToFail: b, failToPass: c).code == code)
    }
}

struct SeededGeneratorTests {
    /// The reference SplitMix64 (Vigna's splitmix64.c) from seed 0.
    @Test func matchesTheReferenceSequence() {
        var generator = SeededGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func drawsIndexesInRangeTheSameWayForTheSameSeed() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        let a = (0..<1000).map { _ in first.index(below: 7) }
        let b = (0..<1000).map { _ in second.index(below: 7) }
        #expect(a == b)
        #expect(a.allSatisfy { (0..<7).contains($0) })
        #expect(Set(a).count == 7, "1000 draws below 7 should hit every index")
    }
}

struct PairedBootstrapTests {
    let deltas: [Double] = [0.4, -0.1, 0.25, 0.3, 0.05, 0.2, -0.05, 0.35, 0.1, 0.15, 0.3, 0.0]

    @Test func isTheSameForTheSameSeedAndDiffersForAnother() throws {
        let first = try #require(PairedBootstrap.interval(deltas: deltas, seed: 7))
        let again = try #require(PairedBootstrap.interval(deltas: deltas, seed: 7))
        let other = try #require(PairedBootstrap.interval(deltas: deltas, seed: 8))
        #expect(first == again)
        #expect((first.lower, first.upper) != (other.lower, other.upper))
        #expect(first.meanDelta == other.meanDelta, "the mean of the deltas does not depend on the draws")
    }

    @Test func recordsWhatItWasComputedFrom() throws {
        let interval = try #require(PairedBootstrap.interval(deltas: deltas))
        #expect(interval.resamples == 10_000 && interval.confidence == 0.95)
        #expect(interval.seed == PairedBootstrap.defaultSeed && interval.pairs == deltas.count)
        #expect(abs(interval.meanDelta - deltas.reduce(0, +) / Double(deltas.count)) < 1e-15)
    }

    @Test(arguments: [0.5, -3.0, 0.0])
    func constantDeltasGiveADegenerateInterval(delta: Double) throws {
        let interval = try #require(PairedBootstrap.interval(deltas: Array(repeating: delta, count: 12)))
        #expect(interval.lower == delta && interval.upper == delta && interval.meanDelta == delta)
    }

    @Test func containsTheSampleMean() throws {
        for seed in [1, 2, 3] as [UInt64] {
            let interval = try #require(PairedBootstrap.interval(deltas: deltas, seed: seed))
            #expect(interval.lower < interval.meanDelta && interval.meanDelta < interval.upper)
            #expect(interval.lower >= deltas.min()! && interval.upper <= deltas.max()!)
        }
    }

    /// Two deltas, 0 and 1: a resample's mean is 0 with probability 1/4, ½ with 1/2, 1 with 1/4. With 10 000
    /// resamples the 2.5% and 97.5% quantiles are (all but certainly) 0 and 1.
    @Test func percentilesOfTwoValuesAreTheirExtremes() throws {
        let interval = try #require(PairedBootstrap.interval(deltas: [0, 1]))
        #expect(interval.lower == 0 && interval.upper == 1)
    }

    @Test func pairsReferenceAndOtherAsOtherMinusReference() throws {
        let reference: [Double] = [1, 2, 3, 4]
        let other: [Double] = [1.5, 2.5, 3, 5]
        let paired = try #require(PairedBootstrap.interval(reference: reference, other: other, seed: 3))
        let direct = try #require(PairedBootstrap.interval(deltas: [0.5, 0.5, 0, 1], seed: 3))
        #expect(paired == direct)
        #expect(PairedBootstrap.interval(deltas: []) == nil)
    }

    @Test func givesInsufficientDataBelowTenPairs() throws {
        let nine = try #require(PairedBootstrap.interval(deltas: (1...9).map(Double.init)))
        guard case .insufficientData(let reason) = nine.verdict else {
            Issue.record("nine pairs should be insufficient data")
            return
        }
        #expect(reason.contains("9 paired runs"))
        #expect(PairedBootstrap.verdict(pairs: 0, interval: nil).code == "insufficientData")
    }

    @Test func isRealWhenTheIntervalExcludesZero() throws {
        let higher = try #require(PairedBootstrap.interval(deltas: (1...10).map(Double.init)))
        #expect(higher.lower > 0 && higher.verdict == .real)
        let lower = try #require(PairedBootstrap.interval(deltas: (1...10).map { -Double($0) }))
        #expect(lower.upper < 0 && lower.verdict == .real)
        let mixed = try #require(PairedBootstrap.interval(deltas: (-5...5).map(Double.init)))
        #expect(mixed.contains(0) && mixed.verdict == .notDistinguishable)
    }
}
