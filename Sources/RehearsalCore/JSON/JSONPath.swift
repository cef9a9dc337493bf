/// A location inside a JSON document, written the way people read it: `$.expect.toolCalls[2].name`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step into a document: a member of an object or an element of an array.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps from the root.
    public var components: [Component]

    /// The document's root, `$`.
    public static let root = JSONPath(components: [])

    /// A path from its steps.
    public init(components: [Component]) { self.components = components }

    /// The path one member further in.
    public func appending(_ key: String) -> JSONPath { JSONPath(components: components + [.key(key)]) }

    /// The path one element further in.
    public func appending(_ index: Int) -> JSONPath { JSONPath(components: components + [.index(index)]) }

    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key):
                if key.isSimpleIdentifier { text += "." + key } else { text += "[" + JSONValue.string(key).serialized() + "]" }
            }
        }
        return text
    }
}

extension String {
    fileprivate var isSimpleIdentifier: Bool {
        guard let first = utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return false }
        return utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "$")
        }
    }
}

extension JSONValue {
    /// The value at `path`, or nil when the path leads nowhere.
    public func value(at path: JSONPath) -> JSONValue? {
        var current = self
        for component in path.components {
            switch (component, current) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else { return nil }
                current = next
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else { return nil }
                current = elements[index]
            default: return nil
            }
        }
        return current
    }
}
