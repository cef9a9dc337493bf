import RehearsalCore
import RehearsalScenarios
import Testing

/// A small valid suite, as files.
enum SampleSuite {
    static let files: [String: String] = [
        "suite/suite.json": #"{"name": "sample", "fixtures": "../fx", "prices": "prices.json", "defaultConfig": "configs/strong.config.json"}"#,
        "suite/prices.json": #"{"source": "test", "date": "2026-01-01", "models": {"cheap": {"input": 1, "output": 2}, "strong": {"input": 10, "output": 40}}}"#,
        "suite/configs/strong.config.json": #"{"name": "strong", "router": {"kind": "fixed", "tier": "strong"}}"#,
        "suite/agents/support.agent.json": #"{"id": "support", "systemPrompt": "Help.", "tools": ["lookup_order", "refund"], "models": {"cheap": "cheap", "strong": "strong"}}"#,
        "suite/tools/lookup_order.tool.json": #"{"type": "function", "function": {"name": "lookup_order", "description": "Find an order.", "parameters": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}}, "x-rehearsal": {"scopes": ["orders:read"], "sideEffect": "read"}}"#,
        "suite/tools/refund.tool.json": #"[{"name": "refund", "description": "Refund an order.", "parameters": {"type": "object", "properties": {"id": {"type": "string"}}}, "x-rehearsal": {"scopes": ["refunds:write"], "sideEffect": "write", "requiresApproval": true}}]"#,
        "suite/returns/late.scenario.json": """
            {
              "id": "returns.late",
              "agent": "support",
              "principal": {"userId": "u1", "scopes": ["orders:read", "refunds:write"]},
              "input": "Where is order 7?",
              "approvals": [{"tool": "refund", "decision": "approve"}],
              "expect": {"toolCalls": [{"name": "lookup_order", "arguments": {"id": "7"}}], "finalAnswer": {"contains": ["shipped"]}}
            }
            """,
    ]

    static func fileSystem(replacing overrides: [String: String] = [:], removing: [String] = []) -> MemoryFileSystem {
        var files = files.merging(overrides) { $1 }
        for path in removing { files[path] = nil }
        return MemoryFileSystem(files)
    }
}

struct SuiteLoaderTests {
    @Test func loadsASuiteAndResolvesItsReferences() throws {
        let suite = try SuiteLoader(fileSystem: SampleSuite.fileSystem()).load(paths: ["suite"])
        #expect(suite.name == "sample")
        #expect(suite.scenarios.map(\.id) == ["returns.late"])
        #expect(suite.scenarios.first?.family == "returns", "the family defaults to the id's first part")
        #expect(suite.tools.names.sorted() == ["lookup_order", "refund"])
        #expect(suite.tools.tool(named: "refund")?.requiresApproval == true)
        #expect(suite.defaultConfiguration.name == "strong")
        #expect(suite.fixturesRoot == "fx")
        #expect(suite.fixtureFolder(for: suite.scenarios[0]) == "fx/returns.late")
        #expect(try suite.registry(for: suite.agents["support"]!).names == ["lookup_order", "refund"])
    }

    @Test func loadsPolicyDocumentsAndTheirIndex() throws {
        let suite = try SuiteLoader(fileSystem: SampleSuite.fileSystem(replacing: ["suite/policies/returns/policy.md": "# Returns\n\nKeep the receipt."])).load(paths: ["suite"])
        #expect(suite.policies.map(\.name) == ["returns/policy.md"])
        #expect(suite.policyIndex.search("receipt", limit: 1).first?.passage.section == "Returns")
    }

    @Test func rejectsAHandoffToAnUnknownAgentAndAnUnknownPolicyDocument() {
        let fileSystem = SampleSuite.fileSystem(replacing: [
            "suite/tools/ask.tool.json": #"{"name": "ask_finance", "parameters": {"type": "object"}, "x-rehearsal": {"handoff": "finance"}}"#,
            "suite/agents/support.agent.json": #"{"id": "support", "systemPrompt": "Help.", "tools": ["lookup_order", "refund", "ask_finance"], "models": {"cheap": "cheap", "strong": "strong"}}"#,
            "suite/returns/r.scenario.json": #"{"id": "returns.r", "agent": "support", "principal": {"userId": "u"}, "input": "x", "expect": {"retrieval": [{"document": "nope.md", "contains": "x"}]}}"#,
        ])
        do {
            _ = try SuiteLoader(fileSystem: fileSystem).load(paths: ["suite"])
            Issue.record("loaded")
        } catch {
            let messages = error.errors.map(\.message)
            #expect(messages.contains { $0.hasPrefix("tool \"ask_finance\" hands off to agent \"finance\", which the suite does not define") })
            #expect(messages.contains { $0.hasPrefix("no policy document \"nope.md\"") })
        }
    }

    @Test func letsExpectationsNameTheToolsOfSpecialistsReachedByHandoff() throws {
        let fileSystem = SampleSuite.fileSystem(replacing: [
            "suite/tools/ask.tool.json": #"{"name": "ask_support", "parameters": {"type": "object"}, "x-rehearsal": {"handoff": "support"}}"#,
            "suite/agents/front.agent.json": #"{"id": "front", "systemPrompt": "Route.", "tools": ["ask_support"], "models": {"cheap": "cheap", "strong": "strong"}}"#,
            "suite/returns/h.scenario.json": #"{"id": "returns.h", "agent": "front", "principal": {"userId": "u"}, "input": "x", "expect": {"toolCalls": [{"name": "ask_support"}, {"name": "lookup_order"}]}}"#,
        ])
        #expect(throws: Never.self) { try SuiteLoader(fileSystem: fileSystem).load(paths: ["suite"]) }
    }

    @Test func findsTheSuiteRootFromAScenarioFile() throws {
        let suite = try SuiteLoader(fileSystem: SampleSuite.fileSystem()).load(paths: ["suite/returns/late.scenario.json"])
        #expect(suite.root == "suite")
        #expect(suite.agents.keys.sorted() == ["support"])
    }

    @Test func reportsEveryProblemWithItsFileLineAndColumn() {
        let fileSystem = SampleSuite.fileSystem(replacing: [
            "suite/returns/late.scenario.json": """
                {
                  "id": "returns.late",
                  "agent": "suport",
                  "principal": {"userId": "u1"},
                  "input": "x"
                }
                """,
            "suite/agents/support.agent.json": #"{"id": "support", "systemPrompt": "Help.", "tools": ["lookup_order", "refnd"], "models": {"cheap": "cheap", "strong": "strong"}}"#,
            "suite/returns/typo.scenario.json": #"{"id": "returns.typo", "agent": "support", "principal": {"userId": "u"}, "input": "x", "expcet": {}}"#,
        ])
        do {
            _ = try SuiteLoader(fileSystem: fileSystem).load(paths: ["suite"])
            Issue.record("an invalid suite loaded")
        } catch {
            let messages = error.errors.map(\.description)
            #expect(messages.contains(#"suite/agents/support.agent.json:1:70: $.tools[1]: unknown tool "refnd"; the suite defines lookup_order, refund"#))
            #expect(messages.contains(#"suite/returns/late.scenario.json:3:12: $.agent: unknown agent "suport"; the suite defines support"#))
            #expect(messages.contains { $0.hasPrefix("suite/returns/typo.scenario.json:1:88: $.expcet: unknown key \"expcet\"; did you mean \"expect\"?") })
        }
    }

    @Test func rejectsTwoScenariosWithOneID() {
        let fileSystem = SampleSuite.fileSystem(replacing: ["suite/returns/copy.scenario.json": SampleSuite.files["suite/returns/late.scenario.json"]!])
        #expect {
            try SuiteLoader(fileSystem: fileSystem).load(paths: ["suite"])
        } throws: { error in
            (error as? SuiteLoadError)?.errors.contains { $0.message.contains("scenario id \"returns.late\" is already used by") } == true
        }
    }

    @Test func rejectsAnExpectedCallToAToolTheAgentLacks() {
        let scenario = #"{"id": "returns.bad", "agent": "support", "principal": {"userId": "u"}, "input": "x", "expect": {"toolCalls": [{"name": "cancel_order"}]}}"#
        #expect {
            try SuiteLoader(fileSystem: SampleSuite.fileSystem(replacing: ["suite/returns/bad.scenario.json": scenario])).load(paths: ["suite"])
        } throws: { error in
            (error as? SuiteLoadError)?.errors.contains { $0.path?.description == "$.expect.toolCalls[0].name" } == true
        }
    }

    @Test func rejectsANeverCallToAToolNoAgentHas() {
        let scenario = #"{"id": "returns.x", "agent": "support", "principal": {"userId": "u"}, "input": "x", "expect": {"neverCall": ["aprove_payment"]}}"#
        #expect {
            try SuiteLoader(fileSystem: SampleSuite.fileSystem(replacing: ["suite/returns/x.scenario.json": scenario])).load(paths: ["suite"])
        } throws: { error in
            (error as? SuiteLoadError)?.errors.contains { $0.path?.description == "$.expect.neverCall[0]" && $0.message.contains("could never fail") } == true
        }
    }

    @Test(arguments: [
        (#"{"id": "ok", "agent": "a", "principal": {"userId": "u"}, "input": "x", "approvals": [{"decision": "approve", "reason": "why"}]}"#, "$.approvals[0].reason"),
        (#"{"id": "ok", "agent": "a", "principal": {"userId": "u"}, "input": "x", "expect": {"finalAnswer": {"matches": ["(unclosed"]}}}"#, "$.expect.finalAnswer.matches[0]"),
        (#"{"id": "Bad ID", "agent": "a", "principal": {"userId": "u"}, "input": "x"}"#, "$.id"),
        (#"{"id": "ok", "agent": "a", "principal": {"userId": "u"}, "input": "x", "fixtures": "../../etc"}"#, "$.fixtures"),
        (#"{"id": "ok", "agent": "a", "principal": {"userId": "u"}, "input": "x", "expect": {"trajectory": "loose"}}"#, "$.expect.trajectory"),
        (#"{"id": "ok", "agent": "a", "principal": {"userId": "u"}, "input": "x", "approvals": [{"decision": "maybe"}]}"#, "$.approvals[0].decision"),
        (#"{"id": "ok", "agent": "a", "principal": {"userId": "u"}, "input": "x", "limits": {"maxSteps": 0}}"#, "$.limits.maxSteps"),
    ])
    func rejectsMalformedScenarioFields(text: String, path: String) {
        #expect {
            try JSONFile.decode(Scenario.self, from: text, file: "s.json")
        } throws: { error in
            (error as? InputError)?.path?.description == path
        }
    }

    @Test func saysWhenAPathDoesNotExist() {
        #expect {
            try SuiteLoader(fileSystem: SampleSuite.fileSystem()).load(paths: ["nowhere"])
        } throws: { error in
            (error as? SuiteLoadError)?.description == "error: nowhere: no such file or folder"
        }
    }

    @Test func refusesAFileThatIsNotAScenario() {
        #expect {
            try SuiteLoader(fileSystem: SampleSuite.fileSystem()).load(paths: ["suite/prices.json"])
        } throws: { error in
            (error as? SuiteLoadError)?.errors.first?.message == "expected a *.scenario.json file or a folder of them"
        }
    }

    @Test func refusesAScenarioOutsideAnySuiteInsteadOfSweepingItsFolder() {
        let fileSystem = SampleSuite.fileSystem(removing: ["suite/suite.json"])
        #expect {
            try SuiteLoader(fileSystem: fileSystem).load(paths: ["suite/returns/late.scenario.json"])
        } throws: { error in
            let message = (error as? SuiteLoadError)?.errors.first?.message ?? ""
            return message.hasPrefix("no suite.json in this folder or any above it")
        }
    }

    @Test func normalizesPaths() {
        #expect(Path.normalize("scenarios/../fixtures/./x") == "fixtures/x")
        #expect(Path.normalize("../a") == "../a")
        #expect(Path.parent(of: "a/b.json") == "a")
        #expect(Path.parent(of: "b.json") == ".")
        #expect(Path.join("a/", "b") == "a/b")
    }
}
