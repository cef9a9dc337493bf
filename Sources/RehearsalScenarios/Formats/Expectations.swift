import Foundation
public import RehearsalCore

/// What a scenario requires of the agent: the calls it must make, the calls it must never make, what its answer
/// must say, and how the run must end.
public struct Expectations: Sendable, Hashable {
    /// The calls the agent should make, in order.
    public var toolCalls: [ExpectedCall]
    /// How the agent's calls are compared with ``toolCalls``; nil takes the configuration's default.
    public var trajectory: TrajectoryMode?
    /// How arguments are compared, over the configuration's defaults.
    public var arguments: ArgumentRules
    /// Tools the agent must never call (a proposed call fails the scenario, even if the gateway stopped it).
    public var neverCall: [String]
    /// Checks on the agent's final answer (or on every answer of the run, when their scope is `any`).
    public var finalAnswer: AnswerChecks
    /// How the run must end: `answered` (the default), or a limit code such as `limit:maxSteps`.
    public var stopReason: String
    /// Policy passages the agent must have retrieved with `search_policy`.
    public var retrieval: [RetrievalCheck]
    /// The tools approval must have been requested for (as a multiset, in any order); nil leaves approvals
    /// unchecked, an empty list means no approval may be requested.
    public var approvalsRequested: [String]?

    /// Expectations from their parts.
    public init(
        toolCalls: [ExpectedCall] = [], trajectory: TrajectoryMode? = nil, arguments: ArgumentRules = ArgumentRules(),
        neverCall: [String] = [], finalAnswer: AnswerChecks = .init(), stopReason: String = "answered",
        retrieval: [RetrievalCheck] = [], approvalsRequested: [String]? = nil
    ) {
        self.retrieval = retrieval
        self.approvalsRequested = approvalsRequested
        self.toolCalls = toolCalls
        self.trajectory = trajectory
        self.arguments = arguments
        self.neverCall = neverCall
        self.finalAnswer = finalAnswer
        self.stopReason = stopReason
    }
}

/// A policy passage that must be among what `search_policy` returned: from `document`, containing `contains`
/// (case-insensitive).
public struct RetrievalCheck: Sendable, Hashable {
    /// The policy document, by its name inside `policies/`.
    public var document: String
    /// A phrase the passage must contain.
    public var contains: String

    /// A check from its parts.
    public init(document: String, contains: String) {
        self.document = document
        self.contains = contains
    }
}

extension RetrievalCheck: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["document", "contains"])
        self.init(document: try reader.decode("document"), contains: try reader.decode("contains"))
    }

    public var json: JSONValue { ["document": .string(document), "contains": .string(contains)] }
}

/// One expected call: a tool and, optionally, the arguments it must carry.
public struct ExpectedCall: Sendable, Hashable {
    /// The tool.
    public var name: String
    /// The arguments to compare; nil accepts any arguments.
    public var arguments: JSONValue?
    /// A call a good agent may make or skip (a policy lookup, a confirming read): counted as correct when made,
    /// never missing when skipped.
    public var optional: Bool

    /// An expected call from its parts.
    public init(name: String, arguments: JSONValue? = nil, optional: Bool = false) {
        self.name = name
        self.arguments = arguments
        self.optional = optional
    }
}

/// How the agent's sequence of calls is judged against the expected one.
public enum TrajectoryMode: String, Sendable, Hashable, CaseIterable {
    /// The same calls in the same order, nothing else.
    case strict
    /// The same calls in any order (same multiset).
    case unordered
    /// Every call the agent made was expected; expected calls may be missing.
    case subset
    /// Every expected call was made, in any order; extra calls are allowed.
    case superset
    /// Only writes count: the successfully executed write calls must equal the expected writes (as a multiset).
    case writes
}

/// How a call's arguments are compared with the expected ones (on canonical JSON: key order and `50` vs `50.0`
/// never matter).
public enum ArgumentMode: String, Sendable, Hashable, CaseIterable {
    /// Equal as JSON values.
    case exact
    /// Every expected key matches (recursively in objects); extra keys are ignored.
    case subset
}

/// Checks on the agent's answers: its last one, or with ``scope`` `any` every answer of the run. Text comparisons
/// ignore case unless `caseSensitive` is set; the characters in `ignoreCharacters` are removed from both sides
/// (τ-bench removes commas); with `ignorePunctuation`, punctuation (Unicode category P: commas, periods, quotes,
/// dashes; not currency symbols) is removed as well and runs of white space become one space before comparing.
public struct AnswerChecks: Sendable, Hashable {
    /// Phrases the answer must contain.
    public var contains: [String]
    /// Phrases it must not contain.
    public var notContains: [String]
    /// Regular expressions (ICU syntax) it must match (on the answer as written).
    public var matches: [String]
    /// Text the whole answer must equal (after trimming and the rules below).
    public var equals: String?
    /// Whether comparisons respect case.
    public var caseSensitive: Bool
    /// Whether punctuation is removed and white space collapsed before comparing.
    public var ignorePunctuation: Bool
    /// Characters removed from both sides before comparing (`","` compares `1,628` and `1628` as τ-bench does).
    public var ignoreCharacters: String
    /// Which of the run's answers the checks look at.
    public var scope: AnswerScope

    /// Checks from their parts.
    public init(
        contains: [String] = [], notContains: [String] = [], matches: [String] = [], equals: String? = nil, caseSensitive: Bool = false,
        ignorePunctuation: Bool = false, ignoreCharacters: String = "", scope: AnswerScope = .final
    ) {
        self.contains = contains
        self.notContains = notContains
        self.matches = matches
        self.equals = equals
        self.caseSensitive = caseSensitive
        self.ignorePunctuation = ignorePunctuation
        self.ignoreCharacters = ignoreCharacters
        self.scope = scope
    }

    /// Whether there is anything to check.
    public var isEmpty: Bool { contains.isEmpty && notContains.isEmpty && matches.isEmpty && equals == nil }

    /// `text` as the comparisons see it: lower-cased unless case-sensitive; without the ignored characters; without
    /// punctuation and with white space collapsed when punctuation is ignored.
    public func normalize(_ text: String) -> String {
        var result = caseSensitive ? text : text.lowercased()
        if !ignoreCharacters.isEmpty {
            let ignored = Set(ignoreCharacters.unicodeScalars)
            result = String(String.UnicodeScalarView(result.unicodeScalars.filter { !ignored.contains($0) }))
        }
        if ignorePunctuation {
            result = String(String.UnicodeScalarView(result.unicodeScalars.filter { !$0.properties.generalCategory.isPunctuation }))
            result = result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return result
    }
}

/// Which of a run's answers ``AnswerChecks`` look at.
public enum AnswerScope: String, Sendable, Hashable, CaseIterable {
    /// The last answer: what the user was finally told.
    case final
    /// Every answer the agent gave in the run (one per user turn it answered): `contains` and `matches` pass when
    /// some answer satisfies each, `equals` when some answer equals it, and `notContains` fails when any answer
    /// mentions the phrase. τ-bench judges a task's required outputs this way.
    case any
}

extension TrajectoryMode: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let name = try String(json: json, at: path)
        guard let mode = TrajectoryMode(rawValue: name) else {
            throw JSONDecodingError(path: path, message: "expected one of \(TrajectoryMode.allCases.map(\.rawValue).joined(separator: ", ")), found \(JSONValue.string(name).serialized())")
        }
        self = mode
    }
}

extension Expectations: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["toolCalls", "trajectory", "arguments", "neverCall", "finalAnswer", "stopReason", "retrieval", "approvalsRequested"])
        let trajectoryMode = try reader.decodeIfPresent("trajectory", as: TrajectoryMode.self)
        let stopReason: String = try reader.decode("stopReason", default: "answered")
        let known = ["answered", "limit:maxSteps", "limit:maxTokens", "limit:maxCostUSD"]
        guard known.contains(stopReason) else {
            throw JSONDecodingError(path: path.appending("stopReason"), message: "expected one of \(known.joined(separator: ", ")), found \(JSONValue.string(stopReason).serialized())")
        }
        self.init(
            toolCalls: try reader.decode("toolCalls", default: []), trajectory: trajectoryMode, arguments: try reader.decode("arguments", default: ArgumentRules()),
            neverCall: try reader.decode("neverCall", default: []), finalAnswer: try reader.decode("finalAnswer", default: AnswerChecks()),
            stopReason: stopReason, retrieval: try reader.decode("retrieval", default: []),
            approvalsRequested: try reader.decodeIfPresent("approvalsRequested"))
    }
}

extension ExpectedCall: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["name", "arguments", "optional"])
        self.init(name: try reader.decode("name"), arguments: try reader.decodeIfPresent("arguments"), optional: try reader.decode("optional", default: false))
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["name": .string(name)]
        members["arguments"] = arguments
        if optional { members["optional"] = true }
        return .object(members)
    }
}

extension AnswerChecks: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(
            json, at: path,
            keys: [
                "contains", "notContains", "matches", "equals", "caseSensitive", "ignorePunctuation", "ignoreCharacters",
                "scope",
            ])
        let patterns: [String] = try reader.decode("matches", default: [])
        for (index, pattern) in patterns.enumerated() where (try? NSRegularExpression(pattern: pattern)) == nil {
            throw JSONDecodingError(path: path.appending("matches").appending(index), message: "not a valid regular expression (ICU syntax): \(JSONValue.string(pattern).serialized())")
        }
        let scopeName: String = try reader.decode("scope", default: AnswerScope.final.rawValue)
        guard let scope = AnswerScope(rawValue: scopeName) else {
            throw JSONDecodingError(
                path: path.appending("scope"),
                message: "expected \"final\" (the last answer) or \"any\" (every answer of the run), found "
                    + JSONValue.string(scopeName).serialized())
        }
        self.init(
            contains: try reader.decode("contains", default: []), notContains: try reader.decode("notContains", default: []),
            matches: try reader.decode("matches", default: []), equals: try reader.decodeIfPresent("equals"),
            caseSensitive: try reader.decode("caseSensitive", default: false),
            ignorePunctuation: try reader.decode("ignorePunctuation", default: false),
            ignoreCharacters: try reader.decode("ignoreCharacters", default: ""), scope: scope)
    }
}

extension Unicode.GeneralCategory {
    /// Whether the category is one of the punctuation categories (P*).
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation: true
        default: false
        }
    }
}
