/// How ``JSONValue/serialized(_:)`` lays out text. Keys are always sorted.
public struct JSONFormatting: Sendable, Hashable {
    private enum Storage: Sendable, Hashable { case compact, pretty }
    private let storage: Storage

    /// One line, no spaces: for hashing, JSON Lines and wire bodies.
    public static let compact = JSONFormatting(storage: .compact)
    /// Two-space indentation: for files people read and review.
    public static let pretty = JSONFormatting(storage: .pretty)
}

extension JSONValue {
    /// JSON text with object keys sorted by their UTF-8 bytes, so equal values always give equal text.
    public func serialized(_ formatting: JSONFormatting = .compact) -> String {
        var output = ""
        output.reserveCapacity(64)
        write(to: &output, pretty: formatting == .pretty, indent: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value): output += JSONValue.format(number: value)
        case .string(let value): JSONValue.writeEscaped(value, to: &output)
        case .array(let elements):
            if elements.isEmpty {
                output += "[]"
                return
            }
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                element.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output += "]"
        case .object(let members):
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            for (position, key) in members.keys.sorted(by: JSONValue.keyOrder).enumerated() {
                if position > 0 { output += "," }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                JSONValue.writeEscaped(key, to: &output)
                output += pretty ? ": " : ":"
                members[key]!.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output += "}"
        }
    }

    /// Sorts keys by UTF-8 bytes (what RFC 8785 canonical JSON approximates), independent of locale.
    static func keyOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    private static func newline(_ output: inout String, indent: Int) {
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    /// Integral values within 2^53 print without a fraction (`50`, not `50.0`); others use the shortest
    /// representation that reads back to the same double.
    static func format(number value: Double) -> String {
        if value.rounded(.towardZero) == value && abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    static func writeEscaped(_ string: String, to output: inout String) {
        output += "\""
        var needsEscaping = false
        for byte in string.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscaping = true
            break
        }
        guard needsEscaping else {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
