import RehearsalCore

/// OTLP's `AnyValue` and `KeyValue` lists (opentelemetry-proto `common/v1/common.proto`) read into ``JSONValue``.
///
/// An `AnyValue` is an object with one of `stringValue`, `boolValue`, `intValue`, `doubleValue`, `arrayValue`
/// (`{"values": [AnyValue]}`), `kvlistValue` (`{"values": [KeyValue]}`) or `bytesValue` (base64); an empty object is
/// an empty value. 64-bit integers are decimal strings in OTLP/JSON, and protobuf's JSON mapping lets a reader accept
/// numbers too, so both are read. Field names are lowerCamelCase; the proto names (`string_value`) some protobuf
/// printers emit are accepted as well.
enum OTLPAnyValue {
    /// `value` as JSON: a string, Boolean, number, array, object, or null for an empty value. A `bytesValue` stays its
    /// base64 text; a non-finite `doubleValue` (`"NaN"`, `"Infinity"`) stays a string.
    /// - Throws: ``JSONDecodingError`` at the member that has the wrong type.
    static func json(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> JSONValue {
        guard case .object(let members) = value else {
            throw .typeMismatch(at: path, expected: "an OTLP AnyValue object (e.g. {\"stringValue\": …})", found: value)
        }
        for (key, snake) in [
            ("stringValue", "string_value"), ("boolValue", "bool_value"), ("intValue", "int_value"),
            ("doubleValue", "double_value"), ("arrayValue", "array_value"), ("kvlistValue", "kvlist_value"),
            ("bytesValue", "bytes_value"),
        ] {
            let name = members[key] != nil ? key : snake
            guard let member = members[name], member != .null else { continue }
            let memberPath = path.appending(name)
            switch key {
            case "stringValue", "bytesValue":
                guard case .string = member else {
                    throw .typeMismatch(at: memberPath, expected: "a string", found: member)
                }
                return member
            case "boolValue":
                guard case .bool = member else {
                    throw .typeMismatch(at: memberPath, expected: "a Boolean", found: member)
                }
                return member
            case "intValue":
                return .number(Double(try integer(member, at: memberPath)))
            case "doubleValue":
                return try double(member, at: memberPath)
            case "arrayValue":
                let values = try list(member, at: memberPath)
                var elements: [JSONValue] = []
                for (index, element) in values.enumerated() {
                    elements.append(try json(element, at: memberPath.appending("values").appending(index)))
                }
                return .array(elements)
            default:
                return .object(try attributes(try list(member, at: memberPath), at: memberPath.appending("values")))
            }
        }
        return .null
    }

    /// A `KeyValue` list (`[{"key": …, "value": AnyValue}]`) as an object; a later duplicate key wins.
    /// - Throws: ``JSONDecodingError`` at the first malformed entry.
    static func attributes(_ list: [JSONValue], at path: JSONPath) throws(JSONDecodingError) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (index, entry) in list.enumerated() {
            let entryPath = path.appending(index)
            guard case .object(let members) = entry else {
                throw .typeMismatch(
                    at: entryPath, expected: "an OTLP KeyValue object {\"key\", \"value\"}", found: entry)
            }
            guard case .string(let key)? = members["key"] else {
                throw .typeMismatch(
                    at: entryPath.appending("key"), expected: "a string", found: members["key"] ?? .null)
            }
            result[key] =
                try members["value"].map { value throws(JSONDecodingError) in
                    try json(value, at: entryPath.appending("value"))
                } ?? .null
        }
        return result
    }

    /// An OTLP/JSON 64-bit integer: a decimal string or a JSON number with no fraction.
    /// - Throws: ``JSONDecodingError`` when `value` is neither.
    static func integer(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> Int64 {
        switch value {
        case .string(let text):
            if let number = Int64(text) { return number }
        case .number(let number):
            if number.isFinite, number.rounded(.towardZero) == number, abs(number) < 9.3e18 { return Int64(number) }
        default: break
        }
        throw .typeMismatch(
            at: path, expected: "a 64-bit integer (a decimal string, as OTLP/JSON writes it)", found: value)
    }

    /// An unsigned 64-bit integer, as `startTimeUnixNano` is: a decimal string or a JSON number.
    /// - Throws: ``JSONDecodingError`` when `value` is neither.
    static func unsigned(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> UInt64 {
        switch value {
        case .string(let text):
            if let number = UInt64(text) { return number }
        case .number(let number):
            if number.isFinite, number >= 0, number.rounded(.towardZero) == number, number < 1.8e19 {
                return UInt64(number)
            }
        default: break
        }
        throw .typeMismatch(
            at: path, expected: "nanoseconds since the Unix epoch (a decimal string, as OTLP/JSON writes it)",
            found: value)
    }

    private static func double(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> JSONValue {
        switch value {
        case .number: return value
        case .string(let text):
            if let number = Double(text) { return number.isFinite ? .number(number) : .string(text) }
        default: break
        }
        throw .typeMismatch(at: path, expected: "a number", found: value)
    }

    /// The `values` of an `arrayValue` or `kvlistValue`; an empty object is an empty list.
    private static func list(_ value: JSONValue, at path: JSONPath) throws(JSONDecodingError) -> [JSONValue] {
        guard case .object(let members) = value else {
            throw .typeMismatch(at: path, expected: "an object {\"values\": […]}", found: value)
        }
        guard let values = members["values"] else { return [] }
        guard case .array(let elements) = values else {
            throw .typeMismatch(at: path.appending("values"), expected: "an array", found: values)
        }
        return elements
    }
}
