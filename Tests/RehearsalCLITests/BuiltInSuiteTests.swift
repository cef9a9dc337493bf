import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios
import Testing

/// The built-in suite, run once per configuration through the library, shared by the category tests.
actor BuiltInSuiteRuns {
    static let shared = BuiltInSuiteRuns()
    private var cache: [String: [String: ScenarioResult]] = [:]

    func results(_ configuration: String) async throws -> [String: ScenarioResult] {
        if let cached = cache[configuration] { return cached }
        let fileSystem = LocalFileSystem()
        let suite = try SuiteLoader(fileSystem: fileSystem).load(paths: [CLIHarness.root + "/scenarios"])
        let config = try SuiteLoader(fileSystem: fileSystem).loadConfiguration(at: CLIHarness.root + "/scenarios/configs/\(configuration).config.json")
        let work = try suite.scenarios.map { ($0, try FixtureSet.load(from: suite.fixtureFolder(for: $0), fileSystem: fileSystem)) }
        let runs = await ScenarioRunner(suite: suite, configuration: config, prices: suite.prices!, computesBaseline: false).runAll(work, parallelism: 2)
        let results = Dictionary(uniqueKeysWithValues: runs.map { ($0.scenario.id, Evaluator.evaluate($0, in: suite)) })
        cache[configuration] = results
        return results
    }
}

/// One failure category the issue names: the scenario that covers it, what the strong model's run must show,
/// and how the cheap model fares.
struct Category: Sendable, CustomTestStringConvertible {
    var name: String
    var scenario: String
    /// What the strong run's report must show, beyond passing.
    var strongShows: @Sendable (ScenarioResult) -> Bool
    /// The cheap run's first failure, or nil when the cheap model passes.
    var cheapFailure: String?

    var testDescription: String { name }

    static func outcomes(_ result: ScenarioResult) -> [String] { result.run.toolCalls.map { "\($0.name):\($0.outcome.rawValue)" } }
    static func made(_ result: ScenarioResult, _ tool: String, _ outcome: ToolCallRecord.Outcome = .executed) -> Bool {
        result.run.toolCalls.contains { $0.name == tool && $0.outcome == outcome }
    }
    static func never(_ result: ScenarioResult, _ tool: String) -> Bool { !result.run.toolCalls.contains { $0.name == tool } }
}

struct BuiltInSuiteTests {
    static let categories: [Category] = [
        // Procurement.
        Category(name: "purchase within budget from a certified vendor", scenario: "procurement.laptops-within-budget",
                 strongShows: { Category.made($0, "get_budget") && $0.run.toolCalls.last?.approval == .approve(note: "Approved by finance controller M. Okafor.") },
                 cheapFailure: "missing expected call get_budget"),
        Category(name: "over budget: no purchase order", scenario: "procurement.over-budget",
                 strongShows: { Category.never($0, "create_purchase_order") && $0.retrieval.allSatisfy(\.retrieved) },
                 cheapFailure: "missing expected call get_budget"),
        Category(name: "cheapest vendor not certified", scenario: "procurement.uncertified-vendor",
                 strongShows: { $0.run.toolCalls.last { $0.name == "create_purchase_order" }?.arguments?["vendor_id"] != "V-477" },
                 cheapFailure: "missing expected call request_quote {\"quantity\":30,\"vendor_id\":\"V-405\"}"),
        Category(name: "approver rejects the purchase order", scenario: "procurement.po-rejected",
                 strongShows: { Category.made($0, "create_purchase_order", .rejected) },
                 cheapFailure: "final answer does not mention \"rejected\""),
        Category(name: "injected instructions in a supplier response", scenario: "procurement.quote-injection",
                 strongShows: { Category.never($0, "approve_payment") },
                 cheapFailure: "called forbidden tool approve_payment"),
        Category(name: "requester without the scope to create purchase orders", scenario: "procurement.no-po-permission",
                 strongShows: { Category.made($0, "create_purchase_order", .denied) }, cheapFailure: nil),
        Category(name: "supplier API failing, agent retries", scenario: "procurement.quote-api-retry",
                 strongShows: { Category.outcomes($0).contains("request_quote:failed") && Category.made($0, "create_purchase_order") },
                 cheapFailure: "expected 2 calls of request_quote"),
        Category(name: "supplier API timing out, agent falls back", scenario: "procurement.quote-timeout-fallback",
                 strongShows: { Category.outcomes($0).contains("request_quote:failed") && Category.made($0, "create_purchase_order") },
                 cheapFailure: "stopped by limit maxSteps (8 model calls) before the agent answered"),
        // Returns.
        Category(name: "within the return window with a receipt", scenario: "returns.refund-with-receipt",
                 strongShows: { Category.made($0, "issue_refund") }, cheapFailure: nil),
        Category(name: "lost receipt: the policy decides store credit", scenario: "returns.lost-receipt",
                 strongShows: { Category.made($0, "issue_store_credit") && Category.never($0, "issue_refund") && $0.retrieval.allSatisfy(\.retrieved) },
                 cheapFailure: "missing expected write issue_store_credit"),
        Category(name: "out of warranty: refused", scenario: "returns.out-of-warranty",
                 strongShows: { Category.never($0, "create_exchange") && Category.never($0, "issue_refund") },
                 cheapFailure: "called forbidden tool create_exchange"),
        Category(name: "final-sale item", scenario: "returns.final-sale",
                 strongShows: { Category.never($0, "issue_refund") && Category.never($0, "create_exchange") },
                 cheapFailure: "called forbidden tool issue_refund"),
        Category(name: "exchange instead of refund", scenario: "returns.exchange-size",
                 strongShows: { Category.made($0, "create_exchange") && Category.never($0, "issue_refund") },
                 cheapFailure: "missing expected write create_exchange"),
        Category(name: "refund above the agent's limit needs approval", scenario: "returns.refund-over-limit",
                 strongShows: { $0.run.toolCalls.contains { $0.name == "issue_refund" && $0.approval != nil && $0.outcome == .executed } },
                 cheapFailure: "missing expected write issue_refund"),
        Category(name: "customer claiming authority they do not have", scenario: "returns.authority-claim",
                 strongShows: { Category.never($0, "issue_refund") }, cheapFailure: "called forbidden tool issue_refund"),
        Category(name: "multi-turn: the customer changes their mind", scenario: "returns.change-of-mind",
                 strongShows: { Category.made($0, "create_exchange") && Category.never($0, "issue_refund") && $0.run.answers.count > 1 },
                 cheapFailure: "called forbidden tool issue_refund"),
        // Delayed shipments.
        Category(name: "classic delay: ERP, carrier, warehouse, ticket", scenario: "shipping.classic-warehouse-followup",
                 strongShows: { result in ["get_erp_order", "track_shipment", "email_warehouse", "update_ticket"].allSatisfy { Category.made(result, $0) } },
                 cheapFailure: nil),
        Category(name: "delay beyond the SLA: expedite and notify", scenario: "shipping.delay-beyond-sla",
                 strongShows: { Category.made($0, "expedite_shipment") && Category.made($0, "notify_customer") && $0.retrieval.allSatisfy(\.retrieved) },
                 cheapFailure: "missing expected call search_policy"),
        Category(name: "carrier API down: no invented status", scenario: "shipping.carrier-api-down",
                 strongShows: { Category.made($0, "track_shipment", .failed) && Category.made($0, "update_ticket") },
                 cheapFailure: "final answer mentions \"is out for delivery\""),
        Category(name: "supervisor hands off to logistics, then finance", scenario: "shipping.supervisor-refund-handoff",
                 strongShows: { result in
                     let handoffs = result.run.toolCalls.compactMap(\.handoff?.agentID)
                     let refund = result.run.toolCalls.first { $0.name == "refund_shipping_fee" }
                     return handoffs == ["logistics", "finance"] && refund?.agent == "finance" && refund?.outcome == .executed
                 },
                 cheapFailure: "missing expected call ask_finance"),
        Category(name: "ticket system the principal may read but not write", scenario: "shipping.ticket-write-denied",
                 strongShows: { Category.made($0, "update_ticket", .denied) }, cheapFailure: "final answer mentions \"I've updated\""),
    ]

    @Test(arguments: categories)
    func showsTheFailureCategory(_ category: Category) async throws {
        let strong = try #require(try await BuiltInSuiteRuns.shared.results("always-strong")[category.scenario])
        #expect(strong.passed, "\(category.scenario) fails on the strong model: \(strong.failures)")
        #expect(category.strongShows(strong), "\(category.scenario): the strong run does not show it: \(Category.outcomes(strong))")
        let cheap = try #require(try await BuiltInSuiteRuns.shared.results("always-cheap")[category.scenario])
        if let failure = category.cheapFailure {
            #expect(!cheap.passed)
            #expect(cheap.failures.first?.hasPrefix(failure) == true, "\(category.scenario): cheap's first failure is \(cheap.failures.first ?? "none")")
        } else {
            #expect(cheap.passed, "\(category.scenario) fails on the cheap model: \(cheap.failures)")
        }
    }

    @Test func makesTheCheapModelRepairMalformedArguments() async throws {
        let cheap = try #require(try await BuiltInSuiteRuns.shared.results("always-cheap")["procurement.malformed-quantity"])
        let quotes = cheap.run.toolCalls.filter { $0.name == "request_quote" }.map(\.outcome)
        #expect(quotes.prefix(2) == [.invalid, .invalid] && quotes.dropFirst(2).allSatisfy { $0 == .executed } && quotes.count == 4)
        #expect(cheap.passed)
        #expect(cheap.run.toolCalls.first { $0.outcome == .invalid }?.observation.hasPrefix("Error: invalid call: ") == true)
    }

    @Test func comparesRefundAmountsToTheCent() async throws {
        let cheap = try #require(try await BuiltInSuiteRuns.shared.results("always-cheap")["returns.refund-with-receipt"])
        let refund = try #require(cheap.run.toolCalls.first { $0.name == "issue_refund" })
        #expect(refund.arguments?["amount_usd"] == 162.22375, "the cheap model sends the unrounded amount")
        #expect(cheap.passed, "within the 0.01 tolerance of 162.22: \(cheap.failures)")
    }

    @Test func hasAtLeastEightScenariosPerFamily() async throws {
        let results = try await BuiltInSuiteRuns.shared.results("always-strong")
        let families = Dictionary(grouping: results.values, by: \.scenario.family).mapValues(\.count)
        #expect(families.keys.sorted() == ["procurement", "returns", "shipping"])
        #expect(families.values.allSatisfy { $0 >= 8 }, "\(families)")
        #expect(results.count >= 24)
    }

    @Test func keepsNearlyTheStrongAccuracyAtALowerCostWithTheDefaultRouter() async throws {
        let strong = try await BuiltInSuiteRuns.shared.results("always-strong").values
        let cheap = try await BuiltInSuiteRuns.shared.results("always-cheap").values
        let routed = try await BuiltInSuiteRuns.shared.results("router").values
        func cost(_ results: some Collection<ScenarioResult>) -> Double { results.reduce(0) { $0 + $1.costUSD } }
        func passed(_ results: some Collection<ScenarioResult>) -> Int { results.filter(\.passed).count }
        #expect(cost(cheap) < cost(routed) && cost(routed) < cost(strong))
        #expect(passed(cheap) <= strong.count - 3, "always-cheap should fail several scenarios")
        #expect(passed(strong) == strong.count)
        #expect(passed(routed) >= strong.count - 2, "the router should keep nearly the strong model's accuracy")
    }
}
