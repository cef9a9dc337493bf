public import RehearsalCore

/// A suite's `suite.json`: its name and where its fixtures, prices and default configuration are, relative to
/// the manifest's folder (the suite root).
public struct SuiteManifest: Sendable, Hashable {
    /// The suite's name.
    public var name: String
    /// The fixtures folder.
    public var fixtures: String
    /// The price table file, if the suite ships one.
    public var prices: String?
    /// The configuration `rehearsal run` uses without `--config`.
    public var defaultConfig: String?

    /// A manifest from its parts.
    public init(name: String, fixtures: String = "../fixtures", prices: String? = nil, defaultConfig: String? = nil) {
        self.name = name
        self.fixtures = fixtures
        self.prices = prices
        self.defaultConfig = defaultConfig
    }

    /// The manifest's file name.
    public static let fileName = "suite.json"
}

extension SuiteManifest: JSONDecodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["name", "description", "fixtures", "prices", "defaultConfig"])
        let _: String? = try reader.decodeIfPresent("description")
        self.init(
            name: try reader.decode("name"), fixtures: try reader.decode("fixtures", default: "../fixtures"),
            prices: try reader.decodeIfPresent("prices"), defaultConfig: try reader.decodeIfPresent("defaultConfig"))
    }
}
