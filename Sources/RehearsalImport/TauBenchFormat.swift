import Foundation
public import RehearsalCore
public import RehearsalScenarios

/// τ-bench trajectories (Yao et al., 2024, "τ-bench: A Benchmark for Tool-Agent-User Interaction in Real-World
/// Domains"; github.com/sierra-research/tau-bench): a JSON array of runs, each `{"task_id", "trial", "traj",
/// "info": {"task"}, "reward"?}`, where `traj` is the whole conversation in OpenAI chat format.
///
/// Each run becomes one trace, `tau-bench.<domain>.task-<task_id>.trial-<trial>`: the `system` message (the domain's
/// policy) is the agent's prompt; the simulated customer's first message is the input and its later ones the user
/// turns (the closing message carrying `###STOP###`, which τ-bench never shows the agent, is left out); every
/// assistant message is a model turn; every `tool` message is the result of the call just before it (paired by
/// order: call ids repeat within a run), an `error` when its text starts with `Error` (τ-bench's tools change nothing
/// when they answer so). The tools come from τ-bench's `tools.json`, each marked read or write
/// (``sideEffects``); the task's ground truth (the run's `info.task`, else `tasks.json` by `task_id`) becomes the
/// expectations (``Task/expectations(sideEffects:endsAtTerminateTool:)``), and `reward`, where the file kept it, the
/// recorded verdict.
///
/// ``TraceFormat``'s reader finds `tools.json` (required) and `tasks.json` (optional) beside the trajectories file
/// and tells the model from its name (τ-bench names them `<model>-<domain>.json`); build a reader with
/// ``init(beside:in:toolsFile:tasksFile:domain:model:)`` or ``init(tools:tasks:domain:model:)`` to say otherwise.
public struct TauBenchFormat: TraceFormat {
    public static let name = "tau-bench"

    /// The tools the agent was offered (τ-bench's `tools.json`), in order, each marked read or write.
    public var tools: [ImportedTrace.Tool]
    /// The domain's tasks by `task_index` (τ-bench's `tasks.json`), for runs that do not carry their task.
    public var tasks: [Int: Task]
    /// The domain (`airline`, `retail`); nil tells it from the policy's heading, else the file's name or folder.
    public var domain: String?
    /// The model that ran; nil tells it from the file's name.
    public var model: String?

    /// A reader with the tools and tasks given.
    public init(tools: [ImportedTrace.Tool], tasks: [Task] = [], domain: String? = nil, model: String? = nil) {
        self.tools = tools
        self.tasks = Dictionary(
            tasks.compactMap { task in task.index.map { ($0, task) } }, uniquingKeysWith: { first, _ in first })
        self.domain = domain
        self.model = model
    }

    /// A reader for the trajectories file `file`, with τ-bench's `tools.json` and `tasks.json` read from beside it
    /// unless other paths are given.
    /// - Parameters:
    ///   - toolsFile: the tool definitions (each tool's `get_info()`); default `tools.json` in `file`'s folder, which
    ///     must exist.
    ///   - tasksFile: the tasks; default `tasks.json` in `file`'s folder, read when it exists (runs usually carry
    ///     their task in `info.task`).
    /// - Throws: ``InputError`` when the tools file is missing or either file does not read.
    public init(
        beside file: String, in fileSystem: any FileSystem, toolsFile: String? = nil, tasksFile: String? = nil,
        domain: String? = nil,
        model: String? = nil
    ) throws(InputError) {
        let folder = Path.parent(of: file)
        let toolsPath = toolsFile ?? Path.join(folder, "tools.json")
        guard fileSystem.kind(of: toolsPath) == .file else {
            throw InputError(
                file: toolsPath,
                message:
                    "no such file: τ-bench's tool definitions (tools.json, each tool's get_info()) are needed beside \(file) for the tools' schemas"
            )
        }
        let tools = try Self.tools(in: try Self.read(toolsPath, in: fileSystem), file: toolsPath)
        let tasksPath = tasksFile ?? Path.join(folder, "tasks.json")
        var tasks: [Task] = []
        if tasksFile != nil || fileSystem.kind(of: tasksPath) == .file {
            tasks = try Self.tasks(in: try Self.read(tasksPath, in: fileSystem), file: tasksPath)
        }
        self.init(tools: tools, tasks: tasks, domain: domain, model: model)
    }

    /// Whether `json` is a τ-bench results file: a non-empty array of objects with `task_id`, `trial` and `traj`.
    public static func recognizes(_ json: JSONValue) -> Bool {
        guard case .array(let runs) = json, !runs.isEmpty else { return false }
        return runs.allSatisfy { run in
            guard case .object(let members) = run else { return false }
            return members["task_id"] != nil && members["trial"] != nil && members["traj"] != nil
        }
    }

    /// The runs in `text`, with `tools.json` and `tasks.json` from beside `file` on the local disk.
    /// - Throws: ``InputError`` naming the file, line and JSON path, and what was expected.
    public static func traces(in text: String, file: String) throws(InputError) -> [ImportedTrace] {
        try TauBenchFormat(beside: file, in: LocalFileSystem()).traces(in: text, file: file)
    }

    /// The runs in `text`, the contents of `file`, one trace each, in the file's order.
    /// - Throws: ``InputError`` naming the file, line and JSON path, and what was expected.
    public func traces(in text: String, file: String) throws(InputError) -> [ImportedTrace] {
        let json = try JSONFile.parse(text, file: file)
        do {
            guard case .array(let runs) = json else {
                throw JSONDecodingError.typeMismatch(
                    at: .root, expected: "a τ-bench results file: an array of runs {\"task_id\", \"trial\", \"traj\"}",
                    found: json)
            }
            let policy = runs.lazy.compactMap { Self.systemPrompt(of: $0) }.first ?? ""
            let domain = ImportedTrace.scenarioID(self.domain ?? Self.domain(policy: policy, file: file))
            guard let model = model ?? Self.model(fromFileName: file, domain: domain) else {
                throw InputError(
                    file: file,
                    message:
                        "cannot tell the model from the file's name; τ-bench names trajectories <model>-<domain>.json (gpt-4o-airline.json): rename the file so, or name the model when importing"
                )
            }
            return try runs.enumerated().map { index, run throws(JSONDecodingError) in
                try trace(
                    of: run, at: JSONPath.root.appending(index), number: index + 1, domain: domain, model: model,
                    file: file)
            }
        } catch let error as JSONDecodingError {
            throw JSONFile.located(error, in: text, file: file)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: file, message: "\(error)")
        }
    }

    /// The terminal message of a conversation the simulated customer ended (τ-bench's user simulator says it, and
    /// the run is over before the agent reads it).
    public static let stopMarker = "###STOP###"

    // MARK: - One run

    private func trace(of run: JSONValue, at path: JSONPath, number: Int, domain: String, model: String, file: String)
        throws(JSONDecodingError) -> ImportedTrace
    {
        guard case .object(let members) = run else {
            throw .typeMismatch(at: path, expected: "a run {\"task_id\", \"trial\", \"traj\"}", found: run)
        }
        let taskID = try Self.integer(members["task_id"], at: path.appending("task_id"))
        let trial = try Self.integer(members["trial"], at: path.appending("trial"))
        guard case .array(let messages)? = members["traj"] else {
            throw .typeMismatch(
                at: path.appending("traj"), expected: "the conversation, an array of chat messages",
                found: members["traj"] ?? .null)
        }
        let conversation = try Conversation(messages, at: path.appending("traj"))

        var task: Task?
        if let recorded = members["info"]?["task"], recorded != .null {
            task = try Task(json: recorded, at: path.appending("info").appending("task"))
        }
        task = task ?? tasks[taskID]

        var verdict: ImportedTrace.RecordedVerdict?
        if let reward = members["reward"], reward != .null {
            guard case .number(let value) = reward else {
                throw .typeMismatch(at: path.appending("reward"), expected: "a number", found: reward)
            }
            verdict = ImportedTrace.RecordedVerdict(passed: value >= 1, detail: "τ-bench reward \(value)")
        }
        let taskName = "tau-bench.\(domain).task-\(taskID)"
        let endsAtTerminateTool =
            conversation.turns.last.map { turn in
                !turn.calls.isEmpty && turn.calls.allSatisfy { Self.terminateTools.contains($0.name) }
            } ?? false
        return ImportedTrace(
            id: ImportedTrace.scenarioID("\(taskName).trial-\(trial)"),
            title: "τ-bench \(domain) task \(taskID), trial \(trial)",
            source: .init(format: Self.name, file: file, location: "run \(number) (task \(taskID), trial \(trial))"),
            agent: .init(id: "tau-bench-\(domain)", systemPrompt: conversation.systemPrompt, model: model),
            tools: tools,
            input: conversation.input, userTurns: conversation.userTurns, turns: conversation.turns,
            toolResults: conversation.toolResults,
            expectations: task.map {
                $0.expectations(sideEffects: sideEffect(of:), endsAtTerminateTool: endsAtTerminateTool)
            },
            recordedVerdict: verdict, task: ImportedTrace.scenarioID(taskName))
    }

    /// Whether `tool` changes state: as the tools say, else as τ-bench's domains do (``sideEffects``).
    func sideEffect(of tool: String) -> SideEffect? {
        tools.first { $0.name == tool }?.sideEffect ?? Self.sideEffects[tool]
    }

    /// A τ-bench conversation split into what the agent was told and what it did.
    struct Conversation {
        var systemPrompt = ""
        var input = ""
        var userTurns: [String] = []
        var turns: [ImportedTrace.Turn] = []
        var toolResults: [ImportedTrace.ToolResult] = []

        init(_ messages: [JSONValue], at path: JSONPath) throws(JSONDecodingError) {
            var userMessages: [String] = []
            // The calls of the last assistant message still waiting for their results, with where they were made.
            var waiting: [(call: ImportedTrace.Call, path: JSONPath)] = []
            var sawSystem = false
            for (index, message) in messages.enumerated() {
                let messagePath = path.appending(index)
                guard case .object(let members) = message else {
                    throw .typeMismatch(
                        at: messagePath, expected: "a chat message {\"role\", \"content\"}", found: message)
                }
                guard case .string(let role)? = members["role"] else {
                    throw .typeMismatch(
                        at: messagePath.appending("role"), expected: "a string: system, user, assistant or tool",
                        found: members["role"] ?? .null)
                }
                let content = try TauBenchFormat.text(members["content"], at: messagePath.appending("content"))
                if role != "tool", let open = waiting.first {
                    throw JSONDecodingError(
                        path: open.path,
                        message:
                            "the call to \(open.call.name) has no tool result after it (each `tool` message answers the call just before it)"
                    )
                }
                switch role {
                case "system":
                    if !sawSystem { systemPrompt = content ?? "" }
                    sawSystem = true
                case "user":
                    userMessages.append(content ?? "")
                case "assistant":
                    let calls = try TauBenchFormat.calls(members["tool_calls"], at: messagePath.appending("tool_calls"))
                    turns.append(ImportedTrace.Turn(text: content, calls: calls))
                    waiting = calls.enumerated().map { ($1, messagePath.appending("tool_calls").appending($0)) }
                case "tool":
                    guard !waiting.isEmpty else {
                        throw JSONDecodingError(
                            path: messagePath,
                            message:
                                "a tool result with no tool call before it to answer (each `tool` message answers the call just before it)"
                        )
                    }
                    let call = waiting.removeFirst().call
                    if case .string(let name)? = members["name"], name != call.name {
                        throw JSONDecodingError(
                            path: messagePath.appending("name"),
                            message:
                                "the result of \(name) follows a call to \(call.name); results are paired with the call just before them"
                        )
                    }
                    let text = content ?? ""
                    let arguments = call.arguments.flatMap { try? JSONParser.parse($0) }
                    if text.hasPrefix("Error") {
                        // The engine shows a failed call as `Error: <message>`: keep the message so the model reads what it read.
                        let message = text.hasPrefix("Error: ") ? String(text.dropFirst("Error: ".count)) : text
                        toolResults.append(
                            ImportedTrace.ToolResult(name: call.name, arguments: arguments, output: nil, error: message)
                        )
                    } else {
                        toolResults.append(
                            ImportedTrace.ToolResult(name: call.name, arguments: arguments, output: text))
                    }
                default:
                    throw JSONDecodingError(
                        path: messagePath.appending("role"),
                        message:
                            "expected system, user, assistant or tool, found \(JSONValue.string(role).serialized())")
                }
            }
            if let open = waiting.first {
                throw JSONDecodingError(
                    path: open.path,
                    message:
                        "the call to \(open.call.name) has no tool result after it (each `tool` message answers the call just before it)"
                )
            }
            guard let first = userMessages.first else {
                throw JSONDecodingError(
                    path: path,
                    message: "the conversation has no user message: τ-bench's simulated customer speaks first")
            }
            input = first
            userTurns = Array(userMessages.dropFirst())
            // The customer's closing message ends the run before the agent reads it: no turn answers it.
            if case .object(let last)? = messages.last, last["role"]?.stringValue == "user", userMessages.count > 1,
                let closing = userTurns.last, closing.contains(TauBenchFormat.stopMarker)
            {
                userTurns.removeLast()
            }
        }
    }

    // MARK: - Reading values

    /// The text of a message's `content`: a string, null, or OpenAI's list of `{"type": "text", "text"}` parts.
    static func text(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .array(let parts)?:
            return parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
        case let other?: throw .typeMismatch(at: path, expected: "a string", found: other)
        }
    }

    /// An assistant message's `tool_calls`: `[{"id", "type": "function", "function": {"name", "arguments"}}]`, the
    /// arguments a JSON string (an object is serialized).
    static func calls(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> [ImportedTrace.Call] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else {
            throw .typeMismatch(at: path, expected: "an array of tool calls", found: value)
        }
        var calls: [ImportedTrace.Call] = []
        for (index, entry) in entries.enumerated() {
            let entryPath = path.appending(index)
            guard case .object(let function)? = entry["function"] else {
                throw .typeMismatch(
                    at: entryPath.appending("function"), expected: "an object {\"name\", \"arguments\"}",
                    found: entry["function"] ?? .null)
            }
            guard case .string(let name)? = function["name"] else {
                throw .typeMismatch(
                    at: entryPath.appending("function").appending("name"), expected: "a string",
                    found: function["name"] ?? .null)
            }
            let arguments: String?
            switch function["arguments"] {
            case .string(let text)?: arguments = text
            case nil, .null?: arguments = nil
            case let structured?: arguments = structured.serialized()
            }
            calls.append(ImportedTrace.Call(name: name, arguments: arguments, id: entry["id"]?.stringValue))
        }
        return calls
    }

    static func integer(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> Int {
        guard let value, value.isInteger, let number = value.numberValue else {
            throw .typeMismatch(at: path, expected: "an integer", found: value ?? .null)
        }
        return Int(number)
    }

    private static func systemPrompt(of run: JSONValue) -> String? {
        run["traj"]?.arrayValue?.first { $0["role"]?.stringValue == "system" }?["content"]?.stringValue
    }

    private static func read(_ path: String, in fileSystem: any FileSystem) throws(InputError) -> String {
        do {
            return try fileSystem.readText(at: path)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, message: "cannot read: \(error)")
        }
    }
}
