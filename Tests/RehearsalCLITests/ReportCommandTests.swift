import Foundation
import RehearsalCLI
import RehearsalCore
import Testing

struct ReportCommandTests {
    let scratch = Scratch()

    static let renderedFiles = ["report.html", "junit.xml", "summary.md"]

    /// A run of a few built-in scenarios (one failing under the default router) into a fresh folder.
    func smallRun() async throws -> String {
        let out = try scratch.folder()
        let scenarios = CLIHarness.root + "/scenarios"
        let result = await CLIHarness.run([
            "run", scenarios + "/procurement/po-rejected.scenario.json", scenarios + "/returns/order-status.scenario.json",
            scenarios + "/shipping/ticket-write-denied.scenario.json", "--out", out,
        ])
        #expect(result.exitCode != .usage, "\(result.diagnostics)")
        return out
    }

    @Test func runWritesTheRenderedFilesBesideTheReport() async throws {
        let out = try await smallRun()
        for name in ["report.json"] + ReportCommandTests.renderedFiles {
            let size = (try? FileManager.default.attributesOfItem(atPath: out + "/" + name)[.size] as? Int) ?? 0
            #expect(size > 0, "\(name) was not written")
        }
    }

    @Test func rendersTheSameFilesAgainFromAnArchivedReport() async throws {
        let out = try await smallRun()
        let again = try scratch.folder()
        let result = await CLIHarness.run(["report", out + "/report.json", "--out", again])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        for name in ReportCommandTests.renderedFiles {
            let first = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            let second = try String(contentsOfFile: again + "/" + name, encoding: .utf8)
            #expect(first == second, "\(name) rendered from the archived report differs from the run's")
            #expect(result.output.contains(again + "/" + name))
        }
        #expect(!FileManager.default.fileExists(atPath: again + "/report.json"), "the report itself is not copied or changed")
    }

    @Test func takesTheReportFolderAndWritesBesideTheReport() async throws {
        let out = try await smallRun()
        try FileManager.default.removeItem(atPath: out + "/report.html")
        let result = await CLIHarness.run(["report", out])
        #expect(result.exitCode == .success, "\(result.diagnostics)")
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
    }

    @Test func rejectsAReportThatDoesNotReadWithItsPlaceAndWritesNothing() async throws {
        let folder = try scratch.folder()
        try "{\n  \"schemaVersion\": 2,\n  \"suite\": []\n}\n".write(toFile: folder + "/report.json", atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["report", folder + "/report.json"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains(folder + "/report.json:3:12: $.suite: expected an object, found array of 0"), "\(result.diagnostics)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report.json"])
    }

    @Test func refusesAReportFromANewerRehearsal() async throws {
        let folder = try scratch.folder()
        try #"{"schemaVersion": 99}"#.write(toFile: folder + "/report.json", atomically: true, encoding: .utf8)
        let result = await CLIHarness.run(["report", folder])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("found 99; use a newer rehearsal"))
    }

    @Test(arguments: [[String](), ["a.json", "b.json"]])
    func needsExactlyOneReport(_ paths: [String]) async {
        let result = await CLIHarness.run(["report"] + paths)
        #expect(result.exitCode == .usage)
    }

    @Test func saysWhenTheReportIsMissing() async throws {
        let folder = try scratch.folder()
        let result = await CLIHarness.run(["report", folder + "/nope.json"])
        #expect(result.exitCode == .usage)
        #expect(result.diagnostics.contains("nope.json: no such file"))
    }
}
