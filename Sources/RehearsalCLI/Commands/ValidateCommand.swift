import RehearsalCore
import RehearsalReplay
import RehearsalScenarios

/// `rehearsal validate`: checks scenarios, agents, tools, policies, configurations and fixtures without running
/// a report, including that every recording still matches what the engine would send today.
struct ValidateCommand: Command {
    static let name = "validate"
    static let abstract = "Check scenarios, tools, policies and fixtures without running them"

    static let options: [OptionSpec] = [
        .option("--config", "-c", value: "FILE", repeatable: true, help: "Also check this configuration and replay under it"),
        .option("--prices", value: "FILE", help: "Price table (default: the configuration's, else the suite's)"),
        .option("--fixtures", value: "DIR", help: "Fixtures folder (default: the suite's)"),
    ]

    static var help: String {
        """
        Usage: rehearsal validate [PATH...] [options]

        Loads the suite under PATH (default: scenarios/) and checks it: every file parses and has only known keys,
        every reference resolves (agents, tools, handoff targets, policies, configurations), every tool schema is a
        valid JSON Schema, every fixture line parses in its provider's format and its key matches its request, and
        every recording still matches what the engine would send today: each scenario is replayed for each recorded
        model and each configuration (the suite's and each --config, on the models it names), and a request with
        no recording (an edited prompt, tool or policy) is an error. Recordings no replay asked for are warnings.
        Every model a configuration can call must have a price in its table (--prices, else its "prices", else
        the suite's).

        Options:
        \(ArgumentParser.help(for: options + [.helpFlag]))

        Exit codes: 0 valid (warnings allowed), 2 anything invalid.

        """
    }

    var paths: [String]
    var configPaths: [String]
    var pricesPath: String?
    var fixturesPath: String?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try ArgumentParser.parse(arguments, options: ValidateCommand.options)
        paths = parsed.positionals
        configPaths = parsed.values["--config"] ?? []
        pricesPath = parsed.value("--prices")
        fixturesPath = parsed.value("--fixtures")
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let loaded = try LoadedSuite.load(
            paths: paths, configPath: nil, pricesPath: pricesPath, fixturesPath: fixturesPath, appliesConfiguration: false, context: context)
        var suite = loaded.suite
        // Each configuration replays on its own models (the validator applies them); its prices must cover them.
        let loader = SuiteLoader(fileSystem: context.fileSystem)
        suite.configurations = try LoadedSuite.configurations(configPaths, of: suite, pricesPath: pricesPath, baseline: true, loader: loader).map(\.configuration)
        let validator = SuiteValidator(suite: suite, prices: loaded.prices)
        var problems = validator.suiteProblems()
        for scenario in suite.scenarios {
            problems += await validator.problems(with: scenario, fixtures: loaded.fixtures[scenario.id]!)
        }
        let exchanges = loaded.fixtures.values.reduce(0) { $0 + $1.llm.exchanges.count + $1.api.exchanges.count }
        func count(_ number: Int, _ noun: String, _ plural: String? = nil) -> String { "\(number) \(number == 1 ? noun : plural ?? noun + "s")" }
        context.output(
            "validate: suite \(suite.name): \(count(suite.scenarios.count, "scenario")), \(count(suite.agents.count, "agent")), "
                + "\(count(suite.tools.tools.count, "tool")), \(count(suite.policies.count, "policy", "policies")), "
                + "\(count(suite.configurations.count, "configuration")), \(count(exchanges, "recorded exchange"))\n")
        for problem in problems { context.diagnostics(problem.description + "\n") }
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
        context.output(errors == 0 ? "valid\(warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "")\n" : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n")
        return errors == 0 ? .success : .usage
    }
}
