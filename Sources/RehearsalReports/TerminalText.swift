/// Text bound for a terminal: untrusted strings made inert, and optional ANSI styling.
///
/// A model's thought, a tool's observation or a scenario's title can carry escape sequences that would recolour,
/// retitle or rewrite the terminal of whoever reads a trace (or put text on their clipboard, with OSC 52). Every
/// such string goes through ``inert(_:)``, which shows control characters as `\u{…}` instead of sending them.
enum TerminalText {
    /// `text` with C0 and C1 control characters, DEL, the line and paragraph separators and the bidirectional
    /// overrides written out as `\u{XX}`, so nothing in it acts on the terminal or reorders the line.
    static func inert(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` on one line and at most `limit` characters (see ``ReportFormat/oneLine(_:limit:)``), made inert.
    static func clipped(_ text: String, limit: Int) -> String {
        inert(ReportFormat.oneLine(text, limit: limit))
    }

    /// An ANSI style, applied only when colour is on.
    struct Style {
        let code: String

        static let bold = Style(code: "1")
        static let dim = Style(code: "2")
        static let red = Style(code: "31")
        static let green = Style(code: "32")
        static let yellow = Style(code: "33")
        static let cyan = Style(code: "36")

        /// `text` wrapped in this style's escape codes when `enabled`, as it is otherwise.
        func apply(_ text: String, enabled: Bool) -> String {
            enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
        }
    }
}
