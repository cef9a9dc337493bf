import Foundation
import RehearsalCLI
import RehearsalCore
import Testing

/// Configuration files end to end: their models and prices take effect in `run`, `validate` and `record`, and the
/// report records what was resolved.
struct ConfigurationTests {
    let scratch = Scratch()

    /// A configuration file in `folder` (default: a new scratch folder): the built-in `base` configuration with
    /// `extra` members added.
    func configuration(
        _ name: String, from base: String = "router", adding extra: [String: JSONValue], in folder: String? = nil
    ) throws -> String {
        let text = try String(
            contentsOfFile: CLIHarness.root + "/scenarios/configs/\(base).config.json", encoding: .utf8)
        guard case .object(var members) = try JSONParser.parse(text) else { throw CocoaError(.fileReadCorruptFile) }
        members["name"] = .string(name)
        members.merge(extra) { $1 }
        let file = try (folder ?? scratch.folder()) + "/\(name).config.json"
        try JSONValue.object(members).serialized(.pretty).write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The built-in price table with another source and every price multiplied by `factor`.
    func prices(source: String, times factor: Double, in folder: String) throws -> String {
        let text = try String(contentsOfFile: CLIHarness.root + "/scenarios/prices.json", encoding: .utf8)
        guard case .object(var table) = try JSONParser.parse(text), case .object(let models)? = table["models"] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        table["source"] = .string(source)
        table["models"] = .object(
            models.mapValues { entry in
                guard case .object(let price) = entry else { return entry }
                return .object(
                    price.mapValues { if case .number(let value) = $0 { .number(value * factor) } else { $0 } })
            })
        let file = folder + "/\(source.replacingOccurrences(of: " ", with: "-")).json"
        try JSONValue.object(table).serialized(.pretty).write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func report(_ arguments: [String]) async throws -> (result: CLIHarness.Result, report: JSONValue) {
        let out = try scratch.folder()
        let result = await CLIHarness.run(
            ["run", CLIHarness.root + "/scenarios"] + arguments + ["--no-sweep", "--out", out])
        return (result, try JSONParser.parse(String(contentsOfFile: out + "/report.json", encoding: .utf8)))
    }

    static func verdicts(_ report: JSONValue) -> [String: Bool] {
        Dictionary(
            uniqueKeysWithValues: (report["scenarios"]?.arrayValue ?? []).compactMap { run in
                run["id"]?.stringValue.map { ($0, run["passed"]?.boolValue ?? false) }
            })
    }

    static func models(_ report: JSONValue) -> Set<String> {
        Set((report["scenarios"]?.arrayValue ?? []).flatMap { $0["tokensByModel"]?.objectValue?.keys.map { $0 } ?? [] })
    }

    @Test func runTakesItsTrialsFromTheConfigurationUnlessTrialsIsGiven() async throws {
        let file = try configuration("three-trials", adding: ["trials": 3])
        let shipping = CLIHarness.root + "/scenarios/shipping"
        func trials(_ extra: [String]) async throws -> [String: Int] {
            let out = try scratch.folder()
            let result = await CLIHarness.run(["run", shipping, "--config", file, "--no-sweep", "--out", out] + extra)
            #expect(result.exitCode != .usage, "\(result.diagnostics)")
            let report = try JSONParser.parse(String(contentsOfFile: out + "/report.json", encoding: .utf8))
            var counts: [String: Int] = [:]
            for run in report["scenarios"]?.arrayValue ?? [] { counts[run["id"]?.stringValue ?? "", default: 0] += 1 }
            return counts
        }
        let fromConfiguration = try await trials([])
        #expect(!fromConfiguration.isEmpty && fromConfiguration.values.allSatisfy { $0 == 3 }, "\(fromConfiguration)")
        let fromFlag = try await trials(["--trials", "1"])
        #expect(fromFlag.keys.sorted() == fromConfiguration.keys.sorted() && fromFlag.values.allSatisfy { $0 == 1 })
    }

    @Test func mappingEveryAgentsCheapModelToItsStrongOneRunsLikeAlwaysStrong() async throws {
        let file = try configuration("cheap-is-strong", adding: ["models": ["*": ["cheap": "gpt-4o"]]])
        let (result, mapped) = try await report(["--config", file])
        let (_, strong) = try await report(["--config", CLIHarness.alwaysStrong])
        let (_, routed) = try await report(["--config", CLIHarness.root + "/scenarios/configs/router.config.json"])

        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(mapped["summary"]?["passed"] == strong["summary"]?["passed"])
        #expect(Self.verdicts(mapped) == Self.verdicts(strong) && Self.verdicts(mapped).count == 35)
        #expect(
            mapped["summary"]?["cost"]?["usd"] == strong["summary"]?["cost"]?["usd"],
            "the same requests on the same model")
        #expect(Self.models(mapped) == ["gpt-4o"])
        #expect(
            Self.models(routed).contains("gpt-4o-mini"),
            "without the override the router sends lookups to the cheap model")

        let configuration = try #require(mapped["configuration"])
        #expect(configuration["models"] == ["*": ["cheap": "gpt-4o"]])
        #expect(configuration["router"] == routed["configuration"]?["router"])
        #expect(
            configuration["digest"] != routed["configuration"]?["digest"], "the models change the runs, so the digest")
    }

    @Test func aNamedAgentsOverrideAppliesToThatAgentOnly() async throws {
        let file = try configuration(
            "finance-on-claude", from: "always-strong", adding: ["models": ["finance": ["strong": "claude-sonnet-4"]]])
        let (result, report) = try await report(["--config", file])
        #expect(result.exitCode == .failure)
        let runs = report["scenarios"]?.arrayValue ?? []
        let finance = runs.filter { $0["agent"] == "finance" }
        #expect(!finance.isEmpty && finance.allSatisfy { $0["model"] == "claude-sonnet-4" && $0["passed"] == false })
        #expect(
            finance.allSatisfy {
                $0["failures"]?.arrayValue?.first?.stringValue?.contains(
                    "no recording for model call 1 (agent, claude-sonnet-4)") == true
            },
            "the built-in suite has no recordings of claude-sonnet-4")
        let others = runs.filter { $0["agent"] == "logistics" || $0["agent"] == "support" }
        #expect(!others.isEmpty && others.allSatisfy { $0["model"] == "gpt-4o" && $0["passed"] == true })
    }

    @Test func anAgentTheSuiteLacksStopsTheCommandAtItsPlaceInTheFile() async throws {
        let file = try scratch.folder() + "/typo.config.json"
        try """
        {"name": "typo", "router": {"kind": "fixed", "tier": "strong"},
         "models": {"financ": {"strong": "claude-sonnet-4"}}}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let out = try scratch.folder() + "/out"
        for command in [
            ["run", "--out", out], ["validate"],
            ["record", "--provider", "script:" + CLIHarness.root + "/scenarios/scripts"],
        ] {
            let result = await CLIHarness.run(
                [command[0], CLIHarness.root + "/scenarios", "--config", file] + command.dropFirst())
            #expect(result.exitCode == .usage, "\(command[0])")
            #expect(
                result.diagnostics.contains(
                    #"\#(file):2:13: $.models.financ: no such agent in the suite: unknown key "financ"; did you mean "finance"?"#
                ),
                "\(command[0]): \(result.diagnostics)")
        }
        #expect(!FileManager.default.fileExists(atPath: out), "nothing runs")
    }

    @Test func pricesComeFromTheFlagThenTheConfigurationThenTheSuite() async throws {
        let folder = try scratch.folder()
        let configPrices = try prices(source: "config table", times: 2, in: folder)
        let flagPrices = try prices(source: "flag table", times: 3, in: folder)
        let file = try configuration(
            "priced", from: "always-strong", adding: ["prices": "config-table.json"], in: folder)

        let (_, suite) = try await report(["--config", CLIHarness.alwaysStrong])
        let (_, configured) = try await report(["--config", file])
        let (_, flagged) = try await report(["--config", file, "--prices", flagPrices])

        #expect(suite["configuration"]?["pricesFrom"] == "suite")
        #expect(suite["configuration"]?["prices"]?.stringValue == CLIHarness.root + "/scenarios/prices.json")
        #expect(suite["prices"]?["source"]?.stringValue?.hasPrefix("OpenAI API pricing") == true)
        #expect(configured["configuration"]?["pricesFrom"] == "config")
        #expect(
            configured["configuration"]?["prices"]?.stringValue == configPrices,
            "resolved against the configuration's folder")
        #expect(configured["prices"]?["source"] == "config table")
        #expect(flagged["configuration"]?["pricesFrom"] == "--prices")
        #expect(flagged["configuration"]?["prices"]?.stringValue == flagPrices)
        #expect(flagged["prices"]?["source"] == "flag table")

        let base = try #require(suite["summary"]?["cost"]?["usd"]?.numberValue)
        let doubled = try #require(configured["summary"]?["cost"]?["usd"]?.numberValue)
        let tripled = try #require(flagged["summary"]?["cost"]?["usd"]?.numberValue)
        #expect(base > 0 && abs(doubled - 2 * base) < 1e-9 && abs(tripled - 3 * base) < 1e-9)
        #expect(
            configured["configuration"]?["digest"] == suite["configuration"]?["digest"], "prices change costs, not runs"
        )
    }

    @Test func aSuiteWithoutPricesRunsOnTheConfigurationsAndSaysWhereToNameOne() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let manifest = suite + "/scenarios/suite.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8).replacingOccurrences(
            of: #""prices": "prices.json","#, with: "")
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
        let unpriced = try configuration("unpriced", from: "always-strong", adding: [:])
        let refused = await CLIHarness.run(["run", suite + "/scenarios", "--config", unpriced, "--no-db"])
        #expect(refused.exitCode == .usage)
        #expect(
            refused.diagnostics.contains(
                #"no price table: pass --prices FILE or name one in \#(unpriced) or \#(manifest) ("prices")"#),
            "\(refused.diagnostics)")

        let folder = try scratch.folder()
        _ = try prices(source: "config table", times: 1, in: folder)
        let priced = try configuration(
            "priced", from: "always-strong", adding: ["prices": "config-table.json"], in: folder)
        let out = try scratch.folder()
        let run = await CLIHarness.run(["run", suite + "/scenarios", "--config", priced, "--no-sweep", "--out", out])
        #expect(run.exitCode == .success, "\(run.diagnostics)")
        let report = try JSONParser.parse(String(contentsOfFile: out + "/report.json", encoding: .utf8))
        #expect(report["prices"]?["source"] == "config table" && report["configuration"]?["pricesFrom"] == "config")
    }

    @Test func aConfigurationsPriceTableMustExistAndPriceItsModels() async throws {
        let missing = try configuration("missing-prices", adding: ["prices": "nowhere.json"])
        let result = await CLIHarness.run(["run", CLIHarness.root + "/scenarios", "--config", missing, "--no-db"])
        #expect(result.exitCode == .usage)
        #expect(
            result.diagnostics.contains((missing as NSString).deletingLastPathComponent + "/nowhere.json"),
            "\(result.diagnostics)")

        let unpriced = try configuration("unpriced", adding: ["models": ["*": ["cheap": "gpt-9"]]])
        let run = await CLIHarness.run(["run", CLIHarness.root + "/scenarios", "--config", unpriced, "--no-db"])
        #expect(run.exitCode == .usage)
        #expect(run.diagnostics.contains("gpt-9"), "\(run.diagnostics)")
    }

    @Test func validateReplaysEachConfigurationOnTheModelsItNames() async throws {
        let same = try configuration("cheap-is-strong", adding: ["models": ["*": ["cheap": "gpt-4o"]]])
        let valid = await CLIHarness.run(["validate", CLIHarness.root + "/scenarios", "--config", same])
        #expect(valid.exitCode == .success, "\(valid.diagnostics)")
        #expect(valid.output.contains("5 configurations"))

        let claude = try configuration(
            "finance-on-claude", from: "always-strong", adding: ["models": ["finance": ["strong": "claude-sonnet-4"]]])
        let invalid = await CLIHarness.run(["validate", CLIHarness.root + "/scenarios", "--config", claude])
        #expect(invalid.exitCode == .usage)
        #expect(
            invalid.diagnostics.contains(
                "error: procurement.budget-check: replaying with finance-on-claude: step 0: model call failed: no recording for model call 1 (agent, claude-sonnet-4)"
            ),
            "\(invalid.diagnostics.prefix(2000))")
        #expect(
            !invalid.diagnostics.contains("error: shipping.plain-tracking:"), "the logistics agent keeps its models")

        let unpriced = try configuration("unpriced", adding: ["models": ["*": ["cheap": "gpt-9"]]])
        let refused = await CLIHarness.run(["validate", CLIHarness.root + "/scenarios", "--config", unpriced])
        #expect(refused.exitCode == .usage)
        #expect(refused.diagnostics.contains("gpt-9"), "\(refused.diagnostics)")
    }

    @Test func recordRunsEachConfigurationOnTheModelsItNames() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let scenario = suite + "/scenarios/procurement/budget-check.scenario.json"
        let script = "script:" + suite + "/scenarios/scripts/procurement.budget-check.script.json"
        let fixtures = suite + "/fixtures/procurement.budget-check/llm.jsonl"
        let committed = try String(
            contentsOfFile: CLIHarness.root + "/fixtures/procurement.budget-check/llm.jsonl", encoding: .utf8)

        let same = try configuration("cheap-is-strong", adding: ["models": ["*": ["cheap": "gpt-4o"]]])
        let recorded = await CLIHarness.run(["record", scenario, "--provider", script, "--config", same])
        #expect(recorded.exitCode == .success, "\(recorded.diagnostics)")
        #expect(recorded.output.contains(", cheap-is-strong)"), "\(recorded.output)")
        // Provenance names the script by the path it was given.
        let recordedAgain = try String(contentsOfFile: fixtures, encoding: .utf8)
        #expect(
            recordedAgain.replacingOccurrences(of: suite + "/", with: "") == committed,
            "its requests are always-strong's, already recorded")

        let claude = try configuration(
            "finance-on-claude", from: "always-strong", adding: ["models": ["finance": ["strong": "claude-sonnet-4"]]])
        let refused = await CLIHarness.run(["record", scenario, "--provider", script, "--config", claude])
        #expect(refused.exitCode == .failure)
        #expect(refused.diagnostics.contains("finance-on-claude: "), "\(refused.diagnostics)")
        #expect(
            refused.diagnostics.contains("claude-sonnet-4"),
            "the script has no turns for the model the configuration names")
        #expect(
            try String(contentsOfFile: fixtures, encoding: .utf8) == recordedAgain,
            "a scenario whose runs stop is not written")
    }
}
