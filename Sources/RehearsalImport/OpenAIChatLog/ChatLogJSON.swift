import RehearsalCore

/// Small readers for the loosely typed JSON that chat-log loggers write, each throwing a ``JSONDecodingError`` at the
/// value's path that says what was expected.
enum ChatLogJSON {
    /// `value` as an object, or the JSON an object-valued string holds (LiteLLM's spend logs store request and response
    /// bodies as JSON text). Nil for anything else.
    static func object(_ value: JSONValue?) -> [String: JSONValue]? {
        switch value {
        case .object(let members)?: return members
        case .string(let text)?:
            guard text.first(where: { !$0.isWhitespace }) == "{",
                case .object(let members)? = try? JSONParser.parse(text)
            else {
                return nil
            }
            return members
        default: return nil
        }
    }

    /// `value` with JSON text decoded: a string holding an object or an array becomes that value; anything else is
    /// returned as it is.
    static func decodingEmbedded(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value, let first = text.first(where: { !$0.isWhitespace }),
            first == "{" || first == "[",
            let parsed = try? JSONParser.parse(text)
        else { return value }
        return parsed
    }

    /// An optional string member: nil when absent or null.
    /// - Throws: ``JSONDecodingError`` when it is present and not a string.
    static func string(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw .typeMismatch(at: path, expected: "a string", found: other)
        }
    }

    /// An optional number member: nil when absent or null.
    /// - Throws: ``JSONDecodingError`` when it is present and not a number.
    static func number(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .number(let number)?: return number
        case let other?: throw .typeMismatch(at: path, expected: "a number", found: other)
        }
    }

    /// A token count: an integer ≥ 0; nil when absent or null.
    /// - Throws: ``JSONDecodingError`` when it is present and not a count.
    static func count(_ value: JSONValue?, at path: JSONPath) throws(JSONDecodingError) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .number(let number)? where number >= 0 && number < 9e15 && number.rounded(.towardZero) == number:
            return Int(number)
        case let other?: throw .typeMismatch(at: path, expected: "a token count (an integer ≥ 0)", found: other)
        }
    }

    /// A string or an integer as text (ids and error codes come as either); nil for anything else.
    static func scalarText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)? where !text.isEmpty: return text
        case .number(let number)? where value?.isInteger == true && abs(number) < 9e15: return String(Int(number))
        default: return nil
        }
    }

    /// The error a missing member raises.
    static func missing(_ key: String, at path: JSONPath, _ detail: String = "") -> JSONDecodingError {
        JSONDecodingError(
            path: path,
            message: "missing required key \(JSONValue.string(key).serialized())"
                + (detail.isEmpty ? "" : ": " + detail))
    }
}
