extension Comparison {
    /// One scenario run (scenario and trial) under the reference and under the other configuration.
    public struct RunPair: Sendable {
        /// The scenario's id, trial and label (`id`, or `id#trial` after the first trial).
        public var id: String
        public var trial: Int
        public var label: String
        /// The scenario's title, from the reference's report.
        public var title: String
        /// The run under the reference, and under the other configuration.
        public var reference: Side
        public var other: Side

        /// How the run's verdict changed; `nil` when it did not, or when a side's fixtures are missing.
        public var flip: Flip? {
            guard !hasMissingFixtures, reference.passed != other.passed else { return nil }
            return reference.passed ? .passToFail : .failToPass
        }

        /// Whether either side's fixtures are missing.
        public var hasMissingFixtures: Bool { reference.status == .missingFixtures || other.status == .missingFixtures }

        /// Whether the run's deltas enter the bootstrap: fixtures on both sides, and neither side cut short by an
        /// error.
        public var isInDeltas: Bool { !hasMissingFixtures && !reference.stoppedWithError && !other.stoppedWithError }

        /// The other's cost minus the reference's, USD.
        public var costDeltaUSD: Double { other.costUSD - reference.costUSD }
        /// The other's end-to-end virtual latency minus the reference's, ms.
        public var latencyDeltaMs: Double { other.latencyMs - reference.latencyMs }

        init(reference: ReportDocument.ScenarioRow, other: ReportDocument.ScenarioRow) {
            id = reference.id
            trial = reference.trial
            label = reference.label
            title = reference.title
            self.reference = Side(reference)
            self.other = Side(other)
        }
    }

    /// A change of verdict between the reference and the other configuration.
    public enum Flip: String, Sendable, Hashable {
        /// Passes under the reference, fails under the other: red in the reports.
        case passToFail
        /// Fails under the reference, passes under the other: green in the reports.
        case failToPass

        /// `pass→fail` or `fail→pass`.
        public var arrow: String { self == .passToFail ? "pass→fail" : "fail→pass" }
    }

    /// A run's verdict, with missing fixtures told apart from a failure of the agent.
    public enum RunStatus: String, Sendable, Hashable {
        case passed
        case failed
        /// The run's failures say its fixtures are missing: it measured nothing.
        case missingFixtures
    }

    /// One side of a ``RunPair``: what the run did under one configuration.
    public struct Side: Sendable {
        /// Passed, failed, or missing its fixtures.
        public var status: RunStatus
        /// The model the router chose for the scenario's agent.
        public var model: String?
        /// The run's cost, USD, and end-to-end virtual latency, ms.
        public var costUSD: Double
        public var latencyMs: Double
        /// The first failure reason; `nil` when the run passed.
        public var firstFailure: String?
        /// Whether the run stopped with an error (a replay miss, missing fixtures) rather than an answer or a limit.
        public var stoppedWithError: Bool

        /// Whether the run passed.
        public var passed: Bool { status == .passed }

        init(_ row: ReportDocument.ScenarioRow) {
            status = row.hasMissingFixtures ? .missingFixtures : row.passed ? .passed : .failed
            model = row.model
            costUSD = row.costUSD
            latencyMs = row.latencyMs
            firstFailure = row.failures.first
            stoppedWithError = row.stopReason == "error"
        }
    }
}
