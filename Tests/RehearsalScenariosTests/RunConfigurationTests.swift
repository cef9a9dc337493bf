import Foundation
import RehearsalCore
import RehearsalScenarios
import Testing

/// Configuration files: the keys issue 7 added (models, prices, trials, gate), their errors, JSON and digest.
struct RunConfigurationTests {
    static func decode(_ text: String) throws -> RunConfiguration {
        try RunConfiguration(json: try JSONParser.parse(text), at: .root)
    }

    static let router = #""router": {"kind": "rules", "strongIf": {"keywords": ["pay"]}}"#

    @Test func decodesModelsPricesTrialsAndGate() throws {
        let configuration = try Self.decode(
            """
            {"name": "finance-on-claude", \(Self.router),
             "models": {"finance": {"cheap": "gpt-4o-mini", "strong": "claude-sonnet-4"}, "*": {"cheap": "gpt-4.1-mini"}},
             "prices": "../prices.json", "trials": 3, "gate": {"maxAccuracyDrop": 0.05, "maxCostIncreasePct": 20}}
            """)
        #expect(
            configuration.models.byAgent == [
                "finance": .init(cheap: "gpt-4o-mini", strong: "claude-sonnet-4"), "*": .init(cheap: "gpt-4.1-mini"),
            ])
        #expect(configuration.prices == "../prices.json")
        #expect(configuration.trials == 3)
        #expect(
            configuration.gate == GateThresholds(maxAccuracyDrop: 0.05, maxCostIncreasePct: 20, maxP95IncreasePct: 10))
        #expect(configuration.pricesFrom == nil, "only a command that chose the prices says where they came from")
    }

    @Test func leavesEverythingAsBeforeWhenTheNewKeysAreAbsent() throws {
        let configuration = try Self.decode(#"{"name": "plain", \#(Self.router)}"#)
        #expect(configuration.models.isEmpty)
        #expect(configuration.prices == nil && configuration.trials == nil)
        #expect(configuration.gate == GateThresholds())
    }

    @Test(arguments: [
        (#""model": {}"#, "$.model", #"unknown key "model"; did you mean "models"?"#),
        (
            #""models": ["finance"]"#, "$.models",
            #"expected an object of agent ids (or "*") to {"cheap", "strong"}, found array of 1"#
        ),
        (#""models": {"finance": "gpt-4o"}"#, "$.models.finance", "expected an object, found"),
        (
            #""models": {"finance": {"cheep": "gpt-4o"}}"#, "$.models.finance.cheep",
            #"unknown key "cheep"; did you mean "cheap"?"#
        ),
        (#""models": {"finance": {}}"#, "$.models.finance", #"expected "cheap", "strong" or both, found neither"#),
        (#""models": {"*": {"strong": 4}}"#, #"$.models["*"].strong"#, "expected a string, found number 4"),
        (#""models": {"finance": {"strong": ""}}"#, "$.models.finance.strong", #"expected a model name, found """#),
        (#""prices": 3"#, "$.prices", "expected a string, found number 3"),
        (#""prices": """#, "$.prices", "expected a price table file"),
        (#""trials": 0"#, "$.trials", "expected a positive number of trials, found 0"),
        (#""trials": 1.5"#, "$.trials", "expected an integer, found number 1.5"),
        (
            #""gate": {"maxAccuracyDrop": 2}"#, "$.gate.maxAccuracyDrop",
            "expected a share of runs between 0 and 1, found 2"
        ),
        (#""gate": {"maxCostIncrease": 5}"#, "$.gate.maxCostIncrease", #"did you mean "maxCostIncreasePct"?"#),
    ])
    func rejectsABadKeyAtItsPath(member: String, path: String, message: String) throws {
        let error = try #require(throws: JSONDecodingError.self) {
            try Self.decode(#"{"name": "bad", \#(Self.router), \#(member)}"#)
        }
        #expect(error.path.description == path)
        #expect(error.message.contains(message), "\(error.message)")
    }

    /// The digests of the built-in configurations as the code before issue 7 computed them (the reports in
    /// Tests/RehearsalReportsTests/Resources carry the first and third): trace ids and goldens depend on them.
    @Test(arguments: [
        ("always-cheap", "2b69fef6df4eeff1"), ("always-strong", "ce053d948858f472"), ("router", "de95704565f3e857"),
    ])
    func keepsTheDigestOfTheBuiltInConfigurations(name: String, digest: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let text = try String(contentsOfFile: root + "/scenarios/configs/\(name).config.json", encoding: .utf8)
        #expect(try Self.decode(text).digest == digest)
    }

    @Test func digestChangesWithTheModelsButNotWithTheGateTrialsOrPrices() throws {
        let plain = try Self.decode(#"{"name": "a", \#(Self.router)}"#)
        let extras = try Self.decode(
            #"{"name": "b", \#(Self.router), "prices": "p.json", "trials": 5, "gate": {"maxP95IncreasePct": 1}}"#)
        let finance = try Self.decode(
            #"{"name": "c", \#(Self.router), "models": {"finance": {"strong": "claude-sonnet-4"}}}"#)
        let support = try Self.decode(
            #"{"name": "d", \#(Self.router), "models": {"support": {"strong": "claude-sonnet-4"}}}"#)
        #expect(extras.digest == plain.digest)
        #expect(finance.digest != plain.digest)
        #expect(finance.digest != support.digest)
    }

    @Test func recordsModelsPricesTrialsAndGateInItsJSON() throws {
        var configuration = try Self.decode(
            #"{"name": "a", \#(Self.router), "models": {"*": {"cheap": "gpt-4o"}}, "prices": "p.json", "trials": 2}"#)
        configuration.pricesFrom = .configuration
        let json = configuration.json
        #expect(json["models"] == ["*": ["cheap": "gpt-4o"]])
        #expect(json["prices"] == "p.json" && json["pricesFrom"] == "config")
        #expect(json["trials"] == 2)
        #expect(json["gate"] == ["maxAccuracyDrop": 0, "maxCostIncreasePct": 10, "maxP95IncreasePct": 10])
        #expect(json["digest"]?.stringValue == configuration.digest)

        let plain = try Self.decode(#"{"name": "a", \#(Self.router)}"#).json
        #expect(
            plain["models"] == [:] && plain["prices"] == nil && plain["pricesFrom"] == nil && plain["trials"] == nil)
    }

    @Test(arguments: [
        ("suite/configs/a.config.json", "../prices.json", "suite/prices.json"),
        ("suite/configs/a.config.json", "cheap.json", "suite/configs/cheap.json"),
        ("a.config.json", "prices.json", "prices.json"),
        ("suite/configs/a.config.json", "/etc/prices.json", "/etc/prices.json"),
    ])
    func resolvesItsPriceTableAgainstItsFilesFolder(file: String, prices: String, resolved: String) throws {
        let configuration = try Self.decode(#"{"name": "a", \#(Self.router), "prices": "\#(prices)"}"#).located(
            at: file)
        #expect(configuration.prices == resolved)
        #expect(configuration.file == file)
    }
}

/// Model overrides per agent and role.
struct ModelOverridesTests {
    static let finance = AgentProfile(
        id: "finance", systemPrompt: "", toolNames: [], models: ModelPair(cheap: "mini", strong: "4o"))
    static let support = AgentProfile(
        id: "support", systemPrompt: "", toolNames: [], models: ModelPair(cheap: "mini", strong: "4o"))

    @Test func aNamedAgentOverridesEveryAgentRoleByRole() {
        let overrides = ModelOverrides(["*": .init(cheap: "haiku", strong: "sonnet"), "finance": .init(strong: "opus")])
        let agents = overrides.applied(to: ["finance": Self.finance, "support": Self.support])
        #expect(agents["finance"]?.models == ModelPair(cheap: "haiku", strong: "opus"))
        #expect(agents["support"]?.models == ModelPair(cheap: "haiku", strong: "sonnet"))
    }

    @Test func aRoleNobodyNamesKeepsTheAgentsOwnModel() {
        let overrides = ModelOverrides(["finance": .init(strong: "opus")])
        #expect(overrides.models(for: Self.finance) == ModelPair(cheap: "mini", strong: "opus"))
        #expect(overrides.models(for: Self.support) == Self.support.models)
    }

    @Test func rejectsAnAgentTheSuiteLacksWithASuggestion() throws {
        let overrides = ModelOverrides(["*": .init(cheap: "x"), "financ": .init(cheap: "x")])
        let error = try #require(throws: JSONDecodingError.self) {
            try overrides.check(agentIDs: ["finance", "support"], at: JSONPath.root.appending("models"))
        }
        #expect(error.path.description == "$.models.financ")
        #expect(error.isAboutKey)
        #expect(
            error.message
                == #"no such agent in the suite: unknown key "financ"; did you mean "finance"? (known keys: *, finance, support)"#
        )
        #expect(throws: Never.self) { try overrides.check(agentIDs: ["financ"], at: .root) }
    }
}

/// The configuration parts of ``SuiteLoader``: checking models against the suite's agents, resolving prices.
struct SuiteLoaderConfigurationTests {
    @Test func rejectsASuiteConfigurationNamingAnAgentTheSuiteLacks() throws {
        let file = "suite/configs/claude.config.json"
        let fileSystem = SampleSuite.fileSystem(replacing: [
            file: """
            {"name": "claude", "router": {"kind": "fixed", "tier": "strong"},
             "models": {"suport": {"strong": "claude-sonnet-4"}}}
            """
        ])
        let error = try #require(throws: SuiteLoadError.self) {
            try SuiteLoader(fileSystem: fileSystem).load(paths: ["suite"])
        }
        let problem = try #require(error.errors.first)
        #expect(error.errors.count == 1)
        #expect(problem.file == file && problem.line == 2 && problem.column == 13)
        #expect(
            problem.description.contains(
                #"$.models.suport: no such agent in the suite: unknown key "suport"; did you mean "support"?"#))
    }

    @Test func checksAConfigurationFileAgainstTheSuiteItWillRun() throws {
        let fileSystem = SampleSuite.fileSystem(replacing: [
            "elsewhere/mine.config.json":
                #"{"name": "mine", "router": {"kind": "fixed", "tier": "cheap"}, "models": {"billing": {"cheap": "strong"}}}"#
        ])
        let loader = SuiteLoader(fileSystem: fileSystem)
        let suite = try loader.load(paths: ["suite"])
        #expect(throws: Never.self) { try loader.loadConfiguration(at: "elsewhere/mine.config.json") }
        let error = try #require(throws: InputError.self) {
            try loader.loadConfiguration(at: "elsewhere/mine.config.json", for: suite)
        }
        #expect(error.file == "elsewhere/mine.config.json" && error.line == 1)
        #expect(error.path?.description == "$.models.billing")
        #expect(error.message.contains("known keys: *, support"))
    }

    @Test func resolvesPriceTablesAgainstTheConfigurationAndTheSuite() throws {
        let fileSystem = SampleSuite.fileSystem(replacing: [
            "suite/configs/strong.config.json":
                #"{"name": "strong", "router": {"kind": "fixed", "tier": "strong"}, "prices": "../other-prices.json"}"#,
            "elsewhere/mine.config.json":
                #"{"name": "mine", "router": {"kind": "fixed", "tier": "cheap"}, "prices": "mine.json"}"#,
        ])
        let loader = SuiteLoader(fileSystem: fileSystem)
        let suite = try loader.load(paths: ["suite"])
        #expect(suite.defaultConfiguration.prices == "suite/other-prices.json")
        #expect(
            try loader.loadConfiguration(at: "elsewhere/mine.config.json", for: suite).prices == "elsewhere/mine.json")
        #expect(try loader.pricesFile(of: suite) == "suite/prices.json")
    }
}
