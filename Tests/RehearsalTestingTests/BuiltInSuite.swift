import RehearsalEvaluation
import RehearsalScenarios
import RehearsalTesting

/// The repository's own suite, found from this file as a project's tests would find theirs.
enum BuiltInSuite {
    /// The suite under the configuration file `scenarios/configs/<name>.config.json`.
    static func load(_ configuration: String) throws -> RehearsalSuite {
        try RehearsalSuite.load(
            relativeTo: #filePath, "../../scenarios",
            configuration: .file("../../scenarios/configs/\(configuration).config.json"))
    }

    /// The verdicts on every scenario of `suite`, computed with the library types the CLI uses rather than through
    /// ``RehearsalSuite/run(only:trials:baseline:parallelism:)``: what the outcome must agree with.
    static func evaluateDirectly(_ suite: RehearsalSuite) async -> [ScenarioResult] {
        let runner = ScenarioRunner(suite: suite.suite, configuration: suite.configuration, prices: suite.prices)
        let runs = await runner.runAll(suite.scenarios.map { ($0, suite.fixtures[$0.id]!) }, trials: 1, parallelism: 2)
        return runs.map {
            Evaluator.evaluate($0, in: suite.suite, defaults: suite.configuration.evaluation, prices: suite.prices)
        }
    }
}
