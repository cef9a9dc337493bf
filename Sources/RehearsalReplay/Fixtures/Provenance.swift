public import RehearsalCore

/// Where a fixture came from: recorded from a live provider, authored by hand or by a script, or imported.
///
/// Authored fixtures say so: a report built on them measures the engine, not a real model.
public struct Provenance: Sendable, Hashable {
    /// How the exchange came to be.
    public struct Source: Sendable, Hashable, CustomStringConvertible {
        private enum Storage: String, Sendable, Hashable { case recorded, authored, imported }
        private let storage: Storage

        /// Recorded from a live provider or API.
        public static let recorded = Source(storage: .recorded)
        /// Written by a person, or produced from a script a person wrote.
        public static let authored = Source(storage: .authored)
        /// Converted from a production trace or another tool's log.
        public static let imported = Source(storage: .imported)

        /// The source named `name`, when it is one of `recorded`, `authored`, `imported`.
        public init?(_ name: String) {
            guard let storage = Storage(rawValue: name) else { return nil }
            self.storage = storage
        }

        private init(storage: Storage) { self.storage = storage }

        public var description: String { storage.rawValue }
    }

    /// How the exchange came to be.
    public var source: Source
    /// The provider or tool that produced it: `openai`, `script`, `otlp`.
    public var provider: String
    /// A detail: the script file, the endpoint, the trace file.
    public var detail: String?
    /// When it was recorded (ISO 8601), for recordings from live providers.
    public var recordedAt: String?

    /// A provenance from its parts.
    public init(source: Source, provider: String, detail: String? = nil, recordedAt: String? = nil) {
        self.source = source
        self.provider = provider
        self.detail = detail
        self.recordedAt = recordedAt
    }
}

extension Provenance: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["source", "provider", "detail", "recordedAt"])
        let name: String = try reader.decode("source")
        guard let source = Source(name) else {
            throw JSONDecodingError(path: path.appending("source"), message: "expected \"recorded\", \"authored\" or \"imported\", found \(JSONValue.string(name).serialized())")
        }
        self.init(source: source, provider: try reader.decode("provider"), detail: try reader.decodeIfPresent("detail"), recordedAt: try reader.decodeIfPresent("recordedAt"))
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["source": .string(source.description), "provider": .string(provider)]
        members["detail"] = detail.map(JSONValue.string)
        members["recordedAt"] = recordedAt.map(JSONValue.string)
        return .object(members)
    }
}
