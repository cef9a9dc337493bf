import RehearsalCore
import RehearsalTesting
import Testing

struct RouterTests {
    let task = RoutingTask(agentID: "procurement", input: "How much budget is left?", toolNames: ["a", "b"], models: ModelPair(cheap: "cheap", strong: "strong"))

    @Test func fixedRouterPicksTheTierOrModel() async throws {
        let client = ScriptedModelClient([])
        #expect(try await Router(.fixed(.tier(.cheap))).decide(task, using: client).model == "cheap")
        #expect(try await Router(.fixed(.model("strong"))).decide(task, using: client).tier == .strong)
        #expect(client.requests.isEmpty)
    }

    @Test func rulesRouterExplainsWhichRuleFired() async throws {
        let rules = RoutingRules(inputLongerThan: 100, keywords: ["Budget"], toolsAtLeast: 5)
        let decision = try await Router(.rules(rules, models: nil)).decide(task, using: ScriptedModelClient([]))
        #expect(decision.tier == .strong)
        #expect(decision.reason == "rule keywords: request mentions \"Budget\"")
    }

    @Test func rulesRouterSendsSimpleTasksToTheCheapModel() async throws {
        let rules = RoutingRules(inputLongerThan: 100, keywords: ["refund"], toolsAtLeast: 5)
        let decision = try await Router(.rules(rules, models: nil)).decide(task, using: ScriptedModelClient([]))
        #expect(decision.model == "cheap")
        #expect(decision.reason.hasPrefix("no rule fired"))
    }

    @Test func classifierScoreAtOrAboveThresholdGoesStrong() async throws {
        let client = ScriptedModelClient([.answering("0.5", latencyMs: 80)])
        let decision = try await Router(.classifier(ClassifierSettings(threshold: 0.5), models: nil)).decide(task, using: client)
        #expect(decision.tier == .strong)
        #expect(decision.score == 0.5)
        #expect(decision.classifierCall?.response.latencyMs == 80)
        #expect(client.requests.first?.purpose == .routing)
        #expect(client.requests.first?.model == "cheap")
    }

    @Test func classifierWithoutAScoreFallsBackToTheStrongModel() async throws {
        let client = ScriptedModelClient([.answering("I cannot tell.")])
        let decision = try await Router(.classifier(ClassifierSettings(), models: nil)).decide(task, using: client)
        #expect(decision.tier == .strong)
        #expect(decision.score == nil)
    }

    @Test(arguments: [("0.82", 0.82), ("Score: 0.3.", 0.3), ("7", 1.0), ("simple", 0.0), ("COMPLEX task", 1.0), ("", nil)] as [(String, Double?)])
    func readsClassifierScores(answer: String, score: Double?) {
        #expect(ClassifierSettings.score(from: answer) == score)
    }

    @Test func readsRouterFilesAndRejectsUnknownKinds() throws {
        let rules = try JSONFile.decode(RouterConfiguration.self, from: #"{"kind": "rules", "strongIf": {"keywords": ["x"]}}"#, file: "r.json")
        #expect(rules == .rules(RoutingRules(keywords: ["x"]), models: nil))
        #expect {
            try JSONFile.decode(RouterConfiguration.self, from: #"{"kind": "rules", "strongIf": {"keywords": ["ok", "!!"]}}"#, file: "r.json")
        } throws: { error in
            (error as? InputError)?.path?.description == "$.strongIf.keywords[1]"
        }
        #expect {
            try JSONFile.decode(RouterConfiguration.self, from: #"{"kind": "magic"}"#, file: "r.json")
        } throws: { error in
            (error as? InputError)?.description.contains("expected \"fixed\", \"rules\" or \"classifier\"") == true
        }
    }
}

struct RoutingRulesTests {
    @Test(arguments: [
        ("Please raise a purchase order now", true),
        ("purchase, order!", true),
        ("I want to purchase orders", false),
        ("repurchase order", false),
    ])
    func matchesKeywordPhrasesOnWholeWords(input: String, strong: Bool) {
        let task = RoutingTask(agentID: "a", input: input, toolNames: [], models: ModelPair(cheap: "c", strong: "s"))
        #expect((RoutingRules(keywords: ["Purchase Order"]).strongReason(for: task) != nil) == strong)
    }
}
