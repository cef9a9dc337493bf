public import RehearsalCore
public import RehearsalReplay

/// A scenario's recordings: model exchanges from `llm.jsonl`, API exchanges from `api.jsonl`.
public struct FixtureSet: Sendable {
    /// The model exchanges.
    public var llm: LLMCassette
    /// The API exchanges.
    public var api: APICassette
    /// The fixture folder.
    public var folder: String
    /// For each model exchange, its position in the file's full list (differs after ``forTrial(_:)`` filtered).
    public var llmOrigin: [Int] = []
    /// For each API exchange, its position in the file's full list.
    public var apiOrigin: [Int] = []
    /// The line of each model exchange in `llm.jsonl`, by position.
    public var llmLines: [Int] = []
    /// The line of each API exchange in `api.jsonl`, by position.
    public var apiLines: [Int] = []
    /// Fixture files whose absence means the scenario was never recorded (`llm.jsonl`; a missing `api.jsonl`
    /// only means no API calls were recorded).
    public var missingFiles: [String]

    /// A fixture set from its parts.
    public init(llm: LLMCassette, api: APICassette, folder: String, missingFiles: [String] = []) {
        self.llm = llm
        self.api = api
        self.folder = folder
        self.missingFiles = missingFiles
    }

    /// How many trials the recordings cover: one more than the highest trial number, 1 when none is tagged.
    public var trials: Int {
        let tagged = llm.exchanges.compactMap(\.trial) + api.exchanges.compactMap(\.trial)
        return (tagged.max() ?? 0) + 1
    }

    /// The recordings trial `trial` replays: those tagged with it and those tagged with none, in file order.
    public func forTrial(_ trial: Int) -> FixtureSet {
        guard llm.exchanges.contains(where: { $0.trial != nil }) || api.exchanges.contains(where: { $0.trial != nil }) else { return self }
        let llmKept = llm.exchanges.indices.filter { llm.exchanges[$0].trial == nil || llm.exchanges[$0].trial == trial }
        let apiKept = api.exchanges.indices.filter { api.exchanges[$0].trial == nil || api.exchanges[$0].trial == trial }
        var selected = FixtureSet(
            llm: LLMCassette(llmKept.map { llm.exchanges[$0] }), api: APICassette(apiKept.map { api.exchanges[$0] }), folder: folder,
            missingFiles: missingFiles)
        selected.llmLines = llmKept.map { llmLines.indices.contains($0) ? llmLines[$0] : 0 }
        selected.apiLines = apiKept.map { apiLines.indices.contains($0) ? apiLines[$0] : 0 }
        selected.llmOrigin = llmKept.map { llmOrigin.indices.contains($0) ? llmOrigin[$0] : $0 }
        selected.apiOrigin = apiKept.map { apiOrigin.indices.contains($0) ? apiOrigin[$0] : $0 }
        return selected
    }

    /// The model exchanges file in `folder`.
    public static func llmFile(in folder: String) -> String { Path.join(folder, "llm.jsonl") }
    /// The API exchanges file in `folder`.
    public static func apiFile(in folder: String) -> String { Path.join(folder, "api.jsonl") }

    /// Loads the fixtures in `folder`; missing files give empty cassettes, and a missing `llm.jsonl` is listed in
    /// ``missingFiles``.
    /// - Throws: ``InputError`` naming the file and line of a malformed exchange.
    public static func load(from folder: String, fileSystem: any FileSystem) throws(InputError) -> FixtureSet {
        var missing: [String] = []
        func text(_ file: String, required: Bool) throws(InputError) -> String? {
            guard fileSystem.kind(of: file) == .file else {
                if required { missing.append(file) }
                return nil
            }
            do { return try fileSystem.readText(at: file) } catch let error as InputError { throw error } catch { throw InputError(file: file, message: "\(error)") }
        }
        let llmFile = llmFile(in: folder)
        let apiFile = apiFile(in: folder)
        var llm = LLMCassette()
        var llmLines: [Int] = []
        var apiLines: [Int] = []
        if let content = try text(llmFile, required: true) {
            for (line, exchange) in try JSONFile.decodeLines(from: content, file: llmFile, decode: LLMExchange.decode(line:)) {
                do {
                    _ = try exchange.decodedResponse()
                } catch let error as JSONDecodingError {
                    throw InputError(file: llmFile, line: line, path: JSONPath(components: [.key("response")] + error.path.components), message: "not a valid \(exchange.format) response: \(error.message)")
                } catch {
                    throw InputError(file: llmFile, line: line, message: "\(error)")
                }
                llm.append(exchange)
                llmLines.append(line)
            }
        }
        var api = APICassette()
        if let content = try text(apiFile, required: false) {
            for (line, exchange) in try JSONFile.decodeLines(APIExchange.self, from: content, file: apiFile) {
                api.append(exchange)
                apiLines.append(line)
            }
        }
        var fixtures = FixtureSet(llm: llm, api: api, folder: folder, missingFiles: missing)
        fixtures.llmLines = llmLines
        fixtures.apiLines = apiLines
        return fixtures
    }
}
