import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalReports
import Testing

/// Small report documents written by hand, with the figures the comparison reads and nothing else.
enum SmallReports {
    /// One scenario run: passed when `failures` is empty.
    struct Run {
        var id: String
        var trial = 0
        var failures: [String] = []
        var cost = 0.01
        var latency = 1000.0
        var error = false
        var title = "A scenario"
    }

    static func run(
        _ id: String, trial: Int = 0, fails reason: String? = nil, cost: Double = 0.01, latency: Double = 1000,
        error: Bool = false
    ) -> Run {
        Run(id: id, trial: trial, failures: reason.map { [$0] } ?? [], cost: cost, latency: latency, error: error)
    }

    /// A report of `runs` under the configuration `name`, its summary added up from them.
    static func report(_ name: String, _ runs: [Run], suite: String = "small", description: String? = nil) -> JSONValue
    {
        let passed = runs.filter { $0.failures.isEmpty }.count
        let scenarios: [JSONValue] = runs.map { run in
            [
                "id": .string(run.id), "title": .string(run.title), "trial": .number(Double(run.trial)),
                "passed": .bool(run.failures.isEmpty), "failures": .array(run.failures.map(JSONValue.string)),
                "traceId": "00000000000000000000000000000000", "toolCalls": [], "model": "m",
                "costUsd": .number(run.cost), "latencyMs": .number(run.latency),
                "stopReason": ["code": .string(run.error ? "error" : "answered"), "explanation": "x"],
            ]
        }
        return [
            "schemaVersion": 2, "suite": ["name": .string(suite)],
            "configuration": [
                "name": .string(name), "description": description.map(JSONValue.string) ?? .null,
                "router": ["kind": "fixed"], "digest": "0123456789abcdef",
            ],
            "summary": [
                "scenarios": .number(Double(runs.count)), "passed": .number(Double(passed)),
                "failed": .number(Double(runs.count - passed)),
                "toolChoice": ["precision": 1, "recall": 1, "f1": 0.9, "exactMatchRate": 1, "argumentAccuracy": 0.75],
                "latency": ["p50Ms": 1000, "p95Ms": 2000],
                "tokens": ["input": 10, "cachedInput": 0, "output": 5],
                "cost": ["usd": .number(runs.map(\.cost).reduce(0, +))],
                "router": ["strongShare": 0.5, "baselineUsd": 1, "savingsPct": 12.5],
                "security": [
                    "deniedCalls": 2, "invalidCalls": 1, "neverCall": ["checked": 4, "held": 3],
                    "approvals": ["requested": 3, "granted": 2, "edited": 0, "rejected": 1],
                ],
            ],
            "scenarios": .array(scenarios),
            "environment": ["startedAt": "2026-01-01T00:00:00Z"],
        ]
    }

    static let missing = "no fixtures: fixtures/b.two/llm.jsonl does not exist (record it with `rehearsal record …`)"
}

struct ComparisonTests {
    /// Twelve scenarios, the first six failing under A; all twelve pass under B, each costing 0.001 more than the one
    /// before. So b = 0, c = 6 and p = 2 · C(6, 0) / 2^6 = 2/64.
    func sixFlips() throws -> Comparison {
        var reference: [SmallReports.Run] = []
        var other: [SmallReports.Run] = []
        for index in 0..<12 {
            let id = "s.\(String(format: "%02d", index))"
            let failsFirst = index < 6
            reference.append(SmallReports.run(id, fails: failsFirst ? "reason \(index) under A" : nil, cost: 0.01))
            other.append(SmallReports.run(id, cost: 0.01 + Double(index) * 0.001))
        }
        return try Comparison(reports: [
            ("A", SmallReports.report("A", reference)), ("B", SmallReports.report("B", other)),
        ])
    }

    @Test func countsTheFlipsAndTestsThemExactly() throws {
        let comparison = try sixFlips()
        let pair = try #require(comparison.pairs.first)
        #expect(pair.failToPass.map(\.label) == (0..<6).map { "s.0\($0)" })
        #expect(pair.passToFail.isEmpty)
        #expect(pair.pValue == 2.0 / 64)
        #expect(pair.flipVerdict == .real)
        #expect(pair.failToPass.first?.reference.firstFailure == "reason 0 under A")
        #expect(pair.failToPass.first?.other.firstFailure == nil)
    }

    @Test func bootstrapsTheCostDeltasOfEveryPair() throws {
        let pair = try #require(try sixFlips().pairs.first)
        let interval = try #require(pair.cost.interval)
        // Deltas 0, 0.001, …, 0.011: their mean is 0.0055.
        #expect(abs(interval.meanDelta - 0.0055) < 1e-12)
        #expect(pair.cost.pairs == 12 && interval.resamples == 10_000 && interval.seed == PairedBootstrap.defaultSeed)
        #expect(interval.lower > 0 && pair.cost.verdict == .real)
        // Equal latencies: every delta is 0, so is the interval, and 0 is in it.
        #expect(pair.latency.interval?.lower == 0 && pair.latency.interval?.upper == 0)
        #expect(pair.latency.verdict == .notDistinguishable)
    }

    @Test func alignsTrialsWhateverTheOrderAndListsRunsOnlyOneSideHas() throws {
        let reference = [
            SmallReports.run("a", trial: 0), SmallReports.run("a", trial: 1, fails: "flaky"), SmallReports.run("gone"),
        ]
        let other = [
            SmallReports.run("new"), SmallReports.run("a", trial: 1), SmallReports.run("a", trial: 0, fails: "broke"),
        ]
        let pair = try #require(
            try Comparison(reports: [
                ("A", SmallReports.report("A", reference)), ("B", SmallReports.report("B", other)),
            ]).pairs.first)
        #expect(pair.runs.map(\.label) == ["a", "a#1"])
        #expect(pair.passToFail.map(\.label) == ["a"] && pair.passToFail.first?.other.firstFailure == "broke")
        #expect(pair.failToPass.map(\.label) == ["a#1"])
        #expect(pair.onlyInReference == ["gone"] && pair.onlyInOther == ["new"])
        guard case .insufficientData(let reason) = pair.flipVerdict else {
            Issue.record("two flips are insufficient data")
            return
        }
        #expect(reason.contains("2 flips"))
        #expect(pair.cost.verdict.code == "insufficientData")
    }

    @Test func reportsMissingFixturesPerScenarioAndLeavesThemOutOfTheStatistics() throws {
        let reference = [SmallReports.run("b.one"), SmallReports.run("b.two"), SmallReports.run("b.three", cost: 0.02)]
        var other = [
            SmallReports.run("b.one", cost: 0.03),
            SmallReports.run("b.two", fails: SmallReports.missing, cost: 0, error: true),
            SmallReports.run("b.three", fails: "wrong answer", cost: 0.05),
        ]
        other[1].latency = 0
        let comparison = try Comparison(reports: [
            ("A", SmallReports.report("A", reference)), ("B", SmallReports.report("B", other)),
        ])
        let pair = try #require(comparison.pairs.first)
        #expect(comparison.configurations[1].missingFixtures == ["b.two"])
        #expect(pair.missingFixtures.map(\.label) == ["b.two"])
        #expect(pair.missingFixtures.first?.other.status == .missingFixtures)
        // b.two passed under A and "failed" under B, but measured nothing there: not a flip.
        #expect(pair.passToFail.map(\.label) == ["b.three"])
        #expect(pair.compared.count == 2 && pair.cost.pairs == 2)
        #expect(abs((pair.cost.interval?.meanDelta ?? 0) - (0.02 + 0.03) / 2) < 1e-12)

        let json = ComparisonJSONWriter.document(comparison, toolVersion: "test")
        let entry = try #require(json["comparisons"]?.arrayValue?.first)
        #expect(entry["missingFixtures"] == [["id": "b.two", "label": "b.two", "side": "other", "trial": 0]])
        #expect(entry["runs"]?["compared"] == 2 && entry["passFail"]?["passToFail"] == 1)
        let markdown = ComparisonMarkdownWriter.render(comparison)
        #expect(markdown.contains("| ⚠️ missing fixtures | `b.two` | ✅ passed | ⚠️ missing fixtures |"))
        #expect(markdown.contains("1 run with missing fixtures left out of every paired figure"))
        let html = ComparisonHTMLWriter.render(comparison)
        #expect(html.contains("<tr class=\"flip missing\">"))
        #expect(ComparisonTextWriter.render(comparison).contains("missing fixtures  b.two  under B"))
    }

    @Test func leavesRunsCutShortByAnErrorOutOfTheDeltasButNotTheFlips() throws {
        let reference = [SmallReports.run("c.one"), SmallReports.run("c.two", cost: 0.02)]
        let other = [
            SmallReports.run("c.one", fails: "the run stopped with an error: replay miss", cost: 0.001, error: true),
            SmallReports.run("c.two", cost: 0.04),
        ]
        let pair = try #require(
            try Comparison(reports: [
                ("A", SmallReports.report("A", reference)), ("B", SmallReports.report("B", other)),
            ]).pairs.first)
        #expect(pair.passToFail.map(\.label) == ["c.one"])
        #expect(pair.cost.excluded == ["c.one"] && pair.cost.pairs == 1)
        #expect(pair.cost.interval?.meanDelta == 0.02)
    }

    @Test func writesTheSideBySideFiguresOfEveryConfiguration() throws {
        let comparison = try sixFlips()
        let json = ComparisonJSONWriter.document(comparison, toolVersion: "9.9", environment: ["host": "h"])
        #expect(json["schemaVersion"] == 1 && json["reference"] == "A" && json["environment"] == ["host": "h"])
        let first = try #require(json["configurations"]?.arrayValue?.first)
        #expect(first["passRate"] == 0.5 && first["passed"] == 6 && first["runs"] == 12)
        #expect(first["security"]?["neverCall"] == ["checked": 4, "violated": 1])
        #expect(first["toolChoice"] == ["argumentAccuracy": 0.75, "f1": 0.9] && first["router"]?["savingsPct"] == 12.5)
        #expect(json["statistics"]?["seed"] == .number(Double(PairedBootstrap.defaultSeed)))
        let markdown = ComparisonMarkdownWriter.render(comparison)
        #expect(
            markdown.contains(
                "| A (reference) | fixed | 6/12 (50.0%) | 0.90 | 75.0% | $0.1200 | 1.0 s | 2.0 s | 12.5% | 2 | 1 | 1 of 4 | 3 |"
            ))
        #expect(markdown.contains("**real**: B passes more often than A"))
    }

    @Test func rendersTheSameBytesEveryTime() throws {
        let first = try sixFlips()
        let second = try sixFlips()
        #expect(
            ComparisonJSONWriter.render(first, toolVersion: "t")
                == ComparisonJSONWriter.render(second, toolVersion: "t"))
        #expect(ComparisonMarkdownWriter.render(first) == ComparisonMarkdownWriter.render(second))
        #expect(ComparisonHTMLWriter.render(first) == ComparisonHTMLWriter.render(second))
        #expect(ComparisonTextWriter.render(first, color: true) == ComparisonTextWriter.render(second, color: true))
    }

    @Test func aDifferentSeedChangesOnlyTheIntervals() throws {
        let reports = [
            ("A", SmallReports.report("A", (0..<12).map { SmallReports.run("x.\($0)", cost: Double($0)) })),
            ("B", SmallReports.report("B", (0..<12).map { SmallReports.run("x.\($0)", cost: Double($0 * $0 % 7)) })),
        ]
        let seeded = try Comparison(reports: reports, options: .init(seed: 1))
        let other = try Comparison(reports: reports, options: .init(seed: 2))
        let a = try #require(seeded.pairs.first?.cost.interval)
        let b = try #require(other.pairs.first?.cost.interval)
        #expect(a.meanDelta == b.meanDelta && (a.lower, a.upper) != (b.lower, b.upper))
    }

    @Test func colorsPassToFailRedAndFailToPassGreen() throws {
        let reference = [SmallReports.run("d.one"), SmallReports.run("d.two", fails: "no")]
        let other = [SmallReports.run("d.one", fails: "now fails"), SmallReports.run("d.two")]
        let html = ComparisonHTMLWriter.render(
            try Comparison(reports: [
                ("A", SmallReports.report("A", reference)), ("B", SmallReports.report("B", other)),
            ]))
        let passToFail = try #require(html.slice(from: "<tr class=\"flip pass-to-fail\">", to: "</tr>"))
        #expect(passToFail.contains("<span class=\"badge fail\">pass→fail</span>") && passToFail.contains("d.one"))
        let failToPass = try #require(html.slice(from: "<tr class=\"flip fail-to-pass\">", to: "</tr>"))
        #expect(failToPass.contains("<span class=\"badge pass\">fail→pass</span>") && failToPass.contains("d.two"))
        #expect(html.contains("tr.flip.pass-to-fail>*{background:var(--fail-bg)}"))
        #expect(html.contains("tr.flip.fail-to-pass>*{background:var(--pass-bg)}"))
    }

    @Test func drawsOneLabelledPointPerConfiguration() throws {
        let runs = [SmallReports.run("e.one"), SmallReports.run("e.two", fails: "no")]
        let comparison = try Comparison(
            reports: ["cheap", "mid", "strong"].map { ($0, SmallReports.report($0, runs)) })
        let html = ComparisonHTMLWriter.render(comparison)
        let svg = try #require(html.slice(from: "<svg class=\"chart\"", to: "</svg>"))
        #expect(svg.occurrences(of: "<circle class=\"pt") == 3)
        for name in ["cheap", "mid", "strong"] {
            #expect(svg.contains("class=\"point-label\"") && svg.contains(">\(name)</text>"))
        }
    }

    @Test func escapesHostileTextEverywhere() throws {
        let payload = "<script>alert(1)</script> | @octocat [x](javascript:alert(1)) \u{1B}]0;owned\u{7}"
        var reference = [SmallReports.run("f.one", fails: payload)]
        reference[0].title = "<img src=x onerror=alert(1)>"
        var other = [SmallReports.run("f.one")]
        other[0].title = reference[0].title
        let comparison = try Comparison(reports: [
            (
                "</title><script>x</script>",
                SmallReports.report("A", reference, suite: "<b>suite</b>", description: "\"><svg onload=alert(1)>")
            ),
            ("B", SmallReports.report("B", other)),
        ])
        let html = ComparisonHTMLWriter.render(comparison)
        #expect(!html.contains("<script"), "compare.html has no script at all")
        #expect(!html.contains("<img") && !html.contains("<svg onload") && !html.contains("<b>suite"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        let markdown = ComparisonMarkdownWriter.render(comparison)
        #expect(!markdown.contains("<script") && !markdown.contains("<img") && !markdown.contains("[x]("))
        #expect(markdown.contains("&lt;script&gt;") && markdown.contains("\\| @\u{2060}octocat"))
        let text = ComparisonTextWriter.render(comparison)
        #expect(!text.contains("\u{1B}"), "no escape sequence reaches the terminal")
        let json = ComparisonJSONWriter.render(comparison, toolVersion: "t")
        #expect(try JSONParser.parse(json)["comparisons"]?[0]?["flips"]?[0]?["referenceFailure"] == .string(payload))
    }
}

/// compare.html in a real Chromium: it loads with nothing on the console, so no Content-Security-Policy violation and
/// no error, hostile text included.
@Suite(.enabled(if: Browser.isAvailable, Browser.skipReason))
struct ComparisonHTMLBrowserTests {
    /// Loads `html` from a file and returns the DOM and the lines Chromium logged from the page's console.
    static func load(_ html: String) throws -> (dom: String, console: [String]) {
        let folder = NSTemporaryDirectory() + "rehearsal-compare-browser-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try html.write(toFile: folder + "/compare.html", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Browser.path))
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(folder)/profile", "--enable-logging=stderr", "--log-level=0",
            "--virtual-time-budget=3000",
            "--dump-dom", "file://\(folder)/compare.html",
        ]
        // The log goes to a file, so only the DOM comes through a pipe, read whole before waiting.
        let log = folder + "/chromium.log"
        try #require(FileManager.default.createFile(atPath: log, contents: nil))
        let errors = try #require(FileHandle(forWritingAtPath: log))
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try errors.close()
        let console = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(":CONSOLE") }.map(String.init)
        return (dom, console)
    }

    @Test func seesWhatAPageLogs() throws {
        // The check below must be able to fail: a blocked inline script is reported on the console.
        let page =
            "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head>"
            + "<body><script>document.title = 'ran'</script></body></html>"
        let (_, console) = try Self.load(page)
        #expect(console.contains { $0.contains("Content Security Policy") }, "\(console)")
    }

    @Test func loadsWithNothingOnTheConsole() throws {
        var reference = [
            SmallReports.run("g.one", fails: "<script>document.title='owned'</script>"), SmallReports.run("g.two"),
        ]
        reference[1].title = "<img src=x onerror=\"document.title='owned'\">"
        let other = [SmallReports.run("g.one"), SmallReports.run("g.two", fails: "now fails")]
        let comparison = try Comparison(reports: [
            ("cheap", SmallReports.report("cheap", reference)), ("strong", SmallReports.report("strong", other)),
        ])
        let html = ComparisonHTMLWriter.render(comparison)
        let (dom, console) = try Self.load(html)
        #expect(console.isEmpty, "\(console)")
        #expect(dom.contains("<title>Rehearsal comparison: small · cheap, strong</title>"), "no planted script ran")
        #expect(dom.occurrences(of: "<tr class=\"flip ") == 2 && !dom.contains("<img"))
    }
}

extension JSONValue {
    /// The element at `index` of an array.
    fileprivate subscript(index: Int) -> JSONValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
