import Foundation
import RehearsalCore

/// Trace and span ids as OTLP/JSON writes them (hex) or as protobuf's generic JSON mapping writes `bytes` (base64).
///
/// The OTLP specification's "JSON Protobuf Encoding" departs from protobuf's JSON mapping for `traceId`, `spanId` and
/// `parentSpanId`: they are case-insensitive hex. Exporters that serialize with a stock protobuf JSON printer emit
/// base64 instead. The two never have the same length (16 bytes: 32 hex digits or 22-24 base64 characters; 8 bytes:
/// 16 or 11-12), so both are accepted without guessing.
enum OTLPIdentifier {
    /// The id in `value` as lowercase hex of `byteCount` bytes; nil when it is empty or all zeros (no id: a root span's
    /// `parentSpanId` is often written as `""`).
    /// - Throws: ``JSONDecodingError`` at `path` when `value` is neither hex nor base64 of `byteCount` bytes.
    static func hex(_ value: JSONValue, byteCount: Int, what: String, at path: JSONPath) throws(JSONDecodingError)
        -> String?
    {
        guard case .string(let text) = value else {
            throw .typeMismatch(at: path, expected: "\(what) as a string of hex digits", found: value)
        }
        if text.isEmpty { return nil }
        let hex: String
        if let fromHex = hexDigits(text, count: byteCount * 2) {
            hex = fromHex
        } else if let bytes = base64Bytes(text), bytes.count == byteCount {
            hex = String(bytes.flatMap { [hexDigit[Int($0 >> 4)], hexDigit[Int($0 & 0x0F)]] })
        } else {
            throw JSONDecodingError(
                path: path,
                message: "expected \(what) of \(byteCount) bytes as \(byteCount * 2) hex digits (OTLP/JSON) or base64 "
                    + "(protobuf JSON), found \(value.briefDescription)")
        }
        return hex.allSatisfy { $0 == "0" } ? nil : hex
    }

    private static let hexDigit = Array("0123456789abcdef")

    /// `text` lowercased when it is exactly `count` hex digits.
    private static func hexDigits(_ text: String, count: Int) -> String? {
        guard text.utf8.count == count, text.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        return text.lowercased()
    }

    /// The bytes of standard or URL-safe base64, padded or not.
    private static func base64Bytes(_ text: String) -> Data? {
        var normalized = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let remainder = normalized.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { normalized += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: normalized)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9"))
            || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
