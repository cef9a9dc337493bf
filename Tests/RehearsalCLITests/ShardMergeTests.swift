import Foundation
import RehearsalCLI
import RehearsalCore
import Testing

/// `run --shard I/N` and `merge`: the shards of a run put back together give the report one machine writes.
struct ShardMergeTests {
    let scratch = Scratch()

    /// `report.json` without `environment`, as text: the part of a report that must be byte-identical.
    static func deterministicPart(_ folder: String) throws -> String {
        let text = try String(contentsOfFile: folder + "/report.json", encoding: .utf8)
        guard case .object(var members) = try JSONParser.parse(text) else { return "" }
        members["environment"] = nil
        return JSONValue.object(members).serialized(.pretty)
    }

    static func startedAt(_ folder: String) throws -> String {
        let text = try String(contentsOfFile: folder + "/report.json", encoding: .utf8)
        return try JSONParser.parse(text)["environment"]?["startedAt"]?.stringValue ?? ""
    }

    /// Runs `arguments` whole and in `count` shards, merges the shards, and checks the merged report against the
    /// whole run's.
    func checkMergeEqualsSingleRun(_ arguments: [String], shards count: Int) async throws {
        let single = try scratch.folder()
        let whole = await CLIHarness.run(["run"] + arguments + ["--out", single, "--no-db"])
        #expect(whole.exitCode != .usage, "\(whole.diagnostics)")
        var folders: [String] = []
        var runs = 0
        for index in 1...count {
            let folder = try scratch.folder()
            let part = await CLIHarness.run(["run"] + arguments + ["--shard", "\(index)/\(count)", "--out", folder, "--no-db"])
            #expect(part.exitCode != .usage, "\(part.diagnostics)")
            let json = try JSONParser.parse(try String(contentsOfFile: folder + "/report.json", encoding: .utf8))
            runs += json["scenarios"]?.arrayValue?.count ?? 0
            #expect(json["shard"]?["index"]?.numberValue == Double(index))
            folders.append(folder)
        }
        let merged = try scratch.folder()
        // In another order than the shards' numbers: merge sorts them.
        let result = await CLIHarness.run(["merge"] + folders.reversed() + ["--out", merged])
        #expect(result.exitCode == whole.exitCode, "\(result.diagnostics)")
        #expect(result.output.contains("merged \(count) shards"))
        let expected = try ShardMergeTests.deterministicPart(single)
        #expect(runs == (try JSONParser.parse(expected)["scenarios"]?.arrayValue?.count), "the shards ran every scenario run once")
        #expect(try ShardMergeTests.deterministicPart(merged) == expected)
        // The rendered files differ by the start time only.
        let (wholeStart, mergedStart) = (try ShardMergeTests.startedAt(single), try ShardMergeTests.startedAt(merged))
        #expect(!mergedStart.isEmpty)
        for name in ["junit.xml", "summary.md", "report.html"] {
            let mine = try String(contentsOfFile: single + "/" + name, encoding: .utf8).replacingOccurrences(of: wholeStart, with: "START")
            let theirs = try String(contentsOfFile: merged + "/" + name, encoding: .utf8).replacingOccurrences(of: mergedStart, with: "START")
            #expect(mine == theirs, "\(name) differs")
        }
    }

    @Test func fourShardsOfTheBuiltInSuiteMergeIntoTheSingleRunReport() async throws {
        try await checkMergeEqualsSingleRun([], shards: 4)
    }

    @Test func shardsOfTrialsMergeWithTheirReliability() async throws {
        try await checkMergeEqualsSingleRun([CLIHarness.root + "/scenarios/shipping", "--trials", "3", "--no-sweep"], shards: 3)
    }

    @Test func aShardRunsOnlyItsPartAndSaysWhichInItsReport() async throws {
        let folder = try scratch.folder()
        let result = await CLIHarness.run(["run", "--shard", "2/4", "--out", folder, "--no-db", "--no-sweep"])
        #expect(result.exitCode != .usage, "\(result.diagnostics)")
        let json = try JSONParser.parse(try String(contentsOfFile: folder + "/report.json", encoding: .utf8))
        let scenarios = json["scenarios"]?.arrayValue ?? []
        let total = Int(json["shard"]?["suiteScenarios"]?.numberValue ?? 0)
        #expect(total > 0 && scenarios.count <= (total + 3) / 4 && !scenarios.isEmpty)
        #expect(json["summary"]?["scenarios"]?.numberValue == Double(scenarios.count))
    }

    @Test func refusesABadShardOption() async throws {
        for bad in ["0/4", "5/4", "two/four", "3"] {
            let result = await CLIHarness.run(["run", "--shard", bad, "--no-db"])
            #expect(result.exitCode == .usage)
            #expect(result.diagnostics.contains("--shard needs I/N"), "\(result.diagnostics)")
        }
    }

    @Test func aShardReportIsNeitherGatedNorSavedAsABaseline() async throws {
        let folder = try scratch.folder()
        _ = await CLIHarness.run(["run", CLIHarness.root + "/scenarios/returns", "--shard", "1/2", "--out", folder, "--no-db", "--no-sweep"])
        for option in [["--baseline", CLIHarness.root + "/.ci/baseline.json"], ["--save-baseline", folder + "/baseline.json"]] {
            let result = await CLIHarness.run(["report", folder] + option)
            #expect(result.exitCode == .usage, "\(result.output)")
            #expect(result.diagnostics.contains("is shard 1/2: merge the shards first"), "\(result.diagnostics)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/baseline.json"))
    }

    @Test func refusesMissingDuplicatedAndMismatchedShardsAndWritesNothing() async throws {
        var folders: [String] = []
        for index in 1...3 {
            let folder = try scratch.folder()
            _ = await CLIHarness.run(["run", CLIHarness.root + "/scenarios/returns", "--shard", "\(index)/3", "--out", folder, "--no-db", "--no-sweep"])
            folders.append(folder)
        }
        let other = try scratch.folder()
        _ = await CLIHarness.run([
            "run", CLIHarness.root + "/scenarios/returns", "--shard", "2/3", "--config", CLIHarness.root + "/scenarios/configs/always-cheap.config.json",
            "--out", other, "--no-db", "--no-sweep",
        ])
        let whole = try scratch.folder()
        _ = await CLIHarness.run(["run", CLIHarness.root + "/scenarios/returns", "--out", whole, "--no-db", "--no-sweep"])
        let cases: [([String], String)] = [
            ([folders[0], folders[2]], "missing shard 2/3"),
            ([folders[0], folders[1], folders[1], folders[2]], "shard 2/3 is also"),
            ([folders[0], other, folders[2]], "$.configuration: differs from"),
            ([folders[0], whole], "not a shard report"),
            ([folders[0], folders[1] + "/nothing-here"], "no such file"),
        ]
        for (paths, message) in cases {
            let out = try scratch.folder()
            let result = await CLIHarness.run(["merge"] + paths + ["--out", out])
            #expect(result.exitCode == .usage, "\(message)")
            #expect(result.diagnostics.contains(message), "\(result.diagnostics)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
        }
        let none = await CLIHarness.run(["merge"])
        #expect(none.exitCode == .usage)
    }
}
