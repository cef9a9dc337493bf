import Foundation
public import RehearsalCore
public import RehearsalReplay
public import RehearsalScenarios

/// Turns imported traces into a suite `rehearsal run` replays: the suite files (``files(for:prices:)``), then each
/// scenario's fixtures, recorded by running the engine on the trace's turns and tool results (``record(_:scenario:suite:prices:)``)
/// so the recordings carry the engine's own request keys.
///
/// Layout of the suite it writes, under the folder given:
///
/// ```
/// suite.json                       name, prices, default configuration, fixtures folder
/// prices.json                      the price table the import was given
/// configs/imported.config.json     every agent on the recorded model (`sequence` matcher for skeletons)
/// agents/<agent>.agent.json        one per distinct prompt, model and tool set
/// tools/<tool>.tool.json           one per tool
/// scenarios/<id>.scenario.json     one per trace
/// fixtures/<id>/llm.jsonl, api.jsonl
/// ```
public enum SuiteImporter {
    /// A file of the imported suite: its path inside the suite folder, and its text.
    public struct File: Sendable, Hashable {
        public var path: String
        public var text: String
    }

    /// What importing decided about the traces, besides the files: the agent each trace runs, and notes to show.
    public struct Plan: Sendable {
        /// The files to write, suite.json first.
        public var files: [File]
        /// Trace id → the agent id its scenario runs.
        public var agents: [String: String]
        /// Things the user should know (a tool whose side effect was guessed, two definitions of one tool).
        public var notes: [String]
    }

    /// The name of the configuration an imported suite runs by default.
    public static let configurationName = "imported"

    /// The suite files for `traces`, with `prices` (a price table's text) copied in.
    /// - Throws: ``InputError`` when two traces share an id.
    public static func files(for traces: [ImportedTrace], suiteName: String, prices: String) throws(InputError) -> Plan {
        var notes: [String] = []
        var seen: [String: ImportedTrace.Source] = [:]
        for trace in traces {
            if let other = seen[trace.id] {
                throw InputError(file: trace.source.file, message: "\(trace.source.location) and \(other.location) both import as scenario \(trace.id); scenario ids must be unique")
            }
            seen[trace.id] = trace.source
        }

        // Tools: the first definition of each name; a later, different one is noted, not silently merged.
        var tools: [String: ImportedTrace.Tool] = [:]
        var toolOrder: [String] = []
        for trace in traces {
            for tool in trace.tools {
                if let known = tools[tool.name] {
                    if known != tool { notes.append("tool \(tool.name) is defined differently in some traces; the first definition (\(traces.first { $0.tools.contains(known) }?.source.location ?? "?")) is used") }
                    continue
                }
                tools[tool.name] = tool
                toolOrder.append(tool.name)
            }
            // A tool the model called that the trace never defined (skeletons know only names) still needs a file.
            for name in trace.turns.flatMap({ $0.calls.map(\.name) }) where tools[name] == nil {
                tools[name] = ImportedTrace.Tool(name: name, description: "Called in the recorded trace; its definition was not captured.")
                toolOrder.append(name)
            }
        }
        var sideEffects: [String: SideEffect] = [:]
        for name in toolOrder {
            if let effect = tools[name]!.sideEffect {
                sideEffects[name] = effect
            } else {
                sideEffects[name] = guessedSideEffect(of: name)
                notes.append("tool \(name): the trace does not say whether it changes state; imported as \(sideEffects[name]!.rawValue) from its name (edit tools/\(name).tool.json if that is wrong)")
            }
        }

        // Agents: one per distinct prompt, model and tool set, named by the trace's agent id (numbered on clashes).
        struct AgentKey: Hashable { var prompt: String, model: String, tools: [String], temperature: Double? }
        var agentIDs: [AgentKey: String] = [:]
        var agentFiles: [File] = []
        var traceAgents: [String: String] = [:]
        for trace in traces {
            let names = orderedUnique(trace.tools.map(\.name) + trace.turns.flatMap { $0.calls.map(\.name) })
            let key = AgentKey(prompt: trace.agent.systemPrompt, model: trace.agent.model, tools: names, temperature: trace.agent.temperature)
            if let id = agentIDs[key] {
                traceAgents[trace.id] = id
                continue
            }
            let base = ImportedTrace.scenarioID(trace.agent.id)
            var id = base
            var number = 2
            while agentIDs.values.contains(id) {
                id = "\(base)-\(number)"
                number += 1
            }
            agentIDs[key] = id
            traceAgents[trace.id] = id
            var agent: [String: JSONValue] = [
                "id": .string(id),
                "description": .string("Imported from \(trace.source.format) (\(trace.source.file), \(trace.source.location)): the agent as it ran, on the model it used."),
                "systemPrompt": .string(trace.agent.systemPrompt), "tools": names.json,
                "models": ["cheap": .string(trace.agent.model), "strong": .string(trace.agent.model)],
            ]
            if let temperature = trace.agent.temperature { agent["sampling"] = ["temperature": .number(temperature)] }
            agentFiles.append(File(path: "agents/\(id).agent.json", text: JSONValue.object(agent).serialized(.pretty) + "\n"))
        }
        let unmeasured = traces.filter { $0.turns.contains { $0.usage == nil } }.count
        if unmeasured > 0 {
            notes.append("\(unmeasured) of \(traces.count) trace\(traces.count == 1 ? "" : "s") recorded no token counts for some model calls: those are estimated from the text (about 4 characters a token), so their costs are estimates")
        }
        let untimed = traces.filter { $0.turns.contains { $0.latencyMs == nil } }.count
        if untimed > 0 {
            notes.append("\(untimed) of \(traces.count) trace\(traces.count == 1 ? "" : "s") recorded no latency for some model calls: those take 0 ms on the virtual clock")
        }
        var files: [File] = []
        let skeleton = traces.contains(where: \.skeleton)
        files.append(File(path: "suite.json", text: JSONValue.object([
            "name": .string(suiteName),
            "description": .string("Imported with `rehearsal import` from \(Set(traces.map(\.source.file)).sorted().joined(separator: ", ")): \(traces.count) recorded run\(traces.count == 1 ? "" : "s")."),
            "fixtures": "fixtures", "prices": "prices.json", "defaultConfig": .string("configs/\(configurationName).config.json"),
        ]).serialized(.pretty) + "\n"))
        files.append(File(path: "prices.json", text: prices.hasSuffix("\n") ? prices : prices + "\n"))
        files.append(File(path: "configs/\(configurationName).config.json", text: JSONValue.object([
            "name": .string(configurationName),
            "description": .string(skeleton
                ? "Every agent on the model its trace used. The traces carry no message content, so requests are matched by their order (the sequence matcher), not their text."
                : "Every agent on the model its trace used, as it ran."),
            "router": ["kind": "fixed", "tier": "strong"],
            "matcher": .string(skeleton ? "sequence" : "canonical"),
        ]).serialized(.pretty) + "\n"))
        files += agentFiles
        // A skeleton's calls carry no arguments: its tools accept any, or validation would refuse every replayed call.
        let skeletonTools = Set(traces.filter(\.skeleton).flatMap { $0.turns.flatMap { $0.calls.map(\.name) } })
        for name in toolOrder {
            var tool = tools[name]!
            if skeletonTools.contains(name) { tool.parameters = ["type": "object"] }
            let effect = sideEffects[name]!
            let definition: JSONValue = [
                "type": "function",
                "function": ["name": .string(name), "description": .string(tool.description), "parameters": tool.parameters],
                "x-rehearsal": ["scopes": [.string(scope(of: name))], "sideEffect": .string(effect.rawValue), "requiresApproval": false],
            ]
            files.append(File(path: "tools/\(name).tool.json", text: definition.serialized(.pretty) + "\n"))
        }
        for trace in traces {
            files.append(File(path: "scenarios/\(trace.id).scenario.json", text: scenario(trace, agent: traceAgents[trace.id]!).serialized(.pretty) + "\n"))
        }
        return Plan(files: files, agents: traceAgents, notes: orderedUnique(notes))
    }

    /// The user message a scenario gets where its trace captured none.
    public static let uncapturedUserMessage = "(the user's message was not captured in the trace)"

    /// The scope a tool requires in an imported suite; the imported principal holds every one, so a replay is denied
    /// only when someone takes a scope away.
    public static func scope(of tool: String) -> String { "call:\(tool)" }

    /// The scenario for `trace`, run by `agent`.
    static func scenario(_ trace: ImportedTrace, agent: String) -> JSONValue {
        let tools = orderedUnique(trace.tools.map(\.name) + trace.turns.flatMap { $0.calls.map(\.name) })
        var members: [String: JSONValue] = [
            "id": .string(trace.id), "family": .string(trace.family), "title": .string(trace.title),
            "description": .string("Imported from \(trace.source.format): \(trace.source.file), \(trace.source.location)."
                + (trace.recordedVerdict.map { " Recorded verdict: \($0.passed ? "passed" : "failed") (\($0.detail))." } ?? "")
                + (trace.skeleton ? " A skeleton: the trace carries no message content." : "")
                + (trace.failedTurn.map { " The recorded model call \($0 + 1) failed (\(trace.turns[$0].error ?? "")); the replay stops before it." } ?? "")
                + (trace.turns.contains { $0.usage == nil } ? " Token counts the trace did not record are estimated from the text." : "")),
            "agent": .string(agent),
            "principal": ["userId": "imported", "roles": ["imported"], "scopes": .array(tools.map { .string(scope(of: $0)) })],
            "input": .string(trace.input.isEmpty ? SuiteImporter.uncapturedUserMessage : trace.input),
            "expect": trace.expectations ?? recordedExpectations(trace),
        ]
        // Every answer but the last was followed by a user message, or the recorded run would have ended there: a
        // trace that did not capture them (a skeleton) gets placeholders, so the replay goes on as the run did.
        let answers = trace.turns.dropLast().filter { $0.calls.isEmpty && $0.error == nil }.count
        var userTurns = trace.userTurns
        while userTurns.count < answers { userTurns.append(SuiteImporter.uncapturedUserMessage) }
        if !userTurns.isEmpty { members["userTurns"] = userTurns.json }
        // The recording is as long as it is: a replay asked for one more model call than it recorded (a run that
        // ended on a tool call, a transfer, a step limit) stops at the limit, as the recorded run stopped, rather
        // than failing on a call nobody recorded. A model call that failed (a 429, an error span) has no answer to
        // replay: the replay stops just before it, where the recording's answers end.
        let replayable = trace.replayableTurns.count
        if replayable > 0 { members["limits"] = ["maxSteps": replayable.json] }
        if let task = trace.task { members["trialOf"] = .string(task) }
        return .object(members)
    }

    /// What a trace without ground truth is expected to do: what it did. The calls in their recorded order with
    /// their recorded arguments (names only for a skeleton), so a replay passes exactly when it follows the
    /// recording, and a change that makes it leave the recording fails at the step where it does.
    static func recordedExpectations(_ trace: ImportedTrace) -> JSONValue {
        let calls = trace.replayableTurns.flatMap(\.calls).map { call -> JSONValue in
            var expected: [String: JSONValue] = ["name": .string(call.name)]
            if let text = call.arguments, let arguments = try? JSONParser.parse(text), case .object = arguments { expected["arguments"] = arguments }
            return .object(expected)
        }
        var expect: JSONValue = ["trajectory": "strict", "toolCalls": .array(calls), "arguments": ["mode": "exact"]]
        // A recording that ends on tool calls, or on a model call that failed, never answered: it stops where the
        // recording stops.
        let endsEarly = trace.failedTurn.map { $0 > 0 } ?? (trace.turns.last.map { !$0.calls.isEmpty } ?? false)
        if endsEarly, case .object(var members) = expect {
            members["stopReason"] = "limit:maxSteps"
            expect = .object(members)
        }
        return expect
    }

    /// A tool's side effect guessed from its name when the trace does not say: reads start with a verb that looks.
    static func guessedSideEffect(of name: String) -> SideEffect {
        let reads = ["get", "list", "search", "find", "lookup", "look_up", "read", "fetch", "query", "check", "calculate", "compute", "think", "show", "describe", "track", "retrieve"]
        let lowered = name.lowercased()
        return reads.contains { lowered == $0 || lowered.hasPrefix($0 + "_") || lowered.hasPrefix($0 + "-") || lowered.hasPrefix($0) && lowered.dropFirst($0.count).first?.isUppercase == true }
            ? .read : .write
    }

    static func orderedUnique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

extension SuiteImporter {
    /// A scenario's fixtures, recorded from its trace, and how the recording run went.
    public struct Recording: Sendable {
        /// The model exchanges, keyed by the engine's requests.
        public var llm: [LLMExchange]
        /// The tool exchanges.
        public var api: [APIExchange]
        /// The run that recorded them.
        public var run: AgentRun
        /// Why the run does not reproduce the trace, when it does not: it stopped with an error, or left recorded
        /// turns or tool results unused.
        public var problems: [String]
    }

    /// Records `scenario`'s fixtures by running the engine on `trace`'s turns and tool results under the suite's
    /// default configuration (the imported one).
    public static func record(_ trace: ImportedTrace, scenario: Scenario, suite: Suite, prices: PriceTable) async -> Recording {
        let session = RecordingSession(mode: .all)
        let provenance = Provenance(
            source: .imported, provider: trace.source.provider ?? trace.source.format, detail: "\(trace.source.file) (\(trace.source.format), \(trace.source.location))")
        let runner = ScenarioRunner(suite: suite, configuration: suite.defaultConfiguration, prices: prices, computesBaseline: false)
        let run = await runner.record(
            scenario, modelClient: session.modelClient(wrapping: TranscriptModelClient(trace: trace), provenance: provenance),
            toolExecutor: session.toolExecutor(wrapping: TranscriptToolExecutor(trace: trace), provenance: provenance, reRecording: true))
        var problems: [String] = []
        if let divergence = RecordingDivergence.first(trace: trace, run: run), divergence.difference == "outcome" {
            // The engine refused a call the recorded run made: the fixtures hold what Rehearsal does, not what ran.
            problems.append("call \(divergence.index + 1) (\(divergence.replayed.tool ?? "?")) ran in the recording but is \(divergence.replayed.outcome ?? "refused") here (\(divergence.replayed.gateway ?? ""))")
        }
        if case .error(let message) = run.stopReason { problems.append("the replay stopped: \(message)") }
        let steps = run.steps.count
        let replayable = trace.replayableTurns.count
        if steps < replayable, run.stopReason == .answered {
            problems.append("the engine ended after \(steps) of the \(replayable) recorded model turns")
        }
        let executed = run.toolCalls.filter { [.executed, .failed].contains($0.outcome) }.count
        if executed < trace.toolResults.count, run.stopReason == .answered {
            problems.append("\(trace.toolResults.count - executed) of the \(trace.toolResults.count) recorded tool results were not used")
        }
        return Recording(llm: session.llmExchanges, api: session.apiExchanges, run: run, problems: problems)
    }
}

extension ImportedTrace {
    /// The index of the first model turn that failed (its call returned an error), if one did.
    public var failedTurn: Int? { turns.firstIndex { $0.error != nil } }

    /// The turns a replay can play: those before the first failed one.
    public var replayableTurns: ArraySlice<Turn> { turns[..<(failedTurn ?? turns.count)] }
}
