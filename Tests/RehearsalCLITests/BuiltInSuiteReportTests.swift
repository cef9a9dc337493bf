import Foundation
import RehearsalCLI
import RehearsalCore
import Testing

/// What the built-in suite's reports show about limits, edited approvals, trials and the writes mode, read from the
/// report.json the command line writes.
struct BuiltInSuiteReportTests {
    let scratch = Scratch()

    func report(_ arguments: [String]) async throws -> (result: CLIHarness.Result, report: JSONValue) {
        let out = try scratch.folder()
        let result = await CLIHarness.run(["run"] + arguments + ["--out", out])
        return (result, try JSONParser.parse(String(contentsOfFile: out + "/report.json", encoding: .utf8)))
    }

    static func run(_ id: String, trial: Int = 0, in report: JSONValue) -> JSONValue? {
        report["scenarios"]?.arrayValue?.first { $0["id"]?.stringValue == id && $0["trial"] == .number(Double(trial)) }
    }

    @Test func listsTheStepLimitTheCheapModelRunsIntoAndTheEditedApproval() async throws {
        let (result, report) = try await report([
            CLIHarness.root + "/scenarios", "--config", CLIHarness.root + "/scenarios/configs/always-cheap.config.json",
            "--no-sweep",
        ])
        #expect(result.exitCode == .failure)
        let security = try #require(report["summary"]?["security"])
        #expect(security["limitsHit"] == ["maxSteps": ["procurement.quote-timeout-fallback"]])
        let limited = try #require(Self.run("procurement.quote-timeout-fallback", in: report))
        #expect(limited["stopReason"]?["code"] == "limit:maxSteps")
        #expect(
            limited["failures"]?.arrayValue?.first
                == "stopped by limit maxSteps (8 model calls) before the agent answered")
        #expect(result.output.contains("↳ stopped by limit maxSteps (8 model calls) before the agent answered"))

        #expect(security["approvals"]?["edited"] == 1)
        let edited = try #require(Self.run("procurement.approver-edits-quantity", in: report))
        let order = try #require(edited["toolCalls"]?.arrayValue?.first { $0["name"] == "create_purchase_order" })
        #expect(order["approval"]?["decision"] == "edit")
        #expect(order["arguments"]?["quantity"] == 30 && order["editedArguments"]?["quantity"] == 24)
        #expect(
            edited["failures"]?.arrayValue?.first == #"final answer does not mention "24 headsets""#,
            "gpt-4o-mini reports its own draft")
    }

    @Test func passesTheEditedOrderAndTheLimitedScenarioOnTheStrongModel() async throws {
        let (result, report) = try await report([
            CLIHarness.root + "/scenarios", "--config", CLIHarness.alwaysStrong, "--no-sweep",
        ])
        #expect(result.exitCode == .success)
        #expect(report["summary"]?["security"]?["limitsHit"] == [:])
        #expect(report["summary"]?["security"]?["approvals"]?["edited"] == 1)
        #expect(Self.run("procurement.approver-edits-quantity", in: report)?["passed"] == true)
        #expect(Self.run("procurement.quote-timeout-fallback", in: report)?["stopReason"]?["code"] == "answered")
    }

    @Test func estimatesPassHatKOverTheShippingFamilysThreeTrials() async throws {
        let (result, report) = try await report([CLIHarness.root + "/scenarios/shipping", "--trials", "3"])
        #expect(result.exitCode == .failure)
        #expect(
            result.output.contains("9 scenarios × 3 trials") && result.output.contains("27 runs: 24 passed, 3 failed"))
        #expect(
            result.output.contains("reliability over 3 trials: pass^1 0.89, pass^2 0.78, pass^3 0.67 · pass@3 1.00"))
        let reliability = try #require(report["summary"]?["reliability"])
        #expect(reliability["trials"] == 3)
        let passHat = reliability["passHat"]?.arrayValue?.compactMap(\.numberValue) ?? []
        #expect(zip(passHat, [24.0 / 27, 7.0 / 9, 6.0 / 9]).allSatisfy { abs($0 - $1) < 1e-9 } && passHat.count == 3)
        #expect(reliability["passAt"]?.arrayValue?.last == 1)
        let passes = Dictionary(
            uniqueKeysWithValues: (reliability["scenarios"]?.arrayValue ?? []).compactMap { spread in
                spread["id"]?.stringValue.map { ($0, spread["passes"]?.numberValue ?? -1) }
            })
        #expect(
            passes["shipping.classic-warehouse-followup"] == 2 && passes["shipping.tracking-retry"] == 2
                && passes["shipping.ticket-status"] == 2)
        #expect(
            Self.run("shipping.ticket-status", trial: 2, in: report)?["failures"] == [
                #"final answer is not "pending_internal""#
            ])

        let whole = await CLIHarness.run([
            "run", CLIHarness.root + "/scenarios", "--trials", "3", "--out", try scratch.folder(),
        ])
        #expect(whole.exitCode == .usage, "the other families have one trial: an error, never a silent repeat")
        #expect(
            whole.diagnostics.contains(
                "--trials 3 needs recordings for 3 trials; these scenarios have fewer: procurement.approver-edits-quantity (1)"
            ))
    }

    @Test func judgesWritesWhateverTheOrderOfTheReads() async throws {
        let (_, report) = try await report([
            CLIHarness.root + "/scenarios/shipping/classic-warehouse-followup.scenario.json", "--trials", "3",
            "--no-sweep",
        ])
        let first = try #require(Self.run("shipping.classic-warehouse-followup", trial: 0, in: report))
        let reordered = try #require(Self.run("shipping.classic-warehouse-followup", trial: 2, in: report))
        func names(_ run: JSONValue) -> [String] {
            run["toolCalls"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        }
        #expect(names(first) == ["get_erp_order", "track_shipment", "email_warehouse", "update_ticket"])
        #expect(
            names(reordered) == ["get_ticket", "get_erp_order", "track_shipment", "update_ticket", "email_warehouse"])
        #expect(reordered["expectation"]?["trajectory"] == "writes")
        #expect(reordered["passed"] == true, "\(reordered["failures"] ?? [])")
        #expect(reordered["toolChoice"]?["exactMatch"] == false, "not the expected order, yet the same writes")
        let forgot = try #require(Self.run("shipping.classic-warehouse-followup", trial: 1, in: report))
        #expect(
            forgot["failures"]?.arrayValue?.first?.stringValue?.hasPrefix("missing expected write update_ticket")
                == true)
    }
}
