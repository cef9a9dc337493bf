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
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output, pretty: formatting == .pretty, indent: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// The compact serialization as UTF-8 bytes, appended to `output` (for hashing without building a string).
    public func write(compactTo output: inout [UInt8]) {
        write(to: &output, pretty: false, indent: 0)
    }

    private func write(to output: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): output.append(contentsOf: JSONValue.format(number: value).utf8)
        case .string(let value): JSONValue.writeEscaped(value, to: &output)
        case .array(let elements):
            if elements.isEmpty {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                element.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            var position = 0
            for (key, value) in members.sorted(by: { JSONValue.keyOrder($0.key, $1.key) }) {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                position += 1
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                JSONValue.writeEscaped(key, to: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Sorts keys by UTF-8 bytes (what RFC 8785 canonical JSON approximates), independent of locale.
    static func keyOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    private static func newline(_ output: inout [UInt8], indent: Int) {
        // A plain loop: generic sequence appends are not specialized in debug builds, where this was most of the
        // time spent writing a pretty report.
        output.append(UInt8(ascii: "\n"))
        var remaining = 2 * indent
        while remaining > 0 {
            output.append(UInt8(ascii: " "))
            remaining -= 1
        }
    }

    /// A number as JSON text: integral values within 2^53 print without a fraction (`50`, not `50.0`); others use the shortest
    /// representation that reads back to the same double.
    public static func format(number value: Double) -> String {
        if value.rounded(.towardZero) == value && abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// Appends `string` as a JSON string literal: runs of plain bytes are copied whole; only `"`, `\\` and
    /// control characters are escaped (everything else, non-ASCII included, is written as UTF-8).
    static func writeEscaped(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case 0x22: output.append(contentsOf: "\\\"".utf8)
                case 0x5C: output.append(contentsOf: "\\\\".utf8)
                case 0x0A: output.append(contentsOf: "\\n".utf8)
                case 0x0D: output.append(contentsOf: "\\r".utf8)
                case 0x09: output.append(contentsOf: "\\t".utf8)
                case 0x08: output.append(contentsOf: "\\b".utf8)
                case 0x0C: output.append(contentsOf: "\\f".utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: "\\u00".utf8)
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0x0F)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}
