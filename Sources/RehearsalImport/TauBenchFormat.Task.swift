public import RehearsalCore

extension TauBenchFormat {
    /// A τ-bench task: what the simulated customer is told, and the ground truth a run is scored against.
    public struct Task: Sendable, Hashable {
        /// Its position in the domain's tasks (`task_index`, a run's `task_id`); nil when the source does not say.
        public var index: Int?
        /// The customer's user id.
        public var userID: String?
        /// What the simulated customer is told (never the agent).
        public var instruction: String?
        /// The ground-truth tool calls, in order: τ-bench replays them on a fresh database to get the state a run
        /// must leave.
        public var actions: [Action]
        /// Strings the agent must say: each must appear in some answer, lower-cased and without commas.
        public var outputs: [String]

        /// One ground-truth call: a tool and its arguments (`kwargs`).
        public struct Action: Sendable, Hashable {
            public var name: String
            public var arguments: JSONValue

            public init(name: String, arguments: JSONValue) {
                self.name = name
                self.arguments = arguments
            }
        }

        /// A task from its parts.
        public init(
            index: Int? = nil, userID: String? = nil, instruction: String? = nil, actions: [Action],
            outputs: [String] = []
        ) {
            self.index = index
            self.userID = userID
            self.instruction = instruction
            self.actions = actions
            self.outputs = outputs
        }

        /// The name τ-bench gives a reply to the user in a list of actions; it is not a tool call.
        static let respond = "respond"

        /// The scenario `expect` object that judges a run of this task the way τ-bench does.
        ///
        /// τ-bench passes a run when the database it leaves equals the one the ground-truth actions leave, and every
        /// output appears in some answer (lower-cased, commas removed). So: the actions are the expected calls under
        /// the `writes` trajectory mode, which compares the write calls that executed (a call whose result is an
        /// error changed nothing) with the expected writes as a multiset; reads are listed as optional (τ-bench
        /// ignores them); arguments compare as `subset`, so keys a tool ignores (an `origin` in a flight entry) do
        /// not matter. The outputs are `finalAnswer.contains` over every answer of the run (`scope` `any`), commas
        /// ignored.
        ///
        /// τ-bench scores only a run that ended: the customer said `###STOP###`, or the agent called a terminate tool
        /// (``TauBenchFormat/terminateTools``). One cut off at its 30-step limit scores 0. A replayed run that ended
        /// with the customer's stop ends `answered`; one that ended at a terminate tool has no turn after it, so its
        /// replay stops at its step limit, and that is what it expects (`endsAtTerminateTool`); a run the limit cut
        /// off expects an answer it never gave, and fails as it did in τ-bench.
        /// - Parameters:
        ///   - sideEffects: whether a tool writes; a tool nobody marks is taken as a write (required).
        ///   - endsAtTerminateTool: the recorded run ended with a call to a terminate tool.
        public func expectations(sideEffects: (String) -> SideEffect?, endsAtTerminateTool: Bool) -> JSONValue {
            let calls: [JSONValue] = actions.filter { $0.name != Self.respond }.map { action in
                var call: [String: JSONValue] = ["name": .string(action.name), "arguments": action.arguments]
                if sideEffects(action.name) == .read { call["optional"] = true }
                return .object(call)
            }
            var expect: [String: JSONValue] = [
                "trajectory": "writes", "arguments": "subset", "toolCalls": .array(calls),
            ]
            if !outputs.isEmpty {
                expect["finalAnswer"] = [
                    "contains": .array(outputs.map(JSONValue.string)), "scope": "any", "ignoreCharacters": ",",
                ]
            }
            if endsAtTerminateTool { expect["stopReason"] = "limit:maxSteps" }
            return .object(expect)
        }
    }
}

extension TauBenchFormat.Task: JSONDecodable {
    /// Reads `{"task_index"?, "user_id"?, "instruction"?, "actions": [{"name", "kwargs"}], "outputs"?}`; other keys
    /// (τ-bench's versions differ) are ignored.
    public init(json: JSONValue, at path: JSONPath) throws(JSONDecodingError) {
        guard case .object(let members) = json else {
            throw .typeMismatch(at: path, expected: "a task {\"actions\", \"outputs\"}", found: json)
        }
        var index: Int?
        if let value = members["task_index"], value != .null {
            index = try TauBenchFormat.integer(value, at: path.appending("task_index"))
        }
        guard case .array(let entries)? = members["actions"] else {
            throw .typeMismatch(
                at: path.appending("actions"), expected: "an array of actions {\"name\", \"kwargs\"}",
                found: members["actions"] ?? .null)
        }
        var actions: [Action] = []
        for (position, entry) in entries.enumerated() {
            let entryPath = path.appending("actions").appending(position)
            guard case .string(let name)? = entry["name"] else {
                throw .typeMismatch(
                    at: entryPath.appending("name"), expected: "a string", found: entry["name"] ?? .null)
            }
            let arguments = entry["kwargs"] ?? entry["arguments"] ?? [:]
            guard case .object = arguments else {
                throw .typeMismatch(at: entryPath.appending("kwargs"), expected: "an object", found: arguments)
            }
            actions.append(Action(name: name, arguments: arguments))
        }
        var outputs: [String] = []
        if let value = members["outputs"], value != .null {
            guard case .array(let list) = value else {
                throw .typeMismatch(at: path.appending("outputs"), expected: "an array of strings", found: value)
            }
            for (position, output) in list.enumerated() {
                guard case .string(let text) = output else {
                    throw .typeMismatch(
                        at: path.appending("outputs").appending(position), expected: "a string", found: output)
                }
                outputs.append(text)
            }
        }
        self.init(
            index: index, userID: members["user_id"]?.stringValue, instruction: members["instruction"]?.stringValue,
            actions: actions,
            outputs: outputs)
    }
}
