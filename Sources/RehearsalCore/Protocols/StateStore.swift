/// Where runs are kept for auditing and history: every run, every scenario run in it, and through its report entry
/// every step, model call, tool call, gateway decision and approval.
///
/// A run is opened before its first scenario finishes and written to one scenario at a time (each in one
/// transaction), so a process killed mid-run keeps every scenario that had finished; the run stays `running` until
/// ``finishRun(_:summary:finishedAt:)`` marks it complete. Implementations: the SQLite store (`RehearsalStore`) and
/// an in-memory one for tests (`RehearsalTesting`); both pass the same conformance tests.
public protocol StateStore: Sendable {
    /// Records a new run as `running`.
    /// - Throws: ``StateStoreError`` when the id is taken or the store cannot be written.
    func beginRun(_ run: StoredRun) throws(StateStoreError)

    /// Adds a finished scenario run to run `runID`, replacing a stored one with the same scenario id and trial.
    ///
    /// `scenario.runID` must be `runID`.
    /// - Throws: ``StateStoreError``: `unknownRun` when the run was never begun, `runMismatch` when `scenario`
    ///   names another run, or when the store cannot be written.
    func record(_ scenario: StoredScenarioRun, inRun runID: String) throws(StateStoreError)

    /// Marks run `runID` complete with the suite's summary (the report's `summary` object).
    /// - Throws: ``StateStoreError`` when the run is unknown or the store cannot be written.
    func finishRun(_ runID: String, summary: JSONValue, finishedAt: String) throws(StateStoreError)

    /// The run with id `runID`, or, when no id matches, the only run whose id starts with it; nil when none does.
    ///
    /// An empty `runID` matches nothing.
    /// - Throws: ``StateStoreError`` (`ambiguousPrefix`, naming some of them) when the prefix matches several runs,
    ///   or when the store cannot be read.
    func run(_ runID: String) throws(StateStoreError) -> StoredRun?

    /// The most recent runs, newest first (by start time, then id, both descending): at most `limit`, all when nil.
    func runs(last limit: Int?) throws(StateStoreError) -> [StoredRun]

    /// The scenario runs of run `runID`, in scenario id then trial order.
    func scenarioRuns(inRun runID: String) throws(StateStoreError) -> [StoredScenarioRun]

    /// One scenario's runs across runs, newest run first and a run's trials in order: at most `limit` runs (with all
    /// their trials), all when nil.
    func history(ofScenario scenarioID: String, last limit: Int?) throws(StateStoreError) -> [StoredScenarioRun]

    /// The scenario runs whose trace id starts with `prefix` (hex, compared in lowercase), newest run first, then by
    /// scenario id and trial. Trace ids derive from the configuration, scenario and trial, so the same id recurs in
    /// every run of the same configuration. An empty prefix matches nothing.
    func scenarioRuns(traceIDPrefix prefix: String) throws(StateStoreError) -> [StoredScenarioRun]
}

/// One `rehearsal run`, as the store keeps it.
public struct StoredRun: Sendable, Hashable {
    /// The run's id, unique in the store (`rehearsal run` makes them from the start time and a random part).
    public var id: String
    /// When it started, ISO 8601 in UTC.
    public var startedAt: String
    /// When it finished, ISO 8601 in UTC; nil while running or after it was killed.
    public var finishedAt: String?
    /// `running` until finished; a run that stays `running` after its process is gone is incomplete.
    public var status: Status
    /// The suite's name.
    public var suite: String
    /// The configuration's name.
    public var configuration: String
    /// The configuration's digest (see docs/report-format.md).
    public var configurationDigest: String
    /// What is needed to run it again or resume it: paths, configuration file, trials, options (a JSON object).
    public var arguments: JSONValue
    /// How many scenario runs it will have when complete (scenarios × trials).
    public var expectedScenarioRuns: Int
    /// The report's `summary` once complete.
    public var summary: JSONValue?
    /// The rehearsal version that made it.
    public var rehearsalVersion: String

    /// Where a run is.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Started, not finished: still running, or killed before it finished.
        case running
        /// Finished, with its summary.
        case complete
    }

    /// A run record from its parts.
    public init(
        id: String, startedAt: String, finishedAt: String? = nil, status: Status = .running, suite: String, configuration: String,
        configurationDigest: String, arguments: JSONValue, expectedScenarioRuns: Int, summary: JSONValue? = nil, rehearsalVersion: String
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.suite = suite
        self.configuration = configuration
        self.configurationDigest = configurationDigest
        self.arguments = arguments
        self.expectedScenarioRuns = expectedScenarioRuns
        self.summary = summary
        self.rehearsalVersion = rehearsalVersion
    }
}

/// One scenario run inside a stored run: its headline figures as columns, and its whole report entry (steps, tool
/// calls with arguments, gateway decisions, approvals and observations, spans) for the audit trail.
public struct StoredScenarioRun: Sendable, Hashable {
    /// The run it belongs to.
    public var runID: String
    /// The scenario's id.
    public var scenarioID: String
    /// The trial, from 0.
    public var trial: Int
    /// The trace id, 32 lowercase hex digits.
    public var traceID: String
    /// The scenario's family.
    public var family: String
    /// Whether it passed.
    public var passed: Bool
    /// The model of the scenario's agent; nil when routing failed.
    public var model: String?
    /// What it cost, USD.
    public var costUSD: Double
    /// Its virtual end-to-end latency, ms.
    public var latencyMs: Double
    /// Its stop code: `answered`, `limit:maxSteps`, `error`, …
    public var stopReason: String
    /// Why it failed; empty when it passed.
    public var failures: [String]
    /// The scenario's entry in report.json, as written.
    public var entry: JSONValue

    /// A scenario run record from its parts.
    public init(
        runID: String, scenarioID: String, trial: Int, traceID: String, family: String, passed: Bool, model: String?, costUSD: Double,
        latencyMs: Double, stopReason: String, failures: [String], entry: JSONValue
    ) {
        self.runID = runID
        self.scenarioID = scenarioID
        self.trial = trial
        self.traceID = traceID
        self.family = family
        self.passed = passed
        self.model = model
        self.costUSD = costUSD
        self.latencyMs = latencyMs
        self.stopReason = stopReason
        self.failures = failures
        self.entry = entry
    }
}

/// A store could not do what was asked: what, and what to do about it.
public struct StateStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code: `unknownRun`, `duplicateRun`, `runMismatch`, `ambiguousPrefix`, `newerSchema`, `busy` (another
    /// writer held the store too long), `corrupt` (not a store, or damaged), `io`, …
    public var code: String
    /// What went wrong and what to do, for people.
    public var message: String

    /// An error with `code` and `message`.
    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
