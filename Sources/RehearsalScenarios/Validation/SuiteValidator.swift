public import RehearsalCore
import RehearsalReplay

/// Checks a loaded suite's recordings against what the engine would send today, without scoring anything.
///
/// For each scenario: every model exchange's stored key must be the key of its stored request; the scenario is
/// replayed once per model it has agent recordings for (every agent on that model) and once per configuration of
/// the suite (on the models the configuration names), and a replay that stops with an error (a request with no
/// recording: a prompt, tool or policy edit that orphaned it) is an error; a recording no replay asked for is a
/// warning (left over from an earlier recording). Loading the suite and its fixtures has already checked references, schemas and formats.
public struct SuiteValidator: Sendable {
    /// The suite.
    public var suite: Suite
    /// The prices (replays are priced like runs).
    public var prices: PriceTable

    /// A validator for `suite`.
    public init(suite: Suite, prices: PriceTable) {
        self.suite = suite
        self.prices = prices
    }

    /// The problems with `scenario`'s recordings in `fixtures`.
    public func problems(with scenario: Scenario, fixtures: FixtureSet) async -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if !fixtures.missingFiles.isEmpty {
            for file in fixtures.missingFiles {
                problems.append(ValidationProblem(.error, scenario.id, "no recordings: \(file) does not exist (record them with `rehearsal record`)"))
            }
            return problems
        }
        let llmFile = FixtureSet.llmFile(in: fixtures.folder)
        for (position, exchange) in fixtures.llm.exchanges.enumerated() {
            let place = "\(llmFile):\(fixtures.llmLines[position])"
            do {
                if RequestKey.key(forRecorded: try exchange.parsedRequest()) != exchange.key {
                    problems.append(ValidationProblem(.error, place, "the stored key does not match the stored request (was the request edited by hand?); re-record the scenario"))
                }
            } catch {
                problems.append(ValidationProblem(.error, place, "the stored request is not valid JSON (\(error)); re-record the scenario"))
            }
        }

        var configurations = fixtures.llm.models().sorted().map { RunConfiguration(name: "every agent on \($0)", router: .fixed(.model($0))) }
        configurations += suite.configurations
        var servedLLM = Set<Int>()
        var servedAPI = Set<Int>()
        // Every recorded trial is replayed on its own recordings; what it serves maps back to the file's lines.
        for trial in 0..<fixtures.trials {
            let recordings = fixtures.forTrial(trial)
            let llmOrigin = recordings.llmOrigin.isEmpty ? Array(recordings.llm.exchanges.indices) : recordings.llmOrigin
            let apiOrigin = recordings.apiOrigin.isEmpty ? Array(recordings.api.exchanges.indices) : recordings.apiOrigin
            let which = fixtures.trials > 1 ? " (trial \(trial))" : ""
            for configuration in configurations {
                let model = ReplayModelClient(cassette: recordings.llm, matcher: configuration.matcher)
                let tools = ReplayToolExecutor(cassette: recordings.api)
                // A configuration's own models replace its agents' (the fixed-model replays ignore them anyway).
                let runner = ScenarioRunner(suite: configuration.models.applied(to: suite), configuration: configuration, prices: prices, computesBaseline: false)
                let run = await runner.record(scenario, modelClient: model, toolExecutor: tools)
                servedLLM.formUnion(model.servedPositions.map { llmOrigin[$0] })
                servedAPI.formUnion(tools.servedPositions.map { apiOrigin[$0] })
                if case .error(let message) = run.stopReason {
                    problems.append(ValidationProblem(.error, scenario.id, "replaying with \(configuration.name)\(which): \(message)"))
                }
                for warning in model.warnings {
                    problems.append(ValidationProblem(.warning, scenario.id, "replaying with \(configuration.name)\(which): \(warning)"))
                }
            }
        }
        // Recordings left unused because a replay failed are explained by that failure; advise re-recording only
        // when every replay went through.
        let replaysFailed = problems.contains { $0.severity == .error }
        let advice = replaysFailed ? "(see the replay errors above)" : "re-record with --mode all to drop it"
        for position in fixtures.llm.exchanges.indices where !servedLLM.contains(position) {
            let exchange = fixtures.llm.exchanges[position]
            problems.append(ValidationProblem(.warning, "\(llmFile):\(fixtures.llmLines[position])", "recording of \(exchange.model) (\(exchange.purpose)) was not requested by any replay; \(advice)"))
        }
        let apiFile = FixtureSet.apiFile(in: fixtures.folder)
        for position in fixtures.api.exchanges.indices where !servedAPI.contains(position) {
            problems.append(ValidationProblem(.warning, "\(apiFile):\(fixtures.apiLines[position])", "recording of \(fixtures.api.exchanges[position].tool) was not requested by any replay; \(advice)"))
        }
        return problems
    }

    /// Suite-level problems: policy documents without a passage to retrieve.
    public func suiteProblems() -> [ValidationProblem] {
        suite.policies.filter { BM25Index.passages(of: $0).isEmpty }.map {
            ValidationProblem(.error, Path.join(Path.join(suite.root, "policies"), $0.name), "the document has no passages to retrieve")
        }
    }
}

/// Something `rehearsal validate` found.
public struct ValidationProblem: Sendable, Hashable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable, Hashable {
        /// Runs would fail or mislead: exit code 2.
        case error
        /// Worth a look; does not fail validation.
        case warning
    }

    /// How bad it is.
    public var severity: Severity
    /// Where: `file:line`, or a scenario id.
    public var place: String
    /// What is wrong and what to do.
    public var message: String

    /// A problem from its parts.
    public init(_ severity: Severity, _ place: String, _ message: String) {
        self.severity = severity
        self.place = place
        self.message = message
    }

    public var description: String { "\(severity.rawValue): \(place): \(message)" }
}
