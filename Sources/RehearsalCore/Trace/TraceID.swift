/// A W3C Trace Context trace id: 16 bytes as 32 lowercase hex digits, never all zero.
///
/// Rehearsal derives trace ids from the run's inputs (configuration digest, scenario id, trial) so that the same
/// run always gets the same id and two reports can be compared line by line.
public struct TraceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 32 hex digits.
    public let hex: String

    /// A trace id from 32 hex digits (either case); nil when malformed or all zero, which W3C forbids.
    public init?(hex: String) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 32, lowered.utf8.allSatisfy(\.isHexDigit), lowered.utf8.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        self.hex = lowered
    }

    /// The trace id derived from `parts`: the first 16 bytes of SHA-256 over the parts joined by newlines.
    public static func derived(from parts: [String]) -> TraceID {
        let digest = SHA256.hex(parts.joined(separator: "\n"))
        let prefix = String(digest.prefix(32))
        // All zero is forbidden; a SHA-256 prefix of zeros is astronomically unlikely, but stay valid regardless.
        return TraceID(hex: prefix) ?? TraceID(hex: "00000000000000000000000000000001")!
    }

    public var description: String { hex }
    public static func < (lhs: TraceID, rhs: TraceID) -> Bool { lhs.hex < rhs.hex }
}

/// A W3C Trace Context span id: 8 bytes as 16 lowercase hex digits, never all zero.
public struct SpanID: Sendable, Hashable, CustomStringConvertible {
    /// The 16 hex digits.
    public let hex: String

    /// A span id from 16 hex digits (either case); nil when malformed or all zero.
    public init?(hex: String) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 16, lowered.utf8.allSatisfy(\.isHexDigit), lowered.utf8.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        self.hex = lowered
    }

    /// The span id of the `sequence`-th span of `trace`, derived so it is the same on every run.
    ///
    /// The trace id's low 64 bits plus the sequence number go through splitmix64, a bijection, so the spans of one
    /// trace never share an id.
    public static func derived(trace: TraceID, sequence: Int) -> SpanID {
        var value = (UInt64(trace.hex.suffix(16), radix: 16) ?? 0) &+ UInt64(sequence) &* 0x9E37_79B9_7F4A_7C15
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        let hex = String(value, radix: 16)
        return SpanID(hex: String(repeating: "0", count: 16 - hex.count) + hex) ?? SpanID(hex: "0000000000000001")!
    }

    public var description: String { hex }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
    }
}
