import Foundation
import RehearsalCLI
import RehearsalCore
import RehearsalEvaluation
import RehearsalReports
import Testing

struct CompareCommandTests {
    let scratch = Scratch()

    static let scenarios = CLIHarness.root + "/scenarios"
    static func config(_ name: String) -> String { scenarios + "/configs/\(name).config.json" }

    /// Reads a file the command wrote as JSON.
    func json(_ path: String) throws -> JSONValue {
        try JSONParser.parse(String(contentsOfFile: path, encoding: .utf8))
    }

    /// Reads a configuration's own report, written beside the comparison.
    func report(_ path: String) throws -> ReportDocument {
        try ReportDocument.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    @Test func comparesTheBuiltInConfigurationsWithFiguresFromTheirOwnReports() async throws {
        let out = try scratch.folder() + "/compare"
        let names = ["always-cheap", "router", "always-strong"]
        let result = await CLIHarness.run(
            ["compare", CompareCommandTests.scenarios, "--out", out]
                + names.flatMap { ["--config", CompareCommandTests.config($0)] })
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        let compare = try json(out + "/compare.json")
        let reports = try names.map { try report(out + "/\($0)/report.json") }
        #expect(compare["reference"] == "always-cheap" && compare["schemaVersion"] == 1)

        // Side by side: each configuration's figures are its own report's.
        let configurations = try #require(compare["configurations"]?.arrayValue)
        #expect(configurations.map { $0["name"] } == names.map { .string($0) })
        for (entry, report) in zip(configurations, reports) {
            #expect(
                entry["passed"] == .number(Double(report.summary.passed))
                    && entry["runs"] == .number(Double(report.scenarios.count)))
            #expect(entry["costUsd"] == .number(report.summary.costUSD))
            #expect(entry["latency"]?["p95Ms"] == .number(report.summary.p95Ms))
            #expect(entry["report"] == .string(report.configuration.name))
            let row =
                "\(report.summary.passed)/\(report.summary.scenarios) \(ReportFormat.percent(Double(report.summary.passed) / Double(report.summary.scenarios) * 100))"
            #expect(result.output.contains(row), "the printed table shows \(report.configuration.name) passing \(row)")
        }

        // Each pair: the flips, the exact test and the cost interval, recomputed here from the two reports.
        let comparisons = try #require(compare["comparisons"]?.arrayValue)
        #expect(comparisons.count == 2)
        let reference = Dictionary(uniqueKeysWithValues: reports[0].scenarios.map { ($0.label, $0) })
        for (entry, other) in zip(comparisons, reports.dropFirst()) {
            let passToFail = other.scenarios.filter { reference[$0.label]!.passed && !$0.passed }.map(\.label)
            let failToPass = other.scenarios.filter { !reference[$0.label]!.passed && $0.passed }.map(\.label)
            #expect(failToPass.count >= McNemar.minimumFlips, "the built-in suite shows the cheap model failing often")
            let passFail = try #require(entry["passFail"])
            #expect(passFail["passToFail"] == .number(Double(passToFail.count)))
            #expect(passFail["failToPass"] == .number(Double(failToPass.count)))
            #expect(
                passFail["pValue"]
                    == .number(McNemar.exactPValue(passToFail: passToFail.count, failToPass: failToPass.count)))
            #expect(
                passFail["verdict"]?["code"]
                    == .string(McNemar.verdict(passToFail: passToFail.count, failToPass: failToPass.count).code))
            let flips = try #require(entry["flips"]?.arrayValue)
            #expect(Set(flips.compactMap { $0["label"]?.stringValue }) == Set(passToFail + failToPass))

            let deltas = other.scenarios.map { $0.costUSD - reference[$0.label]!.costUSD }
            let interval = try #require(PairedBootstrap.interval(deltas: deltas))
            let cost = try #require(entry["cost"])
            #expect(cost["pairs"] == .number(Double(deltas.count)))
            #expect(cost["meanDeltaUsd"] == .number(interval.meanDelta))
            #expect(cost["lowerUsd"] == .number(interval.lower) && cost["upperUsd"] == .number(interval.upper))
            #expect(cost["verdict"]?["code"] == .string(interval.verdict.code))
            #expect(result.output.contains("\(other.configuration.name) vs always-cheap"))
        }
        for file in ["compare.md", "compare.html"] {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            for name in names { #expect(text.contains(name), "\(file) names \(name)") }
        }
        #expect(result.output.contains("open:    \(out)/compare.html"))
        #expect(result.output.contains("\(out)/router/report.html"))
        #expect(FileManager.default.fileExists(atPath: out + "/always-strong/summary.md"))
    }

    /// Compare runs each configuration through the same code as `rehearsal run --no-sweep`: its reports are the same,
    /// wall-clock facts aside, here over three recorded trials.
    @Test func runsEachConfigurationAsRehearsalRunDoesTrialByTrial() async throws {
        let shipping = CompareCommandTests.scenarios + "/shipping"
        let out = try scratch.folder()
        let result = await CLIHarness.run([
            "compare", shipping, "--trials", "3", "--config", CompareCommandTests.config("always-cheap"),
            "--config", CompareCommandTests.config("router"), "--out", out,
        ])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        let single = try scratch.folder()
        let run = await CLIHarness.run([
            "run", shipping, "--trials", "3", "--config", CompareCommandTests.config("router"), "--no-sweep", "--no-db",
            "--out", single,
        ])
        #expect(run.exitCode != .usage, "\(run.diagnostics)")
        let compared = try json(out + "/router/report.json").with("environment", .null)
        let alone = try json(single + "/report.json").with("environment", .null)
        #expect(compared == alone, "router's report under compare differs from rehearsal run's")

        let compare = try json(out + "/compare.json")
        let runs = try #require(compare["comparisons"]?.arrayValue?.first?["runs"])
        let report = try self.report(single + "/report.json")
        #expect(runs["aligned"] == .number(Double(report.scenarios.count)) && report.scenarios.count == 9 * 3)
        let labels =
            compare["comparisons"]?.arrayValue?.first?["scenarios"]?.arrayValue?.compactMap { $0["label"]?.stringValue }
            ?? []
        #expect(labels == report.scenarios.map(\.label) && labels.contains { $0.hasSuffix("#2") })
    }

    /// Without `--trials`, each configuration runs its own `trials`; the trials only one side ran pair with nothing.
    @Test func pairsTheTrialsBothConfigurationsRan() async throws {
        let folder = try scratch.folder()
        let threeTrials = folder + "/router-3.config.json"
        var configuration = try json(CompareCommandTests.config("router")).with("name", "router-3")
        configuration = configuration.with("trials", 3)
        try configuration.serialized(.pretty).write(toFile: threeTrials, atomically: true, encoding: .utf8)
        let result = await CLIHarness.run([
            "compare", CompareCommandTests.scenarios + "/shipping", "--config",
            CompareCommandTests.config("always-cheap"),
            "--config", threeTrials, "--out", folder + "/out",
        ])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        let reference = try report(folder + "/out/always-cheap/report.json")
        let other = try report(folder + "/out/router-3/report.json")
        #expect(other.scenarios.count == 3 * reference.scenarios.count)
        let runs = try #require(try json(folder + "/out/compare.json")["comparisons"]?.arrayValue?.first?["runs"])
        #expect(runs["aligned"] == .number(Double(reference.scenarios.count)))
        let onlyInOther = runs["onlyInOther"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(onlyInOther == other.scenarios.filter { $0.trial > 0 }.map(\.label))
        #expect(result.output.contains("\(onlyInOther.count) runs in only one of the two reports"))
    }

    @Test func reportsMissingFixturesPerScenarioAndLeavesThemOutOfTheStatistics() async throws {
        let fixtures = try scratch.folder() + "/fixtures"
        try FileManager.default.copyItem(atPath: CLIHarness.root + "/fixtures", toPath: fixtures)
        try FileManager.default.removeItem(atPath: fixtures + "/returns.order-status")
        let out = try scratch.folder()
        let result = await CLIHarness.run([
            "compare", CompareCommandTests.scenarios + "/returns", "--fixtures", fixtures, "--out", out,
            "--config", CompareCommandTests.config("always-cheap"), "--config",
            CompareCommandTests.config("always-strong"),
        ])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        let compare = try json(out + "/compare.json")
        let entry = try #require(compare["comparisons"]?.arrayValue?.first)
        #expect(
            entry["missingFixtures"] == [
                ["id": "returns.order-status", "label": "returns.order-status", "side": "both", "trial": 0]
            ])
        let aligned = try #require(entry["runs"]?["aligned"]?.numberValue)
        #expect(entry["runs"]?["compared"] == .number(aligned - 1))
        #expect(entry["cost"]?["pairs"] == .number(aligned - 1))
        for configuration in compare["configurations"]?.arrayValue ?? [] {
            #expect(configuration["missingFixtures"] == ["returns.order-status"])
        }
        #expect(result.output.contains("missing fixtures  returns.order-status  on both sides"))
        let markdown = try String(contentsOfFile: out + "/compare.md", encoding: .utf8)
        #expect(markdown.contains("| ⚠️ missing fixtures | `returns.order-status` |"))
    }

    @Test func refusesASingleConfiguration() async throws {
        let out = try scratch.folder() + "/never"
        let result = await CLIHarness.run(["compare", "--config", CompareCommandTests.config("router"), "--out", out])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("compare needs at least two configurations"))
        #expect(result.diagnostics.contains("Usage: rehearsal compare --config A.json --config B.json"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func refusesTwoConfigurationsOfOneNameAndWritesNothing() async throws {
        let out = try scratch.folder() + "/never"
        let router = CompareCommandTests.config("router")
        let result = await CLIHarness.run([
            "compare", CompareCommandTests.scenarios, "--config", router, "--config", router, "--out", out,
        ])
        #expect(result.exitCode == .usage)
        #expect(
            result.diagnostics.contains("names its configuration \"router\", as --config \(router) does"),
            "\(result.diagnostics)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func refusesAConfigurationNameThatIsNoFolderName() async throws {
        let folder = try scratch.folder()
        let evil = folder + "/evil.config.json"
        try #"{"name": "../escape", "router": {"kind": "fixed", "tier": "cheap"}}"#.write(
            toFile: evil, atomically: true, encoding: .utf8)
        let out = folder + "/out"
        let result = await CLIHarness.run([
            "compare", CompareCommandTests.scenarios, "--config", CompareCommandTests.config("router"), "--config",
            evil, "--out", out,
        ])
        #expect(result.exitCode == .usage)
        #expect(
            result.diagnostics.contains(
                "\(evil): $.name: the configuration name \"../escape\" contains a path separator"),
            "\(result.diagnostics)")
        #expect(
            !FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: folder + "/escape"))
    }

    static let badOptions: [([String], String)] = [
        (["--seed", "x"], "--seed needs an integer from 0 to 2^53"),
        (["--seed", "9007199254740993"], "--seed needs an integer from 0 to 2^53"),
        (["--trials", "0"], "--trials needs a positive integer"),
        (["--parallel", "-1"], "--parallel needs a positive integer"),
        (["--bogus"], "unknown option --bogus"),
    ]

    @Test(arguments: badOptions)
    func refusesBadOptions(_ extra: [String], _ message: String) async {
        let result = await CLIHarness.run(
            [
                "compare", "--config", CompareCommandTests.config("router"), "--config",
                CompareCommandTests.config("classifier"),
            ] + extra)
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains(message), "\(result.diagnostics)")
    }

    @Test func namesAConfigurationFileThatDoesNotLoad() async throws {
        let missing = try scratch.folder() + "/nope.config.json"
        let result = await CLIHarness.run([
            "compare", CompareCommandTests.scenarios, "--config", CompareCommandTests.config("router"), "--config",
            missing,
        ])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains(missing), "\(result.diagnostics)")
    }
}

extension JSONValue {
    /// This object with `key` set to `value`.
    fileprivate func with(_ key: String, _ value: JSONValue) -> JSONValue {
        var members = objectValue ?? [:]
        members[key] = value
        return .object(members)
    }
}
