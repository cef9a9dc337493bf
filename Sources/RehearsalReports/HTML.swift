public import RehearsalCore

/// Escaping for text that lands in an HTML page. Everything a run produced (model output, tool results,
/// scenario text, file names) goes through one of these before it reaches the page.
public enum HTML {
    /// `text` safe as element content: `&`, `<` and `>` become character references.
    public static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// `text` safe inside a double- or single-quoted attribute value.
    public static func attribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    /// `value` as JSON safe inside `<script type="application/json">`: `<`, `>` and `&` are written as `\u003c`,
    /// `\u003e` and `\u0026`, so no `</script>` or `<!--` can end or change the block, and U+2028/U+2029 as
    /// escapes too. JSON allows those characters only inside strings, where the escapes mean the same.
    public static func scriptJSON(_ value: JSONValue) -> String {
        let json = value.serialized()
        var out = ""
        out.reserveCapacity(json.utf8.count + 64)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A fragment-safe percent-encoding of `text` for `href="#…"` links (letters, digits and `-._~` stay).
    public static func fragmentComponent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        // Most text needs nothing: scan first, copy only when something must change.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0 || (quotes && ($0 == 0x22 || $0 == 0x27)) }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
