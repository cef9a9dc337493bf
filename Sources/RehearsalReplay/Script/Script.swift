public import RehearsalCore

/// A script describing what each model says and what each tool answers in one scenario: the source that
/// `rehearsal record --provider script:FILE` turns into fixtures through the engine's own requests.
///
/// See docs/fixture-format.md for the format. Scripts are authored, and fixtures recorded from them say so.
public struct Script: Sendable, Hashable {
    /// The scenario the script is for.
    public var scenario: String
    /// What each model does, turn by turn.
    public var models: [String: ModelScript]
    /// The classifier's answer, by classifier model (one for every agent, or one per agent).
    public var routing: [String: RoutingAnswer]
    /// What the tools answer, matched in order.
    public var tools: [ToolScript]
    /// One script per trial, for scenarios recorded over several trials (each with its own models, routing and
    /// tools); empty for a single trial described by this script itself.
    public var trials: [Script] = []

    /// A script from its parts.
    public init(scenario: String, models: [String: ModelScript], routing: [String: RoutingAnswer] = [:], tools: [ToolScript] = []) {
        self.scenario = scenario
        self.models = models
        self.routing = routing
        self.tools = tools
    }
}

/// What a classifier model answers: the same for every agent, or per agent (a supervisor's request and its
/// specialist's task may be scored differently).
public enum RoutingAnswer: Sendable, Hashable, JSONDecodable {
    /// The same answer for every agent.
    case all(String)
    /// An answer per agent id.
    case perAgent([String: String])

    /// The answer for `agent`.
    public func answer(for agent: String?) -> String? {
        switch self {
        case .all(let answer): answer
        case .perAgent(let answers): agent.flatMap { answers[$0] }
        }
    }

    public init(json: JSONValue, at path: JSONPath) throws {
        switch json {
        case .string(let answer): self = .all(answer)
        case .object: self = .perAgent(try [String: String](json: json, at: path))
        default: throw JSONDecodingError.typeMismatch(at: path, expected: "an answer (a string) or answers per agent (an object)", found: json)
        }
    }
}

/// One model's behaviour in a script.
public struct ModelScript: Sendable, Hashable {
    /// Its turns: a conversation's k-th request to this model (the one carrying k-1 assistant messages) gets the
    /// k-th turn; for agents without turns of their own.
    public var turns: [ScriptTurn]
    /// Turns per agent: that agent's conversation's k-th request to this model gets its k-th turn. Scenarios with
    /// handoffs need these, since a router may put the supervisor and a specialist on different models.
    public var agents: [String: [ScriptTurn]]
    /// How long its calls take.
    public var latency: LatencyProfile

    /// A model script from its parts.
    public init(turns: [ScriptTurn] = [], agents: [String: [ScriptTurn]] = [:], latency: LatencyProfile = .init()) {
        self.turns = turns
        self.agents = agents
        self.latency = latency
    }
}

/// One assistant turn: a thought with tool calls, or an answer.
public struct ScriptTurn: Sendable, Hashable {
    /// The reasoning text sent alongside tool calls.
    public var thought: String?
    /// The answer, for a turn without tool calls.
    public var answer: String?
    /// The tool calls.
    public var calls: [ScriptCall]

    /// A turn from its parts.
    public init(thought: String? = nil, answer: String? = nil, calls: [ScriptCall] = []) {
        self.thought = thought
        self.answer = answer
        self.calls = calls
    }
}

/// A scripted tool call: arguments as JSON, or as raw text to script malformed output.
public struct ScriptCall: Sendable, Hashable {
    /// The tool.
    public var tool: String
    /// The arguments text exactly as the model will write it.
    public var argumentsText: String

    /// A call from its parts.
    public init(tool: String, argumentsText: String) {
        self.tool = tool
        self.argumentsText = argumentsText
    }
}

/// How long a model takes: a fixed time to first token, plus time per input and output token.
public struct LatencyProfile: Sendable, Hashable {
    /// Time to first token, in ms.
    public var firstTokenMs: Double
    /// Time per output token, in ms.
    public var perOutputTokenMs: Double
    /// Time per thousand input tokens (prefill), in ms.
    public var perThousandInputTokensMs: Double

    /// A profile from its parts; the defaults are a mid-sized hosted model (500 ms, 12 ms/token, 30 ms/1K input).
    public init(firstTokenMs: Double = 500, perOutputTokenMs: Double = 12, perThousandInputTokensMs: Double = 30) {
        self.firstTokenMs = firstTokenMs
        self.perOutputTokenMs = perOutputTokenMs
        self.perThousandInputTokensMs = perThousandInputTokensMs
    }

    /// The latency of a call with `usage`, rounded to whole ms.
    public func latency(for usage: TokenUsage) -> Double {
        (firstTokenMs + perThousandInputTokensMs * Double(usage.input) / 1000 + perOutputTokenMs * Double(usage.output)).rounded()
    }
}

/// What a tool answers in a script: the first entry whose tool and `when` match answers, at most `times` times.
public struct ToolScript: Sendable, Hashable {
    /// The tool.
    public var tool: String
    /// Arguments the call must carry (a subset match); nil matches any call.
    public var when: JSONValue?
    /// The answer.
    public var outcome: ToolResult.Outcome
    /// How long the call takes, in ms.
    public var latencyMs: Double
    /// How many calls this entry may answer in one run, whatever their arguments; nil for no limit.
    public var times: Int?

    /// An entry from its parts.
    public init(tool: String, when: JSONValue? = nil, outcome: ToolResult.Outcome, latencyMs: Double, times: Int? = nil) {
        self.tool = tool
        self.when = when
        self.outcome = outcome
        self.latencyMs = latencyMs
        self.times = times
    }

    /// Whether this entry answers `tool` called with `arguments`.
    public func matches(tool: String, arguments: JSONValue) -> Bool {
        guard tool == self.tool else { return false }
        guard let when else { return true }
        return ToolScript.contains(arguments, when)
    }

    static func contains(_ value: JSONValue, _ pattern: JSONValue) -> Bool {
        switch (value, pattern) {
        case (.object(let members), .object(let required)):
            return required.allSatisfy { key, expected in members[key].map { contains($0, expected) } ?? false }
        default:
            return value == pattern
        }
    }
}

// MARK: - File format

extension Script: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["scenario", "description", "models", "routing", "tools", "trials"])
        let _: String? = try reader.decodeIfPresent("description")
        let scenario: String = try reader.decode("scenario")
        var trials: [Script] = []
        if case .array(let variants)? = reader.members["trials"] {
            for (index, variant) in variants.enumerated() {
                let variantPath = path.appending("trials").appending(index)
                let variantReader = try JSONObjectReader(variant, at: variantPath, keys: ["description", "models", "routing", "tools"])
                let _: String? = try variantReader.decodeIfPresent("description")
                trials.append(Script(
                    scenario: scenario, models: try variantReader.decode("models"), routing: try variantReader.decode("routing", default: [:]),
                    tools: try variantReader.decode("tools", default: [])))
            }
            for key in ["models", "routing", "tools"] where reader.members[key] != nil {
                throw JSONDecodingError(path: path.appending(key), message: "a script with \"trials\" describes each trial there; move \"\(key)\" into the trial variants")
            }
        } else if reader.members["trials"] != nil {
            throw JSONDecodingError.typeMismatch(at: path.appending("trials"), expected: "an array of per-trial scripts", found: reader.members["trials"]!)
        }
        self.init(
            scenario: scenario, models: trials.isEmpty ? try reader.decode("models") : try reader.decode("models", default: [:]),
            routing: try reader.decode("routing", default: [:]), tools: try reader.decode("tools", default: []))
        self.trials = trials
    }
}

extension ModelScript: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["turns", "agents", "latency"])
        self.init(
            turns: try reader.decode("turns", default: []), agents: try reader.decode("agents", default: [:]),
            latency: try reader.decode("latency", default: LatencyProfile()))
        if turns.isEmpty && agents.isEmpty {
            throw JSONDecodingError(path: path, message: "a model script needs \"turns\" or \"agents\" (turns per agent)")
        }
    }
}

extension ScriptTurn: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["thought", "answer", "calls"])
        self.init(thought: try reader.decodeIfPresent("thought"), answer: try reader.decodeIfPresent("answer"), calls: try reader.decode("calls", default: []))
        if calls.isEmpty && answer == nil {
            throw JSONDecodingError(path: path, message: "a turn needs \"calls\" (tool calls) or an \"answer\"")
        }
        if !calls.isEmpty && answer != nil {
            throw JSONDecodingError(path: path, message: "a turn has either \"calls\" (with an optional \"thought\") or an \"answer\", not both")
        }
    }
}

extension ScriptCall: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["tool", "arguments", "rawArguments"])
        let tool: String = try reader.decode("tool")
        switch (reader.members["arguments"], reader.members["rawArguments"]) {
        case (let arguments?, nil): self.init(tool: tool, argumentsText: arguments.serialized())
        case (nil, .string(let raw)?): self.init(tool: tool, argumentsText: raw)
        case (nil, nil): self.init(tool: tool, argumentsText: "{}")
        default:
            throw JSONDecodingError(path: path, message: "give \"arguments\" (a JSON object) or \"rawArguments\" (text, for malformed output), not both")
        }
    }
}

extension LatencyProfile: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["firstTokenMs", "perOutputTokenMs", "perThousandInputTokensMs"])
        let defaults = LatencyProfile()
        self.init(
            firstTokenMs: try reader.decode("firstTokenMs", default: defaults.firstTokenMs),
            perOutputTokenMs: try reader.decode("perOutputTokenMs", default: defaults.perOutputTokenMs),
            perThousandInputTokensMs: try reader.decode("perThousandInputTokensMs", default: defaults.perThousandInputTokensMs))
    }
}

extension ToolScript: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["tool", "when", "response", "error", "latencyMs", "times"])
        let outcome: ToolResult.Outcome
        switch (reader.members["response"], reader.members["error"]) {
        case (let response?, nil): outcome = .success(response)
        case (nil, let error?):
            let errorReader = try JSONObjectReader(error, at: path.appending("error"), keys: ["status", "message"])
            outcome = .failure(status: try errorReader.decodeIfPresent("status"), message: try errorReader.decode("message"))
        default: throw JSONDecodingError(path: path, message: "a tool entry needs exactly one of \"response\" or \"error\"")
        }
        self.init(
            tool: try reader.decode("tool"), when: try reader.decodeIfPresent("when"), outcome: outcome,
            latencyMs: try reader.decode("latencyMs", default: 100), times: try reader.decodeIfPresent("times"))
    }
}
