import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalScenarios
import RehearsalTesting
import Testing

struct RehearsalSuiteTests {
    @Test func loadsTheSuiteRelativeToTheTestFile() throws {
        let suite = try RehearsalSuite.load(relativeTo: #filePath, "../../scenarios")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios").path
        #expect(suite.suite.root == root)
        #expect(suite.configuration.name == "router")  // suite.json's defaultConfig
        #expect(!suite.scenarios.isEmpty)
        #expect(suite.scenarios.allSatisfy { suite.fixtures[$0.id] != nil })
    }

    @Test func picksAConfigurationOfTheSuiteByName() throws {
        let suite = try RehearsalSuite.load(
            relativeTo: #filePath, "../../scenarios", configuration: .named("always-cheap"))
        #expect(suite.configuration.name == "always-cheap")
        #expect(suite.configuration.file?.hasSuffix("scenarios/configs/always-cheap.config.json") == true)
    }

    @Test(arguments: ["router", "always-cheap"])
    func reportsTheFiguresSuiteSummaryGives(configuration: String) async throws {
        let suite = try BuiltInSuite.load(configuration)
        let outcome = try await suite.run()
        let expected = SuiteSummary.summarize(await BuiltInSuite.evaluateDirectly(suite))

        #expect(outcome.results.count == suite.scenarios.count)
        #expect(outcome.passed == expected.passed)
        #expect(outcome.failed == expected.failed)
        #expect(outcome.failures.count == expected.failed)
        #expect(outcome.results.filter(\.passed).count == expected.passed)
        #expect(outcome.passRate == Double(expected.passed) / Double(expected.scenarios))
        #expect(outcome.f1 == expected.f1)
        #expect(outcome.costUSD == expected.costUSD)
        #expect(outcome.p95LatencyMs == expected.p95Ms)
        #expect(outcome.routerSavingsPct == expected.router.savingsPct)
        #expect(
            outcome.description.hasPrefix(
                "suite built-in, configuration \(configuration): \(expected.scenarios) runs, \(expected.passed) passed, \(expected.failed) failed"
            ))
    }

    @Test func describesEveryFailureWithItsFirstDivergentCall() async throws {
        let outcome = try await BuiltInSuite.load("always-cheap").run()
        try #require(!outcome.failures.isEmpty, "the cheap models fail some of the built-in scenarios")
        let description = outcome.description
        for failure in outcome.failures {
            let first = try #require(failure.firstFailure)
            #expect(description.contains("\(failure.id) failed on \(try #require(failure.model)): \(first)"))
            if let divergence = failure.divergence {
                #expect(description.contains(divergence.description))
            }
        }
        for success in outcome.results where success.passed {
            #expect(!description.contains(success.id + " failed"))
        }

        // A failure whose calls went to a tool other than the one expected names the step, both tools and both
        // argument sets.
        let diverged = try #require(
            outcome.failures.first { $0.divergence?.expected != nil && $0.divergence?.actual != nil })
        let divergence = try #require(diverged.divergence)
        let expectedCall = try #require(divergence.expected)
        let actualCall = try #require(divergence.actual)
        #expect(actualCall.name == diverged.toolCalls[divergence.index].name)
        let block = diverged.description
        #expect(block.hasPrefix("\(diverged.id) failed on "))
        #expect(block.contains("trajectory diverges at call \(divergence.index + 1): expected \(expectedCall.name)"))
        #expect(block.contains("the agent called \(actualCall.name)"))
        if let arguments = expectedCall.arguments { #expect(block.contains(String(arguments.serialized().prefix(40)))) }
    }

    @Test func passingRunsLeaveTheFailureReportEmpty() async throws {
        let suite = try BuiltInSuite.load("router")
        let passing = try await suite.run().results.filter(\.passed).map(\.id)
        try #require(!passing.isEmpty)
        let outcome = try await suite.run(scenarios: passing)
        #expect(outcome.failures.isEmpty)
        #expect(outcome.failureReport.isEmpty)
        #expect(outcome.passRate == 1)
        #expect(!outcome.description.contains("\n"))
        #expect(outcome.results.allSatisfy { $0.description.hasPrefix("\($0.id) passed on \($0.model ?? "?"): ") })
    }

    @Test func runsOnlyTheScenariosTheFilterSelects() async throws {
        let suite = try BuiltInSuite.load("router")
        let outcome = try await suite.run(only: { $0.family == "procurement" })
        let procurement = suite.scenarios.filter { $0.family == "procurement" }.map(\.id)
        try #require(!procurement.isEmpty)
        #expect(outcome.results.map(\.id) == procurement)
        #expect(outcome.results.count < suite.scenarios.count)
    }

    @Test func runsScenariosByIdInSuiteOrder() async throws {
        let suite = try BuiltInSuite.load("router")
        let ids = suite.scenarios.map(\.id)
        try #require(ids.count >= 3)
        let outcome = try await suite.run(scenarios: [ids[2], ids[0]], baseline: false)
        #expect(outcome.results.map(\.id) == [ids[0], ids[2]])
        #expect(outcome.routerSavingsPct == nil)
        #expect(outcome.result(for: ids[2])?.id == ids[2])
        #expect(outcome.result(for: ids[1]) == nil)
    }

    @Test func replaysEveryRecordedTrial() async throws {
        let suite = try BuiltInSuite.load("router")
        let multi = suite.scenarios.filter { suite.fixtures[$0.id]!.trials >= 3 }
        try #require(!multi.isEmpty, "the shipping family is recorded for three trials")
        let outcome = try await suite.run(scenarios: multi.map(\.id), trials: 3)
        #expect(outcome.results.count == multi.count * 3)
        #expect(outcome.results.map(\.trial) == multi.flatMap { _ in [0, 1, 2] })
        #expect(outcome.results.allSatisfy { $0.label == "\($0.id) (trial \($0.trial + 1))" })
        #expect(outcome.description.contains("runs (3 trials)"))
    }

    @Test func refusesMoreTrialsThanTheRecordingsHold() async throws {
        let suite = try BuiltInSuite.load("router")
        let single = try #require(suite.scenarios.first { suite.fixtures[$0.id]!.trials == 1 })
        let error = await #expect(throws: SuiteRunError.self) { try await suite.run(scenarios: [single.id], trials: 3) }
        #expect(error?.code == "tooFewTrials")
        #expect(error?.message.contains("\(single.id) (1)") == true)
    }

    @Test func refusesAnUnknownScenarioIdSuggestingTheNearest() async throws {
        let suite = try BuiltInSuite.load("router")
        let real = try #require(suite.scenarios.first?.id)
        let typo = String(real.dropLast())
        let error = await #expect(throws: SuiteRunError.self) {
            try await suite.run(scenarios: [typo, "zzz-no-such-scenario"])
        }
        #expect(error?.code == "unknownScenario")
        #expect(error?.message.contains("\"\(typo)\" (did you mean \(real)") == true)
        #expect(error?.message.contains("\"zzz-no-such-scenario\"; its \(suite.scenarios.count) scenarios") == true)
    }

    @Test func refusesASelectionOfNothing() async throws {
        let suite = try BuiltInSuite.load("router")
        let error = await #expect(throws: SuiteRunError.self) {
            try await suite.run(only: { $0.family == "no-such-family" })
        }
        #expect(error?.code == "noScenarioSelected")
    }

    @Test func aMissingSuitePathIsAThrownErrorNamingIt() throws {
        let error = #expect(throws: SuiteLoadError.self) {
            try RehearsalSuite.load(relativeTo: #filePath, "../../no-such-scenarios")
        }
        let problem = try #require(error?.errors.first)
        #expect(problem.file.hasSuffix("/no-such-scenarios"))
        #expect(problem.file.hasPrefix("/"))
        #expect(problem.message == "no such file or folder")
    }

    @Test func aMalformedConfigurationIsAThrownErrorWithItsFileAndPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rehearsal-testing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.config.json").path
        try #"{"name": "broken", "router": {"kind": "fixed", "tier": "medium"}}"#.write(
            toFile: file, atomically: true, encoding: .utf8)

        let error = #expect(throws: SuiteLoadError.self) {
            try RehearsalSuite.load(relativeTo: #filePath, "../../scenarios", configuration: .file(file))
        }
        let problem = try #require(error?.errors.first)
        #expect(problem.file == file)
        #expect(problem.line == 1)
        #expect(problem.path?.description == "$.router.tier")
        #expect(error?.description.hasPrefix("error: \(file):1:") == true)
    }

    @Test func anUnknownConfigurationNameListsTheSuitesConfigurations() throws {
        let error = #expect(throws: SuiteLoadError.self) {
            try RehearsalSuite.load(relativeTo: #filePath, "../../scenarios", configuration: .named("fastest"))
        }
        let problem = try #require(error?.errors.first)
        #expect(problem.file.hasSuffix("scenarios/suite.json"))
        #expect(problem.message.contains("no configuration named \"fastest\""))
        #expect(problem.message.contains("always-cheap"))
    }

    @Test func aMissingFixturesFolderIsOneErrorNamingIt() throws {
        let error = #expect(throws: SuiteLoadError.self) {
            try RehearsalSuite.load(relativeTo: #filePath, "../../scenarios", fixtures: "../../no-such-fixtures")
        }
        #expect(error?.errors.count == 1)
        #expect(error?.errors.first?.file.hasSuffix("/no-such-fixtures") == true)
        #expect(error?.errors.first?.message.hasPrefix("no such fixtures folder") == true)
    }
}
