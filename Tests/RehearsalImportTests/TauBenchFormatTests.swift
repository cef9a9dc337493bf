import Foundation
import RehearsalCore
import RehearsalEvaluation
import RehearsalImport
import RehearsalReplay
import RehearsalScenarios
import RehearsalTesting
import Testing

/// The τ-bench importer on a small file written from τ-bench's description of its results (Resources/tau-bench).
struct TauBenchFormatTests {
    static let folder =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Resources/tau-bench/airline"
    static let file = folder + "/gpt-4o-airline.json"

    static func handMade() throws -> [ImportedTrace] {
        try TauBenchFormat.traces(in: String(contentsOfFile: file, encoding: .utf8), file: file)
    }

    @Test func recognizesAnArrayOfRuns() throws {
        let text = try String(contentsOfFile: TauBenchFormatTests.file, encoding: .utf8)
        #expect(TauBenchFormat.recognizes(try JSONParser.parse(text)))
        #expect(!TauBenchFormat.recognizes([]))
        #expect(!TauBenchFormat.recognizes(["task_id": 0, "trial": 0, "traj": []]))
        #expect(!TauBenchFormat.recognizes([["task_id": 0, "trial": 0, "messages": []]]))
        #expect(!TauBenchFormat.recognizes([["resourceSpans": []]]))
    }

    @Test func readsARunAsATrace() throws {
        let trace = try #require(try TauBenchFormatTests.handMade().first)
        #expect(trace.id == "tau-bench.airline.task-0.trial-0")
        #expect(trace.task == "tau-bench.airline.task-0")
        #expect(trace.family == "tau-bench")
        #expect(trace.source.location == "run 1 (task 0, trial 0)")
        #expect(trace.agent.model == "gpt-4o")
        #expect(trace.agent.id == "tau-bench-airline")
        #expect(trace.agent.systemPrompt.hasPrefix("# Airline Agent Policy\n"))
        #expect(trace.input == "Hi, I need to cancel a trip.")
        // The closing "###STOP###" message ends the run before the agent reads it: no turn answers it.
        #expect(trace.userTurns == ["I'm ana_ruiz_1001 and the reservation is ZQ4BLM."])
        #expect(
            trace.turns.map(\.text) == [
                "I can help with that. Could you give me your user id and the reservation id?", nil,
                "Let me cancel it.", nil,
                "Reservation ZQ4BLM is cancelled; $1,250 goes back to your card.",
            ])
        #expect(
            trace.turns.map { $0.calls.map(\.name) } == [
                [], ["get_reservation_details"], ["cancel_reservation"], ["cancel_reservation"], [],
            ])
        #expect(trace.turns[3].calls[0].arguments == #"{"reservation_id": "ZQ4BLM"}"#)
        #expect(trace.turns[3].calls[0].id == "call_A1")
        #expect(trace.recordedVerdict == ImportedTrace.RecordedVerdict(passed: true, detail: "τ-bench reward 1.0"))
    }

    @Test func pairsResultsWithTheCallBeforeThemAndKeepsErrorsApart() throws {
        let trace = try #require(try TauBenchFormatTests.handMade().first)
        // All three calls carry the id call_A1: pairing goes by order.
        #expect(
            trace.toolResults.map(\.name) == ["get_reservation_details", "cancel_reservation", "cancel_reservation"])
        #expect(
            trace.toolResults.map(\.arguments) == [
                ["reservation_id": "ZQ4BLM"], ["reservation_id": "ZQ4BLN"], ["reservation_id": "ZQ4BLM"],
            ])
        // The engine shows a failed call as "Error: <message>", so the model reads the text the trajectory has.
        #expect(trace.toolResults[1].error == "reservation not found")
        #expect(trace.toolResults[1].output == nil)
        #expect(trace.toolResults[2].error == nil)
        #expect(trace.toolResults[2].output == #"{"reservation_id": "ZQ4BLM", "status": "cancelled"}"#)
    }

    @Test func marksEachToolReadOrWrite() throws {
        let trace = try #require(try TauBenchFormatTests.handMade().first)
        let effects = Dictionary(uniqueKeysWithValues: trace.tools.map { ($0.name, $0.sideEffect) })
        #expect(
            effects == [
                "get_reservation_details": .read, "cancel_reservation": .write, "send_certificate": .write,
                "transfer_to_human_agents": .read,
            ])
        #expect(trace.tools[0].parameters["required"] == ["reservation_id"])
    }

    @Test func expectsTheGroundTruthWritesAndTheOutputsInAnyAnswer() throws {
        let trace = try #require(try TauBenchFormatTests.handMade().first)
        #expect(
            trace.expectations == [
                "trajectory": "writes", "arguments": "subset",
                "toolCalls": [
                    ["name": "get_reservation_details", "arguments": ["reservation_id": "ZQ4BLM"], "optional": true],
                    ["name": "cancel_reservation", "arguments": ["reservation_id": "ZQ4BLM"]],
                ],
                "finalAnswer": ["contains": ["1250"], "scope": "any", "ignoreCharacters": ","],
            ])
        // It is a scenario's `expect`, as the loader reads it.
        let expect = try Expectations(json: try #require(trace.expectations), at: .root)
        #expect(expect.trajectory == .writes)
        #expect(expect.finalAnswer.scope == .any)
        #expect(TauBenchFormatTests.failures(of: trace).isEmpty)
    }

    @Test func takesTheTaskFromTasksJSONWhenTheRunLacksItAndEndsAtATransfer() throws {
        let traces = try TauBenchFormatTests.handMade()
        let trace = traces[1]
        #expect(trace.id == "tau-bench.airline.task-1.trial-0")
        #expect(trace.recordedVerdict == nil)
        // The customer's last message was answered by the transfer, which ends the run: it stays a user turn.
        #expect(trace.userTurns == ["That's not enough, I want a human."])
        #expect(
            trace.expectations == [
                "trajectory": "writes", "arguments": "subset",
                "toolCalls": [
                    ["name": "send_certificate", "arguments": ["user_id": "ben_okafor_2002", "amount": 50]]
                ],
                "stopReason": "limit:maxSteps",
            ])
        #expect(
            TauBenchFormatTests.failures(of: trace) == [
                #"missing expected write send_certificate {"amount":50,"user_id":"ben_okafor_2002"}"#
            ])
    }

    /// τ-bench scores only a run that ended; one its step limit cut off, with the customer's last message never
    /// answered, keeps reward 0 whatever it wrote. Its replay runs out of turns instead of answering, and fails.
    @Test func aRunCutOffBeforeItEndedFails() throws {
        let trace = try TauBenchFormatTests.handMade()[2]
        #expect(trace.userTurns == ["Yes, please also rebook me on the next flight."])
        #expect(trace.expectations?["stopReason"] == nil)
        #expect(TauBenchFormatTests.failures(of: trace) == ["stopped with limit:maxSteps, expected answered"])
    }

    @Test func aCallThatErroredIsNotAWrite() throws {
        var trace = try #require(try TauBenchFormatTests.handMade().first)
        trace.toolResults[2].error = "reservation is already cancelled"
        trace.toolResults[2].output = nil
        // Both cancellations failed, so the run changed nothing: the expected write is missing.
        #expect(
            TauBenchFormatTests.failures(of: trace) == [
                #"missing expected write cancel_reservation {"reservation_id":"ZQ4BLM"}"#
            ])
    }

    @Test(arguments: [
        ("historical_trajectories/gpt-4o-airline.json", "gpt-4o"), ("airline/gpt-4o-trajectories.json", "gpt-4o"),
        ("claude-3-5-sonnet-20241022-retail.json", "claude-3-5-sonnet-20241022"), ("results.json", nil),
    ])
    func tellsTheModelFromTheFileName(file: String, model: String?) {
        let text =
            #"[{"task_id": 0, "trial": 0, "traj": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}]"#
        #expect((try? TauBenchFormat(tools: []).traces(in: text, file: file).first?.agent.model) == model)
    }

    @Test func namesTheFileTheLineAndWhatWasExpected() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rehearsal-tau-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/gpt-4o-airline.json"
        let orphan = """
            [
              {"task_id": 0, "trial": 0, "traj": [
                {"role": "user", "content": "Hi"},
                {"role": "tool", "name": "think", "content": ""}
              ]}
            ]
            """
        // No tools.json beside the file.
        let missing = #expect(throws: InputError.self) { try TauBenchFormat.traces(in: orphan, file: file) }
        #expect(missing?.file == folder + "/tools.json")
        #expect(missing?.message.contains("tools.json") == true)

        let reader = TauBenchFormat(tools: [], model: "gpt-4o")
        let error = #expect(throws: InputError.self) { try reader.traces(in: orphan, file: file) }
        #expect(error?.line == 4)
        #expect(error?.description.contains("$[0].traj[1]: a tool result with no tool call before it") == true)

        let unnamed = #expect(throws: InputError.self) {
            try TauBenchFormat(tools: []).traces(in: orphan, file: folder + "/runs.json")
        }
        #expect(unnamed?.message.contains("cannot tell the model from the file's name") == true)
    }

    /// Why our evaluation fails `trace`, judged from its recording alone: its calls as the engine records them
    /// (executed, or failed when the tool answered with an error), its answers, and the stop its replay comes to.
    ///
    /// The replay ends `answered` when the last turn is an answer and every user turn was answered before it;
    /// otherwise it runs out of recorded turns, and the imported scenario's step limit (its recorded turns) stops it.
    static func failures(of trace: ImportedTrace) -> [String] {
        guard let json = trace.expectations, let expect = try? Expectations(json: json, at: .root) else {
            return ["no expectations"]
        }
        let effects = Dictionary(uniqueKeysWithValues: trace.tools.map { ($0.name, $0.sideEffect) })
        var results = trace.toolResults[...]
        var calls: [ToolCallRecord] = []
        for (step, turn) in trace.turns.enumerated() {
            for call in turn.calls {
                let result = results.popFirst()
                calls.append(
                    ToolCallRecord(
                        step: step, callID: call.id ?? "", name: call.name, rawArguments: call.arguments ?? "",
                        arguments: call.arguments.flatMap { try? JSONParser.parse($0) },
                        outcome: result?.error == nil ? .executed : .failed,
                        sideEffect: effects[call.name] ?? nil,
                        observation: result?.output ?? "Error: \(result?.error ?? "")", startMs: 0, latencyMs: 0,
                        spanID: SpanID(hex: "00000000000000a1")!))
            }
        }
        let answers = trace.turns.filter(\.calls.isEmpty).map { $0.text ?? "" }
        let writes = Set(trace.tools.filter { $0.sideEffect == .write }.map(\.name))
        var failures = TrajectoryJudge.failures(
            calls, expected: expect.toolCalls, mode: expect.trajectory ?? .superset,
            rules: ArgumentRules.standard.overridden(by: expect.arguments),
            writes: writes)
        failures += AnswerJudge.failures(answers: answers, checks: expect.finalAnswer)
        let answered = trace.turns.last?.calls.isEmpty == true && answers.count == trace.userTurns.count + 1
        let stop = answered ? "answered" : "limit:maxSteps"
        if stop != expect.stopReason { failures.insert("stopped with \(stop), expected \(expect.stopReason)", at: 0) }
        return failures
    }
}

/// τ-bench's own data: 200 recorded gpt-4o runs of the airline domain (50 tasks × 4 trials), read from the
/// workspace's copy (`../shared/data/tau-bench` beside the repository, or `REHEARSAL_TAU_BENCH_DATA`).
enum TauBenchData {
    /// The data folder, when it is there.
    static let folder: String? = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder =
            ProcessInfo.processInfo.environment["REHEARSAL_TAU_BENCH_DATA"]
            ?? repository.deletingLastPathComponent().appendingPathComponent("shared/data/tau-bench").path
        return FileManager.default.fileExists(atPath: folder + "/airline/gpt-4o-trajectories.json") ? folder : nil
    }()

    static var isAvailable: Bool { folder != nil }

    static let skipReason: Comment =
        "τ-bench's data was not found (../shared/data/tau-bench beside the repository, or REHEARSAL_TAU_BENCH_DATA); the tests on its 200 recorded runs are skipped, not passed"

    static var trajectories: String { folder! + "/airline/gpt-4o-trajectories.json" }

    /// The 200 runs, imported.
    static func traces() throws -> [ImportedTrace] {
        try TauBenchFormat.traces(in: String(contentsOfFile: trajectories, encoding: .utf8), file: trajectories)
    }

    /// tasks.json.
    static func tasks() throws -> [TauBenchFormat.Task] {
        let file = folder! + "/airline/tasks.json"
        return try TauBenchFormat.tasks(in: String(contentsOfFile: file, encoding: .utf8), file: file)
    }

    /// τ-bench's published pass^1 … pass^4 for these runs (its README: gpt-4o, airline).
    static let publishedPassHat = [0.420, 0.273, 0.220, 0.200]

    /// pass^1 … pass^4 over the tasks from each run's verdict.
    static func passHat(_ verdicts: [(task: String, passed: Bool)]) -> [Double] {
        var passes: [String: (n: Int, c: Int)] = [:]
        for verdict in verdicts {
            passes[verdict.task, default: (0, 0)].n += 1
            if verdict.passed { passes[verdict.task]!.c += 1 }
        }
        return (1...4).map { k in
            passes.values.reduce(0) { $0 + Reliability.passHatK(n: $1.n, c: $1.c, k: k) } / Double(passes.count)
        }
    }
}

@Suite(.enabled(if: TauBenchData.isAvailable, TauBenchData.skipReason))
struct TauBenchRecordedRunsTests {
    @Test func importsAllTwoHundredRunsOfFiftyTasks() throws {
        let traces = try TauBenchData.traces()
        #expect(traces.count == 200)
        #expect(Set(traces.map(\.id)).count == 200)
        let trials = Dictionary(grouping: traces) { $0.task ?? "" }
        #expect(trials.count == 50)
        #expect(trials.values.allSatisfy { $0.count == 4 })
        #expect(traces[0].id == "tau-bench.airline.task-0.trial-0")
        #expect(Set(traces.map(\.agent.systemPrompt)).count == 1)
        #expect(traces.allSatisfy { $0.tools.count == 14 && $0.agent.model == "gpt-4o" })
        #expect(traces.filter { $0.recordedVerdict != nil }.count == 40)
    }

    @Test func pairsEveryToolResultWithItsCall() throws {
        for trace in try TauBenchData.traces() {
            let calls = trace.turns.flatMap(\.calls)
            #expect(calls.count == trace.toolResults.count, "\(trace.id)")
            #expect(calls.map(\.name) == trace.toolResults.map(\.name), "\(trace.id)")
            #expect(trace.turns.allSatisfy { $0.calls.count <= 1 }, "\(trace.id)")
        }
    }

    @Test func expectsAsManyWritesPerTaskAsTasksJSON() throws {
        let tasks = try TauBenchData.tasks()
        #expect(tasks.count == 50)
        for trace in try TauBenchData.traces() {
            let expect = try Expectations(json: try #require(trace.expectations, "\(trace.id)"), at: .root)
            let number = trace.task?.split(separator: "-").last.map(String.init) ?? ""
            let index = try #require(Int(number), "\(trace.id)")
            let writes = tasks[index].actions.filter { TauBenchFormat.sideEffects[$0.name] == .write }
            #expect(expect.toolCalls.filter { !$0.optional }.count == writes.count, "\(trace.id)")
            #expect(expect.finalAnswer.contains == tasks[index].outputs, "\(trace.id)")
        }
    }

    /// Our verdict, judged on each run's recorded calls and answers, against τ-bench's `reward` (kept for tasks 0-9),
    /// and pass^k over all 50 tasks against τ-bench's published figures.
    @Test func agreesWithTauBenchsRewardOnTheRecordedCalls() throws {
        let traces = try TauBenchData.traces()
        let rewarded = traces.filter { $0.recordedVerdict != nil }
        let disagreements = rewarded.filter {
            TauBenchFormatTests.failures(of: $0).isEmpty != $0.recordedVerdict!.passed
        }
        #expect(rewarded.count == 40)
        #expect(disagreements.isEmpty, "\(disagreements.map { "\($0.id): \(TauBenchFormatTests.failures(of: $0))" })")
        let passHat = TauBenchData.passHat(traces.map { ($0.task ?? "", TauBenchFormatTests.failures(of: $0).isEmpty) })
        for (ours, published) in zip(passHat, TauBenchData.publishedPassHat) {
            #expect(abs(ours - published) < 0.0005, "pass^k \(passHat) vs published \(TauBenchData.publishedPassHat)")
        }
    }
}

/// All 200 runs imported as a suite, recorded through the engine and replayed as `rehearsal run` does: the
/// verdicts agree with τ-bench's reward, and pass^k over the 50 tasks with its published figures.
@Suite(.enabled(if: TauBenchData.isAvailable, TauBenchData.skipReason))
struct TauBenchReplayTests {
    static let prices = """
        {"source": "test", "date": "2026-01-01", "models": {"gpt-4o": {"input": 2.5, "cachedInput": 1.25, "output": 10}}}
        """

    @Test func replayedVerdictsAgreeWithTauBench() async throws {
        let traces = try TauBenchData.traces()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rehearsal-tau-bench-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = try SuiteImporter.files(
            for: traces, suiteName: "tau-bench-airline", prices: TauBenchReplayTests.prices)
        for file in plan.files { try TauBenchReplayTests.write(file.text, to: folder + "/" + file.path) }
        let suite = try SuiteLoader(fileSystem: LocalFileSystem()).load(paths: [folder + "/scenarios"])
        let table = try JSONFile.decode(PriceTable.self, from: TauBenchReplayTests.prices, file: "prices.json")
        for trace in traces {
            let scenario = try #require(suite.scenarios.first { $0.id == trace.id })
            let recording = await SuiteImporter.record(trace, scenario: scenario, suite: suite, prices: table)
            let fixtures = suite.fixtureFolder(for: scenario)
            try TauBenchReplayTests.write(
                JSONFile.lines(recording.llm.map(\.json)), to: FixtureSet.llmFile(in: fixtures))
            try TauBenchReplayTests.write(
                JSONFile.lines(recording.api.map(\.json)), to: FixtureSet.apiFile(in: fixtures))
        }
        let outcome = try await RehearsalSuite.load(folder + "/scenarios").run()
        #expect(outcome.results.count == 200)

        let results = Dictionary(uniqueKeysWithValues: outcome.results.map { ($0.id, $0.evaluation) })
        let rewarded = traces.filter { $0.recordedVerdict != nil }
        let disagreements = rewarded.filter { results[$0.id]?.passed != $0.recordedVerdict!.passed }
        #expect(rewarded.count == 40)
        #expect(
            disagreements.isEmpty,
            "\(disagreements.map { "\($0.id): τ-bench \($0.recordedVerdict!.detail), ours \(results[$0.id]?.failures ?? [])" })"
        )

        let passHat = Reliability.of(outcome.results.map(\.evaluation)).passHat
        let stoppedWithError = outcome.results.filter(\.evaluation.stoppedWithError).map(\.id)
        // Each scenario stops where its recording stopped (limits.maxSteps = its recorded turns), so no replay asks
        // for a turn nobody recorded, and pass^k over the 50 tasks is τ-bench's published figures.
        #expect(stoppedWithError.isEmpty, "\(stoppedWithError.count) runs stopped with an error: \(stoppedWithError.prefix(3))")
        #expect(passHat.count == 4)
        for (ours, published) in zip(passHat, TauBenchData.publishedPassHat) {
            #expect(abs(ours - published) < 0.0005, "pass^k \(passHat) vs published \(TauBenchData.publishedPassHat)")
        }
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
