import RehearsalCore
public import RehearsalScenarios

extension RehearsalSuite {
    /// Where a suite's run configuration comes from: the suite's default, a configuration of the suite by name, a
    /// `*.config.json` file, or a value built in code.
    ///
    /// A string literal is a file path: `configuration: "scenarios/configs/router.config.json"`.
    public struct ConfigurationSource: Sendable, Hashable, ExpressibleByStringLiteral {
        private enum Storage: Sendable, Hashable {
            case suiteDefault
            case named(String)
            case file(String)
            case value(RunConfiguration)
        }

        private let storage: Storage

        private init(_ storage: Storage) { self.storage = storage }

        /// The configuration `suite.json` names (`defaultConfig`), as `rehearsal run` uses without `--config`.
        public static let suiteDefault = Self(.suiteDefault)

        /// The suite's configuration whose `name` is `name`, such as `"router"` or `"always-cheap"`: any
        /// `*.config.json` file inside the suite's root folder.
        public static func named(_ name: String) -> Self { Self(.named(name)) }

        /// The configuration in the file at `path` (inside the suite or not).
        public static func file(_ path: String) -> Self { Self(.file(path)) }

        /// `configuration` itself, built in code (for example one classifier threshold of a parameterized test).
        public static func value(_ configuration: RunConfiguration) -> Self { Self(.value(configuration)) }

        /// A configuration file at `path`.
        public init(stringLiteral path: String) { self.init(.file(path)) }

        /// The same source with a file path mapped by `resolve` (relative to a test file, say).
        func resolvingPaths(with resolve: (String) -> String) -> Self {
            if case .file(let path) = storage { return .file(resolve(path)) }
            return self
        }

        /// The configuration this source names in `suite`.
        /// - Throws: ``InputError`` for a file that does not read, or a name the suite does not define (placed in
        ///   `manifest`).
        func resolve(in suite: Suite, loader: SuiteLoader, manifest: String) throws(InputError) -> RunConfiguration {
            switch storage {
            case .suiteDefault:
                return suite.defaultConfiguration
            case .value(let configuration):
                return configuration
            case .file(let path):
                return try loader.loadConfiguration(at: path, for: suite)
            case .named(let name):
                if let found = suite.configurations.first(where: { $0.name == name }) { return found }
                let names = suite.configurations.map { "\($0.name) (\($0.file ?? "?"))" }
                throw InputError(
                    file: manifest,
                    message: "suite \(suite.name) has no configuration named \"\(name)\"; "
                        + (names.isEmpty
                            ? "it has no *.config.json files"
                            : "its *.config.json files define \(names.joined(separator: ", "))"))
            }
        }
    }
}
