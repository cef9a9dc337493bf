public import RehearsalCore

/// The places where two JSON values differ, for readable "recorded vs now" messages.
public enum JSONDiff {
    /// One difference: the path and the value on each side (nil where the side has nothing).
    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// Where the values differ.
        public var path: JSONPath
        /// The recorded side.
        public var recorded: JSONValue?
        /// The current side.
        public var actual: JSONValue?

        public var description: String {
            switch (recorded, actual) {
            case (nil, let actual?): return "\(path): not in the recording, now \(JSONDiff.excerpt(actual))"
            case (let recorded?, nil): return "\(path): recorded \(JSONDiff.excerpt(recorded)), now absent"
            case (.string(let old)?, .string(let new)?): return "\(path): \(JSONDiff.describeStrings(old, new))"
            case (let recorded?, let actual?): return "\(path): recorded \(JSONDiff.excerpt(recorded)), now \(JSONDiff.excerpt(actual))"
            case (nil, nil): return "\(path): (no difference)"
            }
        }
    }

    /// The differences between `recorded` and `actual`, in document order, at most `limit` of them.
    public static func differences(from recorded: JSONValue, to actual: JSONValue, limit: Int = 20) -> [Difference] {
        var result: [Difference] = []
        collect(recorded, actual, at: .root, into: &result, limit: limit)
        return result
    }

    private static func collect(_ old: JSONValue, _ new: JSONValue, at path: JSONPath, into result: inout [Difference], limit: Int) {
        guard result.count < limit, old != new else { return }
        switch (old, new) {
        case (.object(let a), .object(let b)):
            for key in Set(a.keys).union(b.keys).sorted() {
                guard result.count < limit else { return }
                switch (a[key], b[key]) {
                case (let x?, let y?): collect(x, y, at: path.appending(key), into: &result, limit: limit)
                case (let x, let y): result.append(Difference(path: path.appending(key), recorded: x, actual: y))
                }
            }
        case (.array(let a), .array(let b)):
            for index in 0..<max(a.count, b.count) {
                guard result.count < limit else { return }
                if index < a.count && index < b.count {
                    collect(a[index], b[index], at: path.appending(index), into: &result, limit: limit)
                } else {
                    result.append(Difference(path: path.appending(index), recorded: index < a.count ? a[index] : nil, actual: index < b.count ? b[index] : nil))
                }
            }
        default:
            result.append(Difference(path: path, recorded: old, actual: new))
        }
    }

    /// A value shortened for one line of a message.
    static func excerpt(_ value: JSONValue, limit: Int = 80) -> String {
        let text = value.serialized()
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// Two strings shown around the first character where they differ.
    static func describeStrings(_ old: String, _ new: String) -> String {
        if old.count <= 60 && new.count <= 60 {
            return "recorded \(JSONValue.string(old).serialized()), now \(JSONValue.string(new).serialized())"
        }
        let a = Array(old)
        let b = Array(new)
        var common = 0
        while common < a.count && common < b.count && a[common] == b[common] { common += 1 }
        let start = max(0, common - 20)
        func window(_ characters: [Character]) -> String {
            let end = min(characters.count, common + 40)
            let text = String(characters[start..<max(start, end)])
            return (start > 0 ? "…" : "") + JSONValue.string(text).serialized().dropFirst().dropLast() + (end < characters.count ? "…" : "")
        }
        return "differs at character \(common + 1): recorded \"\(window(a))\", now \"\(window(b))\""
    }
}
