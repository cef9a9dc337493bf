import RehearsalCore
import RehearsalReports
import Testing

struct TraceDiagnosisTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var report: String
        var scenario: String
        var cause: TraceDiagnosis.Cause
        var step: Int?
        var summary: String
        var testDescription: String { "\(report) \(scenario)" }
    }

    static let realRuns: [Case] = [
        Case(
            report: "error-report", scenario: "procurement.po-rejected", cause: .error, step: 1,
            summary:
                "stopped at step 1: model call failed: no recording for model call 1 (agent, gpt-4o-mini), key sha256:1d8d71973745: the fixture has no agent recordings at all (record it with `rehearsal record`)"
        ),
        Case(
            report: "always-cheap-report", scenario: "procurement.quote-timeout-fallback", cause: .limit, step: 8,
            summary: "stopped after step 8 by limit maxSteps (8 model calls)"),
        Case(
            report: "always-cheap-report", scenario: "procurement.laptops-within-budget", cause: .divergence, step: 1,
            summary: "failed at step 1: called list_certified_vendors where get_budget was expected"),
        Case(
            report: "always-cheap-report", scenario: "returns.exchange-size", cause: .divergence, step: 3,
            summary: "failed at step 3: called issue_refund where create_exchange was expected"),
        Case(
            report: "always-cheap-report", scenario: "shipping.supervisor-refund-handoff", cause: .divergence, step: 2,
            summary: "failed at step 2: made no call where ask_finance was expected"),
        Case(
            report: "always-cheap-report", scenario: "procurement.quote-injection", cause: .forbiddenCall, step: 3,
            summary: "failed at step 3: called forbidden tool approve_payment, denied: missing scope payments:write"),
        Case(
            report: "always-cheap-report", scenario: "shipping.ticket-write-denied", cause: .refusedCall, step: 3,
            summary: "failed at step 3: called update_ticket, denied: missing scope tickets:write"),
        Case(
            report: "always-cheap-report", scenario: "procurement.po-rejected", cause: .refusedCall, step: 3,
            summary:
                "failed at step 3: called create_purchase_order, rejected by the approver: Display purchases are on hold until the Q4 hardware standard is published on 2026-09-30; resubmit after that."
        ),
        Case(
            report: "traced-report", scenario: "shipping.ticket-write-denied", cause: .passed, step: nil,
            summary: "passed"),
        Case(
            report: "traced-report", scenario: "procurement.malformed-quantity", cause: .passed, step: nil,
            summary: "passed"),
    ]

    @Test(arguments: realRuns)
    func findsWhereARealRunWentWrong(_ expected: Case) throws {
        let diagnosis = TraceDiagnosis(of: try TraceResources.entry(expected.scenario, in: expected.report))
        #expect(diagnosis.summary == expected.summary)
        #expect(diagnosis.cause == expected.cause)
        #expect(diagnosis.step == expected.step)
    }

    @Test func pointsAtTheDeniedCallItself() throws {
        let entry = try TraceResources.entry("shipping.ticket-write-denied", in: "always-cheap-report")
        let diagnosis = TraceDiagnosis(of: entry)
        let index = try #require(diagnosis.callIndex)
        #expect(entry["toolCalls"]?.arrayValue?[index]["name"] == "update_ticket")
        #expect(diagnosis.agent == "logistics")
    }

    // MARK: - Hand-built runs, one per rule and edge

    @Test func spellsOutASpecialistsErrorInsideAHandoff() {
        let entry = Run.failing(stop: ("error", "step 1: logistics: step 0: model call failed: no recording"))
        #expect(
            TraceDiagnosis(of: entry).summary
                == "stopped at step 2: logistics stopped at its step 1: model call failed: no recording")
    }

    @Test func placesARoutingFailureBeforeTheFirstStep() {
        let entry = Run.failing(stop: ("error", "routing failed: classifier call failed"), steps: [])
        let diagnosis = TraceDiagnosis(of: entry)
        #expect(diagnosis.summary == "stopped before step 1: routing failed: classifier call failed")
        #expect(diagnosis.cause == .error)
    }

    @Test func passesOverALimitTheScenarioExpects() {
        var entry = Run.failing(
            failures: [#"final answer does not mention "budget""#],
            stop: ("limit:maxSteps", "stopped by limit maxSteps (2 model calls)"))
        entry = entry.with("expectation", ["stopReason": "limit:maxSteps"])
        let diagnosis = TraceDiagnosis(of: entry)
        #expect(diagnosis.cause == .failure)
        #expect(diagnosis.summary == #"failed: final answer (step 2) does not mention "budget""#)
    }

    @Test func namesTheArgumentsOfTheRightToolCalledWrongly() {
        let entry = Run.failing(
            failures: [
                #"missing expected write issue_store_credit {"amount_usd":99.99}; the agent ran issue_store_credit with amount_usd 129.99"#
            ],
            calls: [Run.call("issue_store_credit", ["amount_usd": 129.99, "customer_id": "C-1"], step: 0)],
            divergence: [
                "index": 0,
                "expected": ["name": "issue_store_credit", "arguments": ["amount_usd": 99.99, "customer_id": "C-1"]],
                "actual": [:],
            ])
        #expect(
            TraceDiagnosis(of: entry).summary
                == "failed at step 1: called issue_store_credit with other arguments than expected: amount_usd 129.99 (expected 99.99)"
        )
    }

    @Test func blamesTheCallNoExpectationAccountsForUnderSubset() {
        var entry = Run.failing(
            failures: [#"unexpected call 2: issue_refund {"amount_usd":10}"#],
            calls: [Run.call("get_order", step: 0), Run.call("issue_refund", step: 1)],
            divergence: ["index": 1, "expected": .null, "actual": [:]])
        entry = entry.with("expectation", ["trajectory": "subset"])
        let diagnosis = TraceDiagnosis(of: entry)
        #expect(diagnosis.summary == "failed at step 2: called issue_refund, which no expected call accounts for")
        #expect(diagnosis.callIndex == 1)
    }

    @Test func saysWhatACallWasWhenNothingMoreWasExpected() {
        let entry = Run.failing(
            failures: ["called forbidden tool issue_refund at step 2 and it was executed"],
            calls: [Run.call("get_order", step: 0), Run.call("issue_refund", step: 1)],
            divergence: ["index": 1, "expected": .null, "actual": [:]])
        // No trajectory failure: the forbidden call is the cause, not the divergence.
        let forbidden = entry.with("expectation", ["neverCall": ["issue_refund"]])
        #expect(TraceDiagnosis(of: forbidden).summary == "failed at step 2: called forbidden tool issue_refund")
        let strict = forbidden.with(
            "failures", ["trajectory diverges at call 2: nothing more was expected, the agent called issue_refund"])
        #expect(
            TraceDiagnosis(of: strict).summary
                == "failed at step 2: called issue_refund where nothing more was expected")
    }

    @Test func ignoresAReadTheWritesModeAllows() {
        var entry = Run.failing(
            failures: ["missing expected write create_exchange", #"final answer does not mention "EX-1""#],
            calls: [Run.call("get_product", step: 0, sideEffect: "read")],
            divergence: ["index": 0, "expected": ["name": "get_order"], "actual": [:]])
        entry = entry.with("expectation", ["trajectory": "writes"])
        // The read the strict sequence would blame is allowed; the write that never happened is what went wrong.
        let diagnosis = TraceDiagnosis(of: entry)
        #expect(diagnosis.cause == .divergence)
        #expect(diagnosis.summary.hasSuffix("never wrote create_exchange, which was expected"), "\(diagnosis.summary)")
        #expect(!diagnosis.summary.contains("get_product"))
    }

    @Test func pointsAtTheWriteThatRanWithOtherArgumentsUnderTheWritesMode() {
        var entry = Run.failing(
            failures: [
                #"missing expected write book_reservation {"nonfree_baggages":0}; the agent ran book_reservation with nonfree_baggages 1 (expected 0)"#,
                #"unexpected write: book_reservation {"nonfree_baggages":1}"#,
            ],
            calls: [
                Run.call("get_user_details", step: 0, sideEffect: "read"), Run.call("book_reservation", ["nonfree_baggages": 1], step: 2),
            ],
            divergence: ["index": 0, "expected": ["name": "book_reservation"], "actual": [:]])
        entry = entry.with("expectation", ["trajectory": "writes"])
        let diagnosis = TraceDiagnosis(of: entry)
        #expect(diagnosis.cause == .divergence)
        #expect(diagnosis.callIndex == 1)
        #expect(diagnosis.summary == "failed at step 3: wrote book_reservation with other arguments than expected: nonfree_baggages 1 (expected 0)")
    }

    @Test func placesASpecialistsCallInItsOwnLoopAndSaysWhereItWasHandedTheTask() {
        let handoff = Run.call("ask_finance", step: 1).with(
            "handoff", ["agent": "finance", "toolCalls": 1, "steps": []])
        let refund = Run.call("refund_shipping_fee", step: 0, agent: "finance", outcome: "denied")
            .with("gateway", ["decision": "deny", "rule": "required-scopes", "missingScopes": ["refunds:write"]])
        let entry = Run.failing(
            failures: [#"final answer does not mention "RF-1""#],
            calls: [Run.call("get_order", step: 0), handoff, refund])
        let diagnosis = TraceDiagnosis(of: entry)
        #expect(
            diagnosis.summary
                == "failed at step 1 of finance (handed the task at step 2): called refund_shipping_fee, denied: missing scope refunds:write"
        )
        #expect(diagnosis.agent == "finance")
        #expect(diagnosis.step == 1)
    }

    @Test func doesNotBlameAnInvalidCallTheAgentRepaired() {
        let invalid = Run.call("request_quote", step: 0, outcome: "invalid").with(
            "validation", ["kind": "schemaViolation", "message": "$.quantity: expected integer"])
        let entry = Run.failing(
            failures: [#"final answer does not mention "Q-1""#], calls: [invalid, Run.call("request_quote", step: 1)])
        #expect(TraceDiagnosis(of: entry).summary == #"failed: final answer (step 2) does not mention "Q-1""#)
        // The same invalid call, never repaired, is where it went wrong.
        let unrepaired = Run.failing(failures: [#"final answer does not mention "Q-1""#], calls: [invalid])
        #expect(
            TraceDiagnosis(of: unrepaired).summary
                == "failed at step 1: called request_quote, invalid: $.quantity: expected integer")
    }

    @Test func blamesARepairedCallWhenAFailureNamesItsTool() {
        let rejected = Run.call("create_po", step: 0, outcome: "rejected").with("approval", ["decision": "reject"])
        let entry = Run.failing(
            failures: ["approvals: expected none, requested for create_po"],
            calls: [rejected, Run.call("create_po", step: 1)])
        #expect(TraceDiagnosis(of: entry).summary == "failed at step 1: called create_po, rejected by the approver")
        // A tool whose name merely contains another's is not named by it.
        let other = Run.failing(
            failures: ["approvals: expected none, requested for create_po_line"],
            calls: [rejected, Run.call("create_po", step: 1)])
        #expect(TraceDiagnosis(of: other).cause == .failure)
    }

    @Test func saysWhenThereWasNoAnswerToCheck() {
        let entry = Run.failing(
            failures: ["the agent gave no final answer to check"], steps: [["index": 0, "toolCalls": 0]])
        #expect(TraceDiagnosis(of: entry).summary == "failed: the agent gave no final answer to check")
    }

    @Test func makesHostileTextInert() {
        let entry = Run.failing(failures: ["final answer mentions \"\u{1B}]52;c;cHduZWQ=\u{07}\", which it must not"])
        let summary = TraceDiagnosis(of: entry).summary
        #expect(!summary.unicodeScalars.contains { $0.value < 0x20 })
        #expect(summary.contains("\\u{1B}]52;c;cHduZWQ=\\u{7}"))
    }

    @Test func readsAnEntryWithoutTheOptionalKeys() {
        #expect(TraceDiagnosis(of: ["passed": false, "failures": ["something"]]).summary == "failed: something")
        #expect(TraceDiagnosis(of: ["passed": true]).cause == .passed)
        #expect(TraceDiagnosis(of: [:]).cause == .passed, "no failures recorded: nothing to blame")
    }
}

/// Hand-built report entries: a failing run of agent `support` whose last step answered.
enum Run {
    static func failing(
        failures: [String] = ["final answer does not mention \"x\""],
        stop: (String, String) = ("answered", "the agent answered"),
        calls: [JSONValue] = [], steps: [JSONValue]? = nil, divergence: JSONValue = .null
    ) -> JSONValue {
        let steps =
            steps ?? [
                ["index": 0, "toolCalls": .number(Double(calls.count))],
                ["index": 1, "answer": "done", "toolCalls": 0],
            ]
        return [
            "id": "hand.built", "agent": "support", "passed": false, "failures": .array(failures.map(JSONValue.string)),
            "stopReason": ["code": .string(stop.0), "explanation": .string(stop.1)], "toolCalls": .array(calls),
            "steps": .array(steps),
            "divergence": divergence, "expectation": [:],
        ]
    }

    static func call(
        _ name: String, _ arguments: JSONValue = [:], step: Int, agent: String = "support",
        outcome: String = "executed", sideEffect: String = "write"
    ) -> JSONValue {
        [
            "name": .string(name), "arguments": arguments, "step": .number(Double(step)), "agent": .string(agent),
            "outcome": .string(outcome),
            "sideEffect": .string(sideEffect), "observation": "ok",
        ]
    }
}
