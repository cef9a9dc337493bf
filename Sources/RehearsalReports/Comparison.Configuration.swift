extension Comparison {
    /// One configuration's headline figures, as its report gives them.
    public struct Configuration: Sendable {
        /// The configuration's name, as given to the comparison.
        public var name: String
        /// `configuration.description`, `digest`, `router.kind` and `file` from its report.
        public var description: String?
        public var digest: String?
        public var routerKind: String?
        public var file: String?
        /// Its own report folder, relative to the comparison's files.
        public var reportFolder: String?
        /// Scenario runs, and those that passed.
        public var runs: Int
        public var passed: Int
        /// `passed / runs`; 0 without runs.
        public var passRate: Double
        /// Micro-averaged tool-choice F1 and argument accuracy, 0...1.
        public var toolChoiceF1: Double
        public var argumentAccuracy: Double
        /// The runs' total cost, USD.
        public var costUSD: Double
        /// Nearest-rank percentiles of the end-to-end virtual latency of the runs that finished, ms.
        public var p50Ms: Double
        public var p95Ms: Double
        /// Router savings against always-strong, percent, and the share of tasks sent to the strong model.
        public var savingsPct: Double
        public var strongShare: Double
        /// The safety figures; `nil` for a schema version 1 report.
        public var security: ReportDocument.Security?
        /// The labels of the runs whose fixtures are missing.
        public var missingFixtures: [String]
        /// Runs that stopped with an error (missing fixtures included).
        public var erroredRuns: Int

        /// Never-call checks whose run proposed a forbidden call: checked minus held.
        public var neverCallViolated: Int? { security.map { $0.neverCallChecked - $0.neverCallHeld } }

        init(_ entry: Entry) {
            let report = entry.report
            let summary = report.summary
            name = entry.name
            description = report.configuration.description
            digest = report.configuration.digest
            routerKind = report.configuration.routerKind
            file = report.configuration.file
            reportFolder = entry.reportFolder
            runs = summary.scenarios
            passed = summary.passed
            passRate = runs == 0 ? 0 : Double(passed) / Double(runs)
            toolChoiceF1 = summary.f1
            argumentAccuracy = summary.argumentAccuracy
            costUSD = summary.costUSD
            p50Ms = summary.p50Ms
            p95Ms = summary.p95Ms
            savingsPct = summary.savingsPct
            strongShare = summary.strongShare
            security = summary.security
            missingFixtures = report.scenarios.filter(\.hasMissingFixtures).map(\.label)
            erroredRuns = report.erroredRuns
        }
    }
}

extension ReportDocument.ScenarioRow {
    /// Whether the run's failures say its fixtures are missing (`no fixtures: …`, see `Evaluator.evaluate`).
    var hasMissingFixtures: Bool { failures.contains { $0.hasPrefix("no fixtures:") } }
}
