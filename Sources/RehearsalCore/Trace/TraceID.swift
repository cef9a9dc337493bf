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
    public static func derived(trace: TraceID, sequence: Int) -> SpanID {
        let digest = SHA256.hex(trace.hex + "/" + String(sequence))
        return SpanID(hex: String(digest.prefix(16))) ?? SpanID(hex: "0000000000000001")!
    }

    public var description: String { hex }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
    }
}
