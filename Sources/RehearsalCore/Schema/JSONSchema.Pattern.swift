import Foundation

extension JSONSchema {
    /// A `pattern` or `patternProperties` regular expression, compiled once when the schema is compiled.
    ///
    /// JSON Schema patterns are ECMA-262 and unanchored (a match anywhere passes). NSRegularExpression speaks the
    /// ICU dialect, so the source is first rewritten where the two disagree: `$` means end of input (ICU also matches
    /// before a final newline), `\d`, `\w` and `\s` have their ECMA-262 sets (ASCII digits and word characters,
    /// ECMA whitespace), `.` stops only at the four ECMA line terminators, `{` or `}` outside a quantifier is a
    /// literal (ICU rejects it), and `[`, `&` and a leading `:` in a class are literals (ICU reads nested sets,
    /// intersections and POSIX classes). Remaining differences are edge cases documented on ``JSONSchema``.
    ///
    /// A class because NSRegularExpression is one. `@unchecked Sendable` is safe: both stored properties are
    /// immutable, and NSRegularExpression is immutable after initialisation and documented as safe to use for
    /// matching from several threads at once.
    final class Pattern: @unchecked Sendable {
        /// The pattern as written in the schema, for messages.
        let source: String
        private let expression: NSRegularExpression

        /// Compiles `source`; nil when it is not a valid regular expression.
        init?(_ source: String) {
            guard let expression = try? NSRegularExpression(pattern: Pattern.icuPattern(for: source)) else {
                return nil
            }
            self.source = source
            self.expression = expression
        }

        /// Whether the pattern matches anywhere in `string`.
        func matches(_ string: String) -> Bool {
            let range = NSRange(location: 0, length: string.utf16.count)
            return expression.firstMatch(in: string, options: [], range: range) != nil
        }

        /// Rewrites an ECMA-262 pattern into an ICU pattern with the same meaning (see the type's documentation).
        static func icuPattern(for source: String) -> String {
            let scalars = Array(source.unicodeScalars)
            var output = ""
            var index = 0
            var inClass = false
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if scalar == "\\" {
                    guard index < scalars.count else {
                        output += "\\"  // A trailing backslash is invalid in both dialects; let ICU reject it.
                        break
                    }
                    let escaped = scalars[index]
                    index += 1
                    switch (escaped, inClass) {
                    case ("d", false): output += "[0-9]"
                    case ("D", false): output += "[^0-9]"
                    case ("w", false): output += "[A-Za-z0-9_]"
                    case ("W", false): output += "[^A-Za-z0-9_]"
                    case ("s", false): output += "[" + Pattern.ecmaWhitespace + "]"
                    case ("S", false): output += "[^" + Pattern.ecmaWhitespace + "]"
                    case ("d", true): output += "0-9"
                    case ("w", true): output += "A-Za-z0-9_"
                    case ("s", true): output += Pattern.ecmaWhitespace
                    default:
                        output += "\\"
                        // `\p{Letter}` and `\u{1F600}` carry braces that are not quantifiers: copy them as they are
                        // (ICU spells the code point escape `\x{…}`).
                        let braced =
                            ["p", "P", "u"].contains(escaped) && index < scalars.count && scalars[index] == "{"
                        if braced, let close = scalars[index...].firstIndex(of: "}") {
                            output.unicodeScalars.append(escaped == "u" ? "x" : escaped)
                            output.unicodeScalars.append(contentsOf: scalars[index...close])
                            index = close + 1
                        } else {
                            output.unicodeScalars.append(escaped)
                        }
                    }
                    continue
                }
                if inClass {
                    switch scalar {
                    case "]":
                        inClass = false
                        output += "]"
                    // ICU reads `[` inside a class as a nested set and `&&` as intersection; ECMA reads literals.
                    case "[": output += "\\["
                    case "&": output += "\\&"
                    default: output.unicodeScalars.append(scalar)
                    }
                    continue
                }
                switch scalar {
                case "[":
                    let negated = index < scalars.count && scalars[index] == "^"
                    let contentStart = negated ? index + 1 : index
                    if contentStart < scalars.count && scalars[contentStart] == "]" {
                        // ECMA's `[]` matches nothing and `[^]` matches anything; ICU rejects both.
                        output += negated ? "[\\s\\S]" : "(?!)"
                        index = contentStart + 1
                    } else {
                        inClass = true
                        output += negated ? "[^" : "["
                        index = contentStart
                        // ICU reads `[:alpha:]` as a POSIX class; ECMA reads the colon as a literal.
                        if index < scalars.count && scalars[index] == ":" {
                            output += "\\:"
                            index += 1
                        }
                    }
                case "$": output += "\\z"
                // ICU's `.` also stops at \v, \f and U+0085; ECMA's only at the four line terminators.
                case ".": output += "[^\\n\\r\\x{2028}\\x{2029}]"
                case "{":
                    if let end = quantifierEnd(in: scalars, openingAt: index - 1) {
                        output.unicodeScalars.append(contentsOf: scalars[(index - 1)...end])
                        index = end + 1
                    } else {
                        output += "\\{"
                    }
                case "}": output += "\\}"
                default: output.unicodeScalars.append(scalar)
                }
            }
            return output
        }

        /// ECMA-262 `\s` as ICU set contents: ICU's `\s` lacks U+FEFF and adds U+0085.
        private static let ecmaWhitespace = "\\t\\n\\x{0B}\\f\\r\\x{2028}\\x{2029}\\x{FEFF}\\p{Zs}"

        /// The index of the `}` closing a `{n}`, `{n,}` or `{n,m}` quantifier that opens at `start`, if it is one.
        private static func quantifierEnd(in scalars: [Unicode.Scalar], openingAt start: Int) -> Int? {
            var index = start + 1
            var digits = 0
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                index += 1
                digits += 1
            }
            guard digits > 0, index < scalars.count else { return nil }
            if scalars[index] == "," {
                index += 1
                while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            }
            return index < scalars.count && scalars[index] == "}" ? index : nil
        }
    }
}
