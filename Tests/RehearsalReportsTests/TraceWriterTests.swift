import RehearsalCore
import RehearsalReports
import Testing

struct TraceWriterTests {
    @Test func matchesTheGoldenForARunThatLiedAboutADeniedCall() throws {
        let entry = try TraceResources.entry("shipping.ticket-write-denied", in: "always-cheap-report")
        let text = TraceWriter.render(entry, runID: "2026-12-01T0930-ab12", startedAt: "2026-12-01T09:30:00Z")
        try Golden.assert(text, matches: "always-cheap.ticket-write-denied.trace.txt")
    }

    @Test func matchesTheGoldenForAHandoffRun() throws {
        let entry = try TraceResources.entry("shipping.supervisor-refund-handoff", in: "small-report")
        try Golden.assert(TraceWriter.render(entry), matches: "small-report.supervisor-refund-handoff.trace.txt")
    }

    @Test func opensWithTheDiagnosis() throws {
        for name in TraceResources.names {
            for row in try TraceResources.report(name).scenarios {
                let first = TraceWriter.render(row.json).split(separator: "\n").first.map(String.init)
                #expect(first == TraceDiagnosis(of: row.json).summary, "\(name) \(row.id)")
            }
        }
    }

    @Test func showsEveryCallOnceInOrderWithTheSpecialistsIndented() throws {
        for name in TraceResources.names {
            for row in try TraceResources.report(name).scenarios {
                let calls = row.json["toolCalls"]?.arrayValue ?? []
                let lines = TraceWriter.render(row.json).split(separator: "\n").map(String.init)
                let callLines = lines.filter { $0.trimmingPrefix { $0 == " " || $0 == "│" }.hasPrefix("[") }
                #expect(callLines.count == calls.count, "\(name) \(row.id)")
                for (index, (line, call)) in zip(callLines, calls).enumerated() {
                    let bare = line.trimmingPrefix { $0 == " " || $0 == "│" }
                    #expect(bare.hasPrefix("[\(index + 1)] \(call["name"]?.stringValue ?? "")"), "\(row.id): \(line)")
                    // The scenario's agent's calls sit at the step level; a specialist's inside its handoff's gutter.
                    let nested = call["agent"] != row.json["agent"]
                    #expect(line.contains("│") == nested, "\(row.id): \(line)")
                }
                let steps = lines.filter { $0.trimmingPrefix { $0 == " " || $0 == "│" }.hasPrefix("step ") }
                let specialistSteps = calls.compactMap { $0["handoff"]?["steps"]?.arrayValue?.count }.reduce(0, +)
                #expect(steps.count == (row.json["steps"]?.arrayValue?.count ?? 0) + specialistSteps, "\(row.id)")
            }
        }
    }

    @Test func showsTheDecisionsOfEachCall() throws {
        let text = TraceWriter.render(
            try TraceResources.entry("shipping.ticket-write-denied", in: "always-cheap-report"))
        #expect(
            text.contains(
                """
                  [3] update_ticket {"note":"Package in transit with USPS, last scan Aug 11 in Kearny NJ, ETA Aug 17.","ticket_id":"T-5570"}
                      validation ok · gateway deny (rule required-scopes, missing scope tickets:write) · denied
                      observation: Error: permission denied: update_ticket requires scope tickets:write, which user u-4410 does not have
                """))
        let rejected = TraceWriter.render(try TraceResources.entry("procurement.po-rejected", in: "small-report"))
        #expect(rejected.contains("validation ok · gateway allow · approval reject: Display purchases are on hold"))
        let invalid = TraceWriter.render(try TraceResources.entry("procurement.malformed-quantity", in: "small-report"))
        #expect(
            invalid.contains(
                #"validation refused (schemaViolation): arguments do not match the schema of request_quote: $.quantity: expected integer, found string "fifty" (type) · invalid"#
            ))
    }

    @Test func showsTheRunsHeadline() throws {
        let entry = try TraceResources.entry("procurement.quote-timeout-fallback", in: "always-cheap-report")
        let lines = TraceWriter.render(entry, runID: "r-7", startedAt: "2026-12-01T09:30:00Z").split(separator: "\n")
            .map(String.init)
        #expect(lines.contains("trace     " + (entry["traceId"]?.stringValue ?? "")))
        #expect(lines.contains("run       r-7 · started 2026-12-01T09:30:00Z"))
        #expect(lines.contains("verdict   FAIL (5 failures)"))
        #expect(lines.contains("agent     finance · gpt-4o-mini (cheap: fixed router: always the agent's cheap model)"))
        #expect(lines.contains("stop      limit:maxSteps: stopped by limit maxSteps (8 model calls)"))
        #expect(
            lines.contains {
                $0.hasPrefix("figures   cost $0.00162 · tokens ") && $0.contains("latency 215.9 s virtual")
            })
    }

    @Test func showsWhatTheUserSaidBetweenSteps() throws {
        let text = TraceWriter.render(try TraceResources.entry("returns.exchange-size", in: "always-cheap-report"))
        let lines = text.split(separator: "\n").map(String.init)
        let said = try #require(lines.firstIndex(of: "  user: Yes, he confirms. Go ahead."))
        #expect(lines[said - 1].hasPrefix("  answer: "), "the user answers the agent's question")
        #expect(lines[said + 1].hasPrefix("step 3 · "))
    }

    @Test func neverSendsAControlCharacterToTheTerminal() throws {
        for row in try Golden.smallReport().scenarios {
            let text = TraceWriter.render(row.json)
            let controls = text.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028
            }
            #expect(controls.isEmpty, "\(row.id)")
        }
        let hostile = TraceWriter.render(try TraceResources.entry("returns.order-status", in: "small-report"))
        #expect(
            hostile.contains(#"<script>document.title="pwned-obs"</script> ]]> -- \u{1} control"#), "shown, not obeyed")
    }

    @Test func colorsOnlyWhenAsked() throws {
        let entry = try TraceResources.entry("shipping.ticket-write-denied", in: "always-cheap-report")
        #expect(!TraceWriter.render(entry).contains("\u{1B}"))
        let colored = TraceWriter.render(entry, options: .init(color: true))
        #expect(colored.hasPrefix("\u{1B}[31mfailed at step 3: called update_ticket"))
        #expect(colored.contains("\u{1B}[31mgateway deny\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[32mexecuted in 120 ms\u{1B}[0m"))
    }

    @Test func clipsArgumentsAndObservations() throws {
        let entry = try TraceResources.entry("shipping.ticket-write-denied", in: "traced-report")
        let lines = TraceWriter.render(entry, options: .init(argumentLimit: 20, observationLimit: 30)).split(
            separator: "\n")
        #expect(lines.contains(#"  [4] update_ticket {"note":"ORD-10521: …"#))
        #expect(lines.contains(#"      observation: Error: permission denied: upda…"#))
    }

    @Test func rendersAStoredScenarioRunWithItsRun() throws {
        let entry = try TraceResources.entry("returns.order-status", in: "small-report")
        let run = StoredRun(
            id: "r-9", startedAt: "2026-12-02T08:00:00Z", suite: "built-in", configuration: "router",
            configurationDigest: "d",
            arguments: [:], expectedScenarioRuns: 1, rehearsalVersion: "0.1.0")
        let stored = StoredScenarioRun(
            runID: "r-9", scenarioID: "returns.order-status", trial: 0, traceID: entry["traceId"]?.stringValue ?? "",
            family: "returns",
            passed: true, model: "gpt-4o-mini", costUSD: 0, latencyMs: 0, stopReason: "answered", failures: [],
            entry: entry)
        #expect(
            TraceWriter.render(stored, of: run)
                == TraceWriter.render(entry, runID: "r-9", startedAt: "2026-12-02T08:00:00Z"))
        #expect(TraceWriter.render(stored, of: nil).contains("run       r-9\n"))
    }

    @Test func keepsCallsTheStepCountsDoNotAccountFor() throws {
        var entry = try TraceResources.entry("returns.order-status", in: "small-report")
        entry = entry.with("steps", [])
        let text = TraceWriter.render(entry)
        #expect(text.contains("calls not tied to a step\n  [1] get_order"))
    }
}
