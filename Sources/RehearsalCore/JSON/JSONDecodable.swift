/// A type read from a JSON value with errors that name the JSON path and what was expected.
///
/// Rehearsal's own file formats (scenarios, agents, tools, fixtures, configurations) decode through this rather
/// than `Codable` so that every error can say where it is and unknown keys (typos) are rejected, not ignored.
public protocol JSONDecodable {
    /// Reads a value from `json`, found at `path` in its document.
    /// - Throws: ``JSONDecodingError`` naming the path, what was expected and what was found.
    init(json: JSONValue, at path: JSONPath) throws
}

/// A type that can be written as a ``JSONValue``.
public protocol JSONEncodable {
    /// This value as JSON.
    var json: JSONValue { get }
}

/// A value did not have the shape a format expects: where, what was expected, what was found.
public struct JSONDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the document.
    public var path: JSONPath
    /// What was wrong, phrased as "expected …, found …" where possible.
    public var message: String
    /// Whether the problem is the member's key (an unknown key) rather than its value.
    public var isAboutKey: Bool

    public init(path: JSONPath, message: String, isAboutKey: Bool = false) {
        self.path = path
        self.message = message
        self.isAboutKey = isAboutKey
    }

    /// An error for a value of the wrong type.
    public static func typeMismatch(at path: JSONPath, expected: String, found: JSONValue) -> JSONDecodingError {
        JSONDecodingError(path: path, message: "expected \(expected), found \(found.briefDescription)")
    }

    public var description: String { "\(path): \(message)" }
}

/// Reads the members of one JSON object, rejecting keys the format does not know.
public struct JSONObjectReader: Sendable {
    /// Where the object sits in its document.
    public let path: JSONPath
    /// The object's members.
    public let members: [String: JSONValue]

    /// Opens `value` as an object whose keys must all be in `keys` (plus `$schema` and `$comment`, always allowed).
    /// - Throws: ``JSONDecodingError`` when `value` is not an object or has a key the format does not know,
    ///   suggesting the nearest known key.
    public init(_ value: JSONValue, at path: JSONPath, keys: [String]) throws {
        guard case .object(let members) = value else {
            throw JSONDecodingError.typeMismatch(at: path, expected: "an object", found: value)
        }
        self.path = path
        self.members = members
        let allowed = Set(keys)
        for key in members.keys.sorted() where !allowed.contains(key) && key != "$schema" && key != "$comment" {
            var message = "unknown key \(JSONValue.string(key).serialized())"
            if let suggestion = JSONObjectReader.nearest(to: key, among: keys) {
                message += "; did you mean \(JSONValue.string(suggestion).serialized())?"
            }
            message += " (known keys: \(keys.sorted().joined(separator: ", ")))"
            throw JSONDecodingError(path: path.appending(key), message: message, isAboutKey: true)
        }
    }

    /// Whether the object has `key` with a non-null value.
    public func contains(_ key: String) -> Bool {
        if let value = members[key], value != .null { return true }
        return false
    }

    /// The required member `key`.
    /// - Throws: ``JSONDecodingError`` when the key is missing or its value does not decode.
    public func decode<T: JSONDecodable>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = members[key], value != .null else {
            throw JSONDecodingError(path: path, message: "missing required key \(JSONValue.string(key).serialized())")
        }
        return try T(json: value, at: path.appending(key))
    }

    /// The optional member `key`; nil when it is absent or null.
    /// - Throws: ``JSONDecodingError`` when the value is present but does not decode.
    public func decodeIfPresent<T: JSONDecodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        guard let value = members[key], value != .null else { return nil }
        return try T(json: value, at: path.appending(key))
    }

    /// The optional member `key`, or `defaultValue` when it is absent or null.
    public func decode<T: JSONDecodable>(_ key: String, default defaultValue: T) throws -> T {
        try decodeIfPresent(key) ?? defaultValue
    }

    /// The nearest of `candidates` to `key` by edit distance, when it is close enough to be a likely typo.
    static func nearest(to key: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
    }

    /// The Levenshtein distance between `a` and `b` over Unicode scalars: insertions, deletions and substitutions.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

// MARK: - Standard conformances

extension JSONValue: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws { self = json }
    public var json: JSONValue { self }
}

extension String: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        guard case .string(let value) = json else { throw JSONDecodingError.typeMismatch(at: path, expected: "a string", found: json) }
        self = value
    }
    public var json: JSONValue { .string(self) }
}

extension Bool: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        guard case .bool(let value) = json else { throw JSONDecodingError.typeMismatch(at: path, expected: "true or false", found: json) }
        self = value
    }
    public var json: JSONValue { .bool(self) }
}

extension Double: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        guard case .number(let value) = json else { throw JSONDecodingError.typeMismatch(at: path, expected: "a number", found: json) }
        self = value
    }
    public var json: JSONValue { .number(self) }
}

extension Int: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        guard case .number(let value) = json, json.isInteger, abs(value) < 9_007_199_254_740_992 else {
            throw JSONDecodingError.typeMismatch(at: path, expected: "an integer", found: json)
        }
        self = Int(value)
    }
    public var json: JSONValue { .number(Double(self)) }
}

extension Array: JSONDecodable where Element: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        guard case .array(let elements) = json else { throw JSONDecodingError.typeMismatch(at: path, expected: "an array", found: json) }
        self = try elements.enumerated().map { try Element(json: $0.element, at: path.appending($0.offset)) }
    }
}

extension Array: JSONEncodable where Element: JSONEncodable {
    public var json: JSONValue { .array(map(\.json)) }
}

extension Dictionary: JSONDecodable where Key == String, Value: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        guard case .object(let members) = json else { throw JSONDecodingError.typeMismatch(at: path, expected: "an object", found: json) }
        var result: [String: Value] = [:]
        for (key, value) in members { result[key] = try Value(json: value, at: path.appending(key)) }
        self = result
    }
}

extension Dictionary: JSONEncodable where Key == String, Value: JSONEncodable {
    public var json: JSONValue { .object(mapValues(\.json)) }
}
