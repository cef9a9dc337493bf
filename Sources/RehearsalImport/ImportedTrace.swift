import Foundation
public import RehearsalCore

/// One recorded agent run from outside Rehearsal (a production trace, a chat log, a benchmark trajectory), in the
/// shape every importer produces and ``SuiteImporter`` turns into a scenario with its fixtures.
///
/// A trace holds what the agent was given (its system prompt, tools and the user's messages), what the model
/// answered at each turn, what each tool returned, and, when the source knows it, what the run should have done.
/// Text the source did not capture is nil: an importer never invents content.
public struct ImportedTrace: Sendable, Hashable {
    /// The scenario id it becomes: lowercase letters, digits, `.`, `_` and `-` (see ``ImportedTrace/scenarioID(_:)``).
    public var id: String
    /// A one-line title for reports.
    public var title: String
    /// The scenario family (the part of the id before the first `.`, by default).
    public var family: String
    /// Where the trace came from, for provenance and error messages.
    public var source: Source
    /// The agent that ran.
    public var agent: Agent
    /// The tools it was offered, in order.
    public var tools: [Tool]
    /// The user's first message.
    public var input: String
    /// The user's later messages, each sent after the agent answered the one before.
    public var userTurns: [String]
    /// The model's turns, in order: one per model call of the agent's loop.
    public var turns: [Turn]
    /// What the tools returned, in the order they were called.
    public var toolResults: [ToolResult]
    /// What the run was expected to do, when the source says (a benchmark's ground truth); nil to expect what the
    /// recording did.
    public var expectations: JSONValue?
    /// True when message content was not captured (OpenTelemetry's default): the trace keeps tool order, models,
    /// tokens, latencies and errors only, and is replayed with the `sequence` matcher.
    public var skeleton: Bool
    /// How the source judged the run, when it did (τ-bench's reward; a production error), to compare with ours.
    public var recordedVerdict: RecordedVerdict?
    /// The task this run is one attempt at, when the source ran each task several times (τ-bench's `task_id`):
    /// pass@k and pass^k group runs by it. Written as the scenario's `trialOf`.
    public var task: String?

    /// A trace from its parts.
    public init(
        id: String, title: String, family: String? = nil, source: Source, agent: Agent, tools: [Tool], input: String, userTurns: [String] = [],
        turns: [Turn], toolResults: [ToolResult], expectations: JSONValue? = nil, skeleton: Bool = false, recordedVerdict: RecordedVerdict? = nil,
        task: String? = nil
    ) {
        self.task = task
        self.id = id
        self.title = title
        self.family = family ?? String(id.split(separator: ".").first ?? Substring(id))
        self.source = source
        self.agent = agent
        self.tools = tools
        self.input = input
        self.userTurns = userTurns
        self.turns = turns
        self.toolResults = toolResults
        self.expectations = expectations
        self.skeleton = skeleton
        self.recordedVerdict = recordedVerdict
    }

    /// Where a trace came from.
    public struct Source: Sendable, Hashable {
        /// The format: `otlp`, `openai-chat-log` or `tau-bench`.
        public var format: String
        /// The file it was read from.
        public var file: String
        /// Where in the file: `line 3`, `trace 4bf92f35…`, `run 17 (task 4, trial 1)`.
        public var location: String
        /// The provider that served the model calls, when known (`openai`, `anthropic`).
        public var provider: String?

        public init(format: String, file: String, location: String, provider: String? = nil) {
            self.format = format
            self.file = file
            self.location = location
            self.provider = provider
        }
    }

    /// The agent that ran: its prompt and the model that served it.
    public struct Agent: Sendable, Hashable {
        /// The agent id in the imported suite.
        public var id: String
        /// The system prompt; empty when it was not captured.
        public var systemPrompt: String
        /// The model the recording used.
        public var model: String
        /// Sampling settings sent with each request, as recorded (`temperature`), when known.
        public var temperature: Double?

        public init(id: String, systemPrompt: String, model: String, temperature: Double? = nil) {
            self.id = id
            self.systemPrompt = systemPrompt
            self.model = model
            self.temperature = temperature
        }
    }

    /// A tool the agent was offered.
    public struct Tool: Sendable, Hashable {
        public var name: String
        public var description: String
        /// Its JSON Schema parameters; `{"type": "object"}` when unknown.
        public var parameters: JSONValue
        /// Whether calling it changes state; nil when the source does not say (the importer then guesses from the
        /// name and says so in the tool's description).
        public var sideEffect: SideEffect?

        public init(name: String, description: String, parameters: JSONValue = ["type": "object"], sideEffect: SideEffect? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.sideEffect = sideEffect
        }
    }

    /// One model call: what it answered, and what it cost in tokens and time.
    public struct Turn: Sendable, Hashable {
        /// The model that answered (the agent's, unless the recording says otherwise).
        public var model: String?
        /// Text sent with tool calls, or the answer when there are none; nil when not captured.
        public var text: String?
        /// The tool calls, in order.
        public var calls: [Call]
        /// Token usage as recorded; nil when not recorded.
        public var usage: TokenUsage?
        /// How long the call took, ms; nil when not recorded.
        public var latencyMs: Double?
        /// The provider's finish reason, when recorded.
        public var finishReason: String?
        /// The call failed (an error span, an HTTP error): the run stopped here.
        public var error: String?

        public init(model: String? = nil, text: String?, calls: [Call] = [], usage: TokenUsage? = nil, latencyMs: Double? = nil, finishReason: String? = nil, error: String? = nil) {
            self.model = model
            self.text = text
            self.calls = calls
            self.usage = usage
            self.latencyMs = latencyMs
            self.finishReason = finishReason
            self.error = error
        }
    }

    /// A tool call the model made.
    public struct Call: Sendable, Hashable {
        /// The tool.
        public var name: String
        /// The arguments as the model wrote them (JSON text); nil when not captured.
        public var arguments: String?
        /// The provider's call id, when recorded (ids may repeat; results are paired by order, not id).
        public var id: String?

        public init(name: String, arguments: String?, id: String? = nil) {
            self.name = name
            self.arguments = arguments
            self.id = id
        }
    }

    /// What a tool call returned.
    public struct ToolResult: Sendable, Hashable {
        /// The tool.
        public var name: String
        /// The arguments it ran with, when known.
        public var arguments: JSONValue?
        /// What it returned as the model saw it (text); nil when not captured.
        public var output: String?
        /// The error it returned instead, when it failed.
        public var error: String?
        /// How long it took, ms; nil when not recorded.
        public var latencyMs: Double?

        public init(name: String, arguments: JSONValue?, output: String?, error: String? = nil, latencyMs: Double? = nil) {
            self.name = name
            self.arguments = arguments
            self.output = output
            self.error = error
            self.latencyMs = latencyMs
        }
    }

    /// How the source judged the run.
    public struct RecordedVerdict: Sendable, Hashable {
        /// Whether it succeeded.
        public var passed: Bool
        /// Who judged, and how: `tau-bench reward 1.0`, `span status ERROR: …`.
        public var detail: String

        public init(passed: Bool, detail: String) {
            self.passed = passed
            self.detail = detail
        }
    }

    /// `text` made into a valid scenario id: lowercased, anything but letters, digits, `.`, `_` and `-` replaced by
    /// `-`, runs of `-` collapsed; `trace` when nothing is left.
    public static func scenarioID(_ text: String) -> String {
        var id = ""
        for scalar in text.lowercased().unicodeScalars {
            let keep = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-"
            let character = keep ? Character(scalar) : "-"
            if character == "-" && id.hasSuffix("-") { continue }
            id.append(character)
        }
        let trimmed = id.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return trimmed.isEmpty ? "trace" : trimmed
    }
}

/// A trace file that could not be imported: which file, where, and what was expected.
public typealias ImportError = InputError

/// Reads one trace format.
public protocol TraceFormat: Sendable {
    /// The name `--format` takes: `otlp`, `openai-chat-log`, `tau-bench`.
    static var name: String { get }
    /// Whether `text` (the start of a file) looks like this format, for `--format` left out.
    static func recognizes(_ json: JSONValue) -> Bool
    /// The traces in `text`, the contents of `file`.
    /// - Throws: ``InputError`` naming the file, line and JSON path, and what was expected.
    static func traces(in text: String, file: String) throws(InputError) -> [ImportedTrace]
}
