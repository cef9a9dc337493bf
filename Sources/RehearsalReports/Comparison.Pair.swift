public import RehearsalEvaluation

extension Comparison {
    /// The reference against one other configuration: their runs aligned by scenario and trial, the flips, the
    /// deltas, and whether each difference is real.
    public struct Pair: Sendable {
        /// The reference's name and the other configuration's.
        public var reference: String
        public var other: String
        /// The runs both reports have, in the reference's order (scenario id, then trial).
        public var runs: [RunPair]
        /// Labels of the runs only one report has (a different suite or `--trials`; never the case in one compare).
        public var onlyInReference: [String]
        public var onlyInOther: [String]
        /// The exact McNemar p-value on the flips.
        public var pValue: Double
        /// Whether the flips show a real difference in pass rate.
        public var flipVerdict: SignificanceVerdict
        /// The paired cost deltas (other minus reference), USD per run.
        public var cost: Delta
        /// The paired latency deltas (other minus reference), virtual ms per run.
        public var latency: Delta

        /// The paired deltas of one figure and their bootstrap interval.
        public struct Delta: Sendable {
            /// Runs whose delta was resampled.
            public var pairs: Int
            /// The interval, `nil` when no run could be paired.
            public var interval: PairedBootstrap.Interval?
            /// Whether the mean delta is real.
            public var verdict: SignificanceVerdict
            /// Labels of the aligned runs left out because one side stopped with an error (missing fixtures aside,
            /// which ``Pair/missingFixtures`` lists).
            public var excluded: [String]
        }

        /// Runs that pass under the reference and fail under the other.
        public var passToFail: [RunPair] { runs.filter { $0.flip == .passToFail } }
        /// Runs that fail under the reference and pass under the other.
        public var failToPass: [RunPair] { runs.filter { $0.flip == .failToPass } }
        /// Every flip, in run order.
        public var flips: [RunPair] { runs.filter { $0.flip != nil } }
        /// Runs whose fixtures are missing on either side: reported, and left out of every paired figure.
        public var missingFixtures: [RunPair] { runs.filter(\.hasMissingFixtures) }
        /// Runs compared for pass/fail: those with fixtures on both sides.
        public var compared: [RunPair] { runs.filter { !$0.hasMissingFixtures } }

        init(reference: Entry, other: Entry, options: Options) {
            self.reference = reference.name
            self.other = other.name
            var others: [RunKey: ReportDocument.ScenarioRow] = [:]
            for row in other.report.scenarios where others[RunKey(row)] == nil { others[RunKey(row)] = row }
            var aligned: [RunPair] = []
            var seen: Set<RunKey> = []
            var onlyInReference: [String] = []
            for row in reference.report.scenarios where seen.insert(RunKey(row)).inserted {
                if let match = others[RunKey(row)] {
                    aligned.append(RunPair(reference: row, other: match))
                } else {
                    onlyInReference.append(row.label)
                }
            }
            runs = aligned
            self.onlyInReference = onlyInReference
            onlyInOther = other.report.scenarios.filter { !seen.contains(RunKey($0)) }.map(\.label)

            let compared = aligned.filter { !$0.hasMissingFixtures }
            let b = compared.filter { $0.flip == .passToFail }.count
            let c = compared.filter { $0.flip == .failToPass }.count
            pValue = McNemar.exactPValue(passToFail: b, failToPass: c)
            flipVerdict = McNemar.verdict(passToFail: b, failToPass: c)

            let paired = compared.filter(\.isInDeltas)
            let excluded = compared.filter { !$0.isInDeltas }.map(\.label)
            func delta(_ value: (RunPair) -> Double) -> Delta {
                let interval = PairedBootstrap.interval(
                    deltas: paired.map(value), confidence: options.confidence, resamples: options.resamples,
                    seed: options.seed)
                return Delta(
                    pairs: paired.count, interval: interval,
                    verdict: PairedBootstrap.verdict(pairs: paired.count, interval: interval), excluded: excluded)
            }
            cost = delta(\.costDeltaUSD)
            latency = delta(\.latencyDeltaMs)
        }
    }

    /// A run's place in a suite: scenario id and trial.
    struct RunKey: Hashable {
        var id: String
        var trial: Int

        init(_ row: ReportDocument.ScenarioRow) {
            id = row.id
            trial = row.trial
        }
    }
}
