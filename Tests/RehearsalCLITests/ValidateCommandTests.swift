import Foundation
import RehearsalCLI
import Testing

struct ValidateCommandTests {
    let scratch = Scratch()

    @Test func acceptsTheBuiltInSuite() async {
        let result = await CLIHarness.run(["validate", CLIHarness.root + "/scenarios"])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(result.output.hasSuffix("valid\n"))
        #expect(result.diagnostics.isEmpty)
    }

    @Test func catchesAPromptEditThatOrphansTheRecordings() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/scenarios/agents/finance.agent.json"
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "Northwind Traders", with: "Northwind Trading")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["validate", suite + "/scenarios"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("error: procurement.budget-check: replaying with every agent on gpt-4o: step 0: model call failed: no recording"))
        #expect(result.diagnostics.contains("Northwind Trading"))
        #expect(result.diagnostics.contains("was not requested by any replay"), "the orphaned recordings are named too")
    }

    @Test func catchesAHandEditedRequestAtItsLine() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/fixtures/procurement.budget-check/llm.jsonl"
        var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: "still unspent", with: "left over")
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["validate", suite + "/scenarios"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("fixtures/procurement.budget-check/llm.jsonl:2: the stored key does not match the stored request"))
    }

    @Test func warnsAboutARecordingNothingAsksFor() async throws {
        let suite = try scratch.copyOfBuiltInSuite()
        let file = suite + "/fixtures/procurement.budget-check/api.jsonl"
        let extra = #"{"arguments":{"department":"HR","quarter":"2026-Q3"},"kind":"api","latencyMs":85,"provenance":{"provider":"test","source":"authored"},"response":{"remaining_usd":1},"tool":"get_budget"}"#
        try (String(contentsOfFile: file, encoding: .utf8) + extra + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["validate", suite + "/scenarios"])
        #expect(result.exitCode == .success)
        #expect(result.diagnostics.contains("api.jsonl:2: recording of get_budget was not requested by any replay"))
        #expect(result.output.hasSuffix("valid (1 warning)\n"))
    }
}
