public import RehearsalCore
public import RehearsalEvaluation

/// What `rehearsal compare` found: the same suite run under several configurations, side by side, and each of them
/// against the first, the reference, scenario run by scenario run, with whether each difference is real.
///
/// It is built from the configurations' `report.json` documents alone, so it is a pure function of them and of
/// ``Options``: the statistics are seeded. Runs are aligned by scenario id and trial. A run whose failures say its
/// fixtures are missing (`no fixtures: …`) is listed as such and left out of every paired figure; a run that stopped
/// with an error counts as a failure in the pass/fail test but is left out of the cost and latency deltas, since a
/// run cut short costs less than a whole one for no reason a configuration could claim. docs/compare.md has the
/// details.
public struct Comparison: Sendable {
    /// The version of compare.json's contract (docs/compare.md); bumped when it changes.
    public static let schemaVersion = 1

    /// One configuration's name and report, as the comparison takes them.
    public struct Entry: Sendable {
        /// The configuration's name.
        public var name: String
        /// Its report.
        public var report: ReportDocument
        /// Where its own report folder is, relative to the comparison's files (`router`), when one was written.
        public var reportFolder: String?

        /// An entry from its parts.
        public init(name: String, report: ReportDocument, reportFolder: String? = nil) {
            self.name = name
            self.report = report
            self.reportFolder = reportFolder
        }
    }

    /// How the statistics are computed.
    public struct Options: Sendable, Hashable {
        /// Bootstrap resamples per interval.
        public var resamples: Int
        /// The intervals' coverage, 0...1.
        public var confidence: Double
        /// The bootstrap generator's seed, the same for every interval.
        public var seed: UInt64

        /// Options with the bootstrap's defaults: 10 000 resamples, 95%, seed `0x5EED`.
        public init(
            resamples: Int = PairedBootstrap.defaultResamples, confidence: Double = PairedBootstrap.defaultConfidence,
            seed: UInt64 = PairedBootstrap.defaultSeed
        ) {
            self.resamples = resamples
            self.confidence = confidence
            self.seed = seed
        }
    }

    /// The suite's name, from the reference's report.
    public var suiteName: String
    /// How the statistics were computed.
    public var options: Options
    /// Every configuration's headline figures, the reference first.
    public var configurations: [Configuration]
    /// The reference against each other configuration, in the order they were given.
    public var pairs: [Pair]

    /// The reference: the first configuration.
    public var reference: Configuration { configurations[0] }

    /// Compares `entries`, the first being the reference.
    /// - Precondition: at least one entry.
    public init(_ entries: [Entry], options: Options = Options()) {
        precondition(!entries.isEmpty, "a comparison needs at least one configuration")
        suiteName = entries[0].report.suiteName
        self.options = options
        configurations = entries.map(Configuration.init)
        pairs = entries.dropFirst().map { Pair(reference: entries[0], other: $0, options: options) }
    }

    /// Reads each configuration's `report.json` value and compares them.
    /// - Parameters:
    ///   - reports: Each configuration's name and report as `JSONReportWriter.document` made it, the reference first.
    ///   - options: How the statistics are computed.
    /// - Throws: ``JSONDecodingError`` at the path of the first key a report is missing or has mistyped.
    public init(reports: [(name: String, report: JSONValue)], options: Options = Options()) throws(JSONDecodingError) {
        var entries: [Entry] = []
        for (name, report) in reports { entries.append(Entry(name: name, report: try ReportDocument(json: report))) }
        self.init(entries, options: options)
    }
}
