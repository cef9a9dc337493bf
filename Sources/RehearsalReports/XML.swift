/// Escaping for text that lands in an XML 1.0 document (`junit.xml`). Everything a run produced (scenario text,
/// failure reasons, model output, tool results) goes through one of these before it is written.
///
/// `&`, `<` and `>` always become entity references, and `"` and `'` do in attribute values, so no text can open or
/// close an element, end an attribute or end a CDATA section (`]]>`). Characters XML 1.0 forbids (C0 controls
/// other than tab, line feed and carriage return; U+FFFE and U+FFFF) are left out: no reference can carry them, and
/// a single one makes the whole file unreadable to a CI's test reporter.
enum XML {
    /// `text` safe inside a double- or single-quoted attribute value, reading back exactly (forbidden characters
    /// aside): quotes, tab, line feed and carriage return become references too, since a parser would turn the
    /// last three into spaces there.
    static func attribute(_ text: String) -> String {
        escape(text, inAttribute: true)
    }

    /// `text` safe as element content and still readable in the file: quotes, line feeds and tabs stay as they are,
    /// since content keeps them; a carriage return becomes `&#13;`, which a parser would otherwise read as a line feed.
    static func content(_ text: String) -> String {
        escape(text, inAttribute: false)
    }

    /// Whether XML 1.0's `Char` production admits `scalar` (surrogates cannot occur in a Swift string).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x0..<0x20, 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    private static func escape(_ text: String, inAttribute: Bool) -> String {
        // Most text needs nothing: scan first, copy only when something must change.
        guard text.unicodeScalars.contains(where: { needsWork($0, inAttribute: inAttribute) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += inAttribute ? "&quot;" : "\""
            case "'": out += inAttribute ? "&apos;" : "'"
            case "\t": out += inAttribute ? "&#9;" : "\t"
            case "\n": out += inAttribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            default: if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private static func needsWork(_ scalar: Unicode.Scalar, inAttribute: Bool) -> Bool {
        switch scalar {
        case "&", "<", ">", "\r": true
        case "\"", "'", "\t", "\n": inAttribute
        default: !isAllowed(scalar)
        }
    }
}
