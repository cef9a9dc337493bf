/// How a router decides; the `router` object of a configuration file.
///
/// ```json
/// {"kind": "fixed", "tier": "cheap"}
/// {"kind": "fixed", "model": "gpt-4o"}
/// {"kind": "rules", "strongIf": {"inputLongerThan": 280, "keywords": ["policy"], "toolsAtLeast": 6}}
/// {"kind": "classifier", "model": "gpt-4o-mini", "threshold": 0.5}
/// ```
/// `rules` and `classifier` route between each agent's own cheap and strong models unless the configuration
/// names `cheap` and `strong` itself.
public enum RouterConfiguration: Sendable, Hashable {
    /// Always the same model.
    case fixed(FixedChoice)
    /// The strong model when any rule fires, the cheap one otherwise.
    case rules(RoutingRules, models: ModelPair?)
    /// A model scores the task's difficulty; at or above the threshold the strong model takes it.
    case classifier(ClassifierSettings, models: ModelPair?)

    /// What a fixed router always picks.
    public enum FixedChoice: Sendable, Hashable {
        /// This model, for every agent.
        case model(String)
        /// Each agent's model of this tier.
        case tier(RoutingDecision.Tier)
    }

    /// The kind's name as written in files: `fixed`, `rules` or `classifier`.
    public var kind: String {
        switch self {
        case .fixed: "fixed"
        case .rules: "rules"
        case .classifier: "classifier"
        }
    }

    /// The configuration that sends every task to each agent's strong model: the baseline for router savings.
    public static let alwaysStrong = RouterConfiguration.fixed(.tier(.strong))
}

/// The rules of a `rules` router: any rule that fires sends the task to the strong model.
public struct RoutingRules: Sendable, Hashable {
    /// Strong when the request is longer than this many characters.
    public var inputLongerThan: Int?
    /// Strong when the request mentions any of these words or phrases (case-insensitive, whole words).
    public var keywords: [String]
    /// Strong when at least this many tools are in play.
    public var toolsAtLeast: Int?

    /// Rules from their parts.
    public init(inputLongerThan: Int? = nil, keywords: [String] = [], toolsAtLeast: Int? = nil) {
        self.inputLongerThan = inputLongerThan
        self.keywords = keywords
        self.toolsAtLeast = toolsAtLeast
    }

    /// Why `task` needs the strong model, or nil when no rule fires.
    public func strongReason(for task: RoutingTask) -> String? {
        if let limit = inputLongerThan, task.input.count > limit {
            return "rule inputLongerThan: request is \(task.input.count) characters (> \(limit))"
        }
        // A keyword (or phrase) matches whole, consecutive words.
        let words = RoutingRules.wordList(of: task.input)
        if let keyword = keywords.first(where: { keyword in
            let phrase = RoutingRules.wordList(of: keyword)
            return !phrase.isEmpty && words.count >= phrase.count && (0...(words.count - phrase.count)).contains { start in
                words[start..<(start + phrase.count)].elementsEqual(phrase)
            }
        }) {
            return "rule keywords: request mentions \"\(keyword)\""
        }
        if let limit = toolsAtLeast, task.toolNames.count >= limit {
            return "rule toolsAtLeast: \(task.toolNames.count) tools in play (>= \(limit))"
        }
        return nil
    }

    static func words(of text: String) -> String { wordList(of: text).joined(separator: " ") }

    static func wordList(of text: String) -> [Substring] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" })
    }

    /// A one-line summary of the rules, for "no rule fired" reasons.
    public var summary: String {
        var parts: [String] = []
        if let limit = inputLongerThan { parts.append("request <= \(limit) characters") }
        if !keywords.isEmpty { parts.append("no keyword of \(keywords.count)") }
        if let limit = toolsAtLeast { parts.append("< \(limit) tools") }
        return parts.isEmpty ? "no rules configured" : parts.joined(separator: ", ")
    }
}

/// The settings of a `classifier` router.
public struct ClassifierSettings: Sendable, Hashable {
    /// The model asked to score difficulty; nil means each agent's cheap model.
    public var model: String?
    /// Scores at or above this go to the strong model.
    public var threshold: Double
    /// The instructions given to the classifier.
    public var prompt: String

    /// The default instructions: answer with one number, the probability that the task needs the strong model.
    public static let defaultPrompt = """
        You route requests for an enterprise assistant to a model. Given the user's request and the tools \
        available, estimate the probability that a small, cheap model would get it wrong: multi-step plans, \
        policy judgements, money or approvals, ambiguity. Answer with a single number between 0 and 1 and nothing else.
        """

    /// Settings from their parts.
    public init(model: String? = nil, threshold: Double = 0.5, prompt: String = ClassifierSettings.defaultPrompt) {
        self.model = model
        self.threshold = threshold
        self.prompt = prompt
    }

    /// The request sent to the classifier for `task`.
    public func request(for task: RoutingTask, model: String) -> ModelRequest {
        let user = "Request: \(task.input)\nTools available: \(task.toolNames.joined(separator: ", "))"
        return ModelRequest(
            model: model, messages: [.system(prompt), .user(user)], tools: [],
            sampling: SamplingParameters(temperature: 0, maxOutputTokens: 8), purpose: .routing, agent: task.agentID)
    }

    /// The score in a classifier answer: the first number in it (clamped to 0...1), or `simple` = 0 and
    /// `complex` = 1; nil when there is neither.
    public static func score(from answer: String) -> Double? {
        var candidate = ""
        for character in answer {
            if character.isNumber || (character == "." && !candidate.isEmpty && !candidate.contains(".")) {
                candidate.append(character)
            } else if !candidate.isEmpty {
                break
            }
        }
        while candidate.hasSuffix(".") { candidate.removeLast() }
        if let value = Double(candidate) { return min(1, max(0, value)) }
        let lowered = answer.lowercased()
        if lowered.contains("complex") || lowered.contains("hard") { return 1 }
        if lowered.contains("simple") || lowered.contains("easy") { return 0 }
        return nil
    }
}

extension RouterConfiguration: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let kindReader = try JSONObjectReader(json, at: path, keys: ["kind", "model", "tier", "cheap", "strong", "strongIf", "threshold", "prompt"])
        let kind: String = try kindReader.decode("kind")
        func models(_ reader: JSONObjectReader) throws -> ModelPair? {
            let cheap: String? = try reader.decodeIfPresent("cheap")
            let strong: String? = try reader.decodeIfPresent("strong")
            switch (cheap, strong) {
            case (nil, nil): return nil
            case (let cheap?, let strong?): return ModelPair(cheap: cheap, strong: strong)
            default: throw JSONDecodingError(path: path, message: "name both \"cheap\" and \"strong\", or neither to use each agent's models")
            }
        }
        switch kind {
        case "fixed":
            let reader = try JSONObjectReader(json, at: path, keys: ["kind", "model", "tier"])
            let model: String? = try reader.decodeIfPresent("model")
            let tier: String? = try reader.decodeIfPresent("tier")
            switch (model, tier) {
            case (let model?, nil): self = .fixed(.model(model))
            case (nil, let tier?):
                guard let parsed = RoutingDecision.Tier(rawValue: tier) else {
                    throw JSONDecodingError(path: path.appending("tier"), message: "expected \"cheap\" or \"strong\", found \(JSONValue.string(tier).serialized())")
                }
                self = .fixed(.tier(parsed))
            default: throw JSONDecodingError(path: path, message: "a fixed router needs exactly one of \"model\" or \"tier\"")
            }
        case "rules":
            let reader = try JSONObjectReader(json, at: path, keys: ["kind", "cheap", "strong", "strongIf"])
            let rulesReader = try JSONObjectReader(reader.members["strongIf"] ?? [:], at: path.appending("strongIf"), keys: ["inputLongerThan", "keywords", "toolsAtLeast"])
            let keywords: [String] = try rulesReader.decode("keywords", default: [])
            for (index, keyword) in keywords.enumerated() where RoutingRules.words(of: keyword).isEmpty {
                throw JSONDecodingError(path: rulesReader.path.appending("keywords").appending(index), message: "a keyword needs at least one letter or digit, found \(JSONValue.string(keyword).serialized())")
            }
            let rules = RoutingRules(
                inputLongerThan: try rulesReader.decodeIfPresent("inputLongerThan"), keywords: keywords,
                toolsAtLeast: try rulesReader.decodeIfPresent("toolsAtLeast"))
            self = .rules(rules, models: try models(reader))
        case "classifier":
            let reader = try JSONObjectReader(json, at: path, keys: ["kind", "cheap", "strong", "model", "threshold", "prompt"])
            let threshold: Double = try reader.decode("threshold", default: 0.5)
            guard (0...1).contains(threshold) else {
                throw JSONDecodingError(path: path.appending("threshold"), message: "expected a threshold between 0 and 1, found \(JSONValue.format(number: threshold))")
            }
            let settings = ClassifierSettings(model: try reader.decodeIfPresent("model"), threshold: threshold, prompt: try reader.decode("prompt", default: ClassifierSettings.defaultPrompt))
            self = .classifier(settings, models: try models(reader))
        default:
            throw JSONDecodingError(path: path.appending("kind"), message: "expected \"fixed\", \"rules\" or \"classifier\", found \(JSONValue.string(kind).serialized())")
        }
    }

    public var json: JSONValue {
        func withModels(_ members: [String: JSONValue], _ models: ModelPair?) -> JSONValue {
            var members = members
            if let models {
                members["cheap"] = .string(models.cheap)
                members["strong"] = .string(models.strong)
            }
            return .object(members)
        }
        switch self {
        case .fixed(.model(let model)): return ["kind": "fixed", "model": .string(model)]
        case .fixed(.tier(let tier)): return ["kind": "fixed", "tier": .string(tier.rawValue)]
        case .rules(let rules, let models):
            var strongIf: [String: JSONValue] = ["keywords": rules.keywords.json]
            strongIf["inputLongerThan"] = rules.inputLongerThan.map(\.json)
            strongIf["toolsAtLeast"] = rules.toolsAtLeast.map(\.json)
            return withModels(["kind": "rules", "strongIf": .object(strongIf)], models)
        case .classifier(let settings, let models):
            var members: [String: JSONValue] = ["kind": "classifier", "threshold": .number(settings.threshold), "prompt": .string(settings.prompt)]
            members["model"] = settings.model.map(JSONValue.string)
            return withModels(members, models)
        }
    }
}
