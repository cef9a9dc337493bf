public import RehearsalCore
import RehearsalReplay

/// Loads a suite from files: finds its root, reads every scenario, agent, tool and configuration, and checks
/// that every reference resolves, collecting every problem with its file and place.
///
/// File kinds go by suffix: `*.scenario.json`, `*.agent.json`, `*.tool.json` (one tool or an array),
/// `*.config.json`; `suite.json` marks the suite root and names the price table and default configuration.
public struct SuiteLoader: Sendable {
    /// Where files are read from.
    public var fileSystem: any FileSystem

    /// A loader reading from `fileSystem`.
    public init(fileSystem: any FileSystem) { self.fileSystem = fileSystem }

    /// Loads the scenarios under `paths` (files or folders) with the agents, tools and configurations of their
    /// suite.
    /// - Throws: ``SuiteLoadError`` listing every problem found.
    public func load(paths: [String]) throws(SuiteLoadError) -> Suite {
        var context = LoadContext(fileSystem: fileSystem)
        guard let first = paths.first else { throw SuiteLoadError([InputError(file: ".", message: "no scenario paths given")]) }
        for path in paths where fileSystem.kind(of: path) == .missing {
            context.errors.append(InputError(file: path, message: "no such file or folder"))
        }
        if !context.errors.isEmpty { throw SuiteLoadError(context.errors) }

        // The suite root: the nearest folder at or above the first path holding suite.json.
        // Without one there is no telling where the suite's agents and tools end, and guessing (say, the file's
        // folder) could sweep a whole temporary directory, so it is an error.
        guard let manifestPath = findManifest(startingAt: first) else {
            throw SuiteLoadError([InputError(file: first, message: "no \(SuiteManifest.fileName) in this folder or any above it; a suite's root folder holds \(SuiteManifest.fileName) (see docs/scenario-format.md)")])
        }
        let root = Path.parent(of: manifestPath)
        let manifest: SuiteManifest? = context.decode(SuiteManifest.self, at: manifestPath)
        for path in paths.dropFirst() where findManifest(startingAt: path) != manifestPath {
            context.errors.append(InputError(file: path, message: "belongs to a different suite than \(first); run one suite at a time"))
        }

        // Tools, agents and configurations come from the whole suite; scenarios only from the given paths.
        var tools: [ToolDefinition] = []
        var toolFiles: [String: String] = [:]
        for file in context.files(under: root, suffix: ".tool.json") {
            guard let value = context.parse(file) else { continue }
            let entries: [(JSONValue, JSONPath)]
            if case .array(let elements) = value {
                entries = elements.enumerated().map { ($0.element, JSONPath.root.appending($0.offset)) }
            } else {
                entries = [(value, .root)]
            }
            for (entry, path) in entries {
                guard let tool = context.decode(ToolDefinition.self, from: entry, at: path, file: file) else { continue }
                if let other = toolFiles[tool.name] {
                    context.error(file, path.appending("function").appending("name"), "tool \"\(tool.name)\" is already defined in \(other)")
                    continue
                }
                toolFiles[tool.name] = file
                tools.append(tool)
            }
        }
        let registry = (try? ToolRegistry(tools)) ?? (try! ToolRegistry([]))

        var agents: [String: AgentProfile] = [:]
        var agentFiles: [String: String] = [:]
        for file in context.files(under: root, suffix: ".agent.json") {
            guard let agent = context.decode(AgentProfile.self, at: file) else { continue }
            if let other = agentFiles[agent.id] {
                context.error(file, .root.appending("id"), "agent \"\(agent.id)\" is already defined in \(other)")
                continue
            }
            for (index, name) in agent.toolNames.enumerated() where registry.tool(named: name) == nil {
                context.error(file, .root.appending("tools").appending(index), "unknown tool \"\(name)\"; the suite defines \(registry.names.sorted().joined(separator: ", "))")
            }
            agents[agent.id] = agent
            agentFiles[agent.id] = file
        }

        // A handoff must name an agent of the suite.
        for tool in registry.tools {
            guard case .handoff(let target) = tool.kind, agents[target] == nil else { continue }
            context.error(toolFiles[tool.name]!, .root, "tool \"\(tool.name)\" hands off to agent \"\(target)\", which the suite does not define; it defines \(agents.keys.sorted().joined(separator: ", "))")
        }

        var policies: [PolicyDocument] = []
        let policiesFolder = Path.join(root, "policies")
        for file in context.files(under: policiesFolder, suffix: ".md") {
            do {
                policies.append(PolicyDocument(name: String(file.dropFirst(policiesFolder.count + 1)), text: try fileSystem.readText(at: file)))
            } catch {
                context.errors.append((error as? InputError) ?? InputError(file: file, message: "\(error)"))
            }
        }

        var configurations: [RunConfiguration] = []
        for file in context.files(under: root, suffix: ".config.json") {
            guard let configuration = context.decode(RunConfiguration.self, at: file)?.located(at: file) else { continue }
            do {
                try configuration.models.check(agentIDs: agents.keys, at: .root.appending("models"))
            } catch {
                context.errors.append(JSONFile.located(error, in: context.texts[file] ?? "", file: file))
            }
            configurations.append(configuration)
        }

        var scenarios: [Scenario] = []
        var scenarioFiles: [String: String] = [:]
        for path in paths {
            if fileSystem.kind(of: path) == .file && !path.hasSuffix(".scenario.json") {
                context.errors.append(InputError(file: path, message: "expected a *.scenario.json file or a folder of them"))
                continue
            }
            for file in context.files(under: path, suffix: ".scenario.json") where scenarioFiles.values.contains(file) == false {
                guard var scenario = context.decode(Scenario.self, at: file) else { continue }
                scenario.file = file
                if let other = scenarioFiles[scenario.id] {
                    context.error(file, .root.appending("id"), "scenario id \"\(scenario.id)\" is already used by \(other)")
                    continue
                }
                check(scenario, agents: agents, registry: registry, policies: Set(policies.map(\.name)), context: &context)
                scenarioFiles[scenario.id] = file
                scenarios.append(scenario)
            }
        }
        if scenarios.isEmpty && context.errors.isEmpty {
            context.errors.append(InputError(file: paths.joined(separator: ", "), message: "no *.scenario.json files found"))
        }

        var prices: PriceTable?
        if let pricesFile = manifest?.prices {
            prices = context.decode(PriceTable.self, at: Path.join(root, pricesFile))
        }
        var defaultConfiguration = RunConfiguration.standard
        if let configFile = manifest?.defaultConfig {
            let path = Path.normalize(Path.join(root, configFile))
            if let configuration = configurations.first(where: { Path.normalize($0.file ?? "") == path }) {
                defaultConfiguration = configuration
            } else if context.errors.allSatisfy({ Path.normalize($0.file) != path }) {
                context.error(manifestPath, .root.appending("defaultConfig"), "no configuration file \(path) (configurations are *.config.json files inside the suite)")
            }
        }
        if !context.errors.isEmpty { throw SuiteLoadError(context.errors) }
        return Suite(
            name: manifest?.name ?? Path.name(of: Path.normalize(root)), root: root,
            scenarios: scenarios.sorted { $0.id < $1.id }, agents: agents, tools: registry,
            configurations: configurations.sorted { ($0.file ?? "") < ($1.file ?? "") },
            defaultConfiguration: defaultConfiguration, prices: prices,
            fixturesRoot: Path.normalize(Path.join(root, manifest?.fixtures ?? "../fixtures")), policies: policies)
    }

    /// Loads one configuration file, its price table resolved against the file's folder.
    /// - Parameters:
    ///   - path: the file.
    ///   - suite: the suite it will run, when known: every agent its `models` names must be one of the suite's.
    /// - Throws: ``InputError`` at the place of the problem.
    public func loadConfiguration(at path: String, for suite: Suite? = nil) throws(InputError) -> RunConfiguration {
        let text = try read(path)
        let configuration = try JSONFile.decode(RunConfiguration.self, from: text, file: path).located(at: path)
        if let suite {
            do {
                try configuration.models.check(agentIDs: suite.agents.keys, at: .root.appending("models"))
            } catch {
                throw JSONFile.located(error, in: text, file: path)
            }
        }
        return configuration
    }

    /// The price table file `suite` names in its `suite.json`, resolved against the suite root; nil when it names none.
    /// - Throws: ``InputError`` when the manifest cannot be read.
    public func pricesFile(of suite: Suite) throws(InputError) -> String? {
        let manifest = Path.join(suite.root, SuiteManifest.fileName)
        guard fileSystem.kind(of: manifest) == .file else { return nil }
        let prices = try JSONFile.decode(SuiteManifest.self, from: try read(manifest), file: manifest).prices
        return prices.map { Path.normalize(Path.join(suite.root, $0)) }
    }

    /// Loads one price table file.
    /// - Throws: ``InputError`` at the place of the problem.
    public func loadPrices(at path: String) throws(InputError) -> PriceTable {
        try JSONFile.decode(PriceTable.self, from: try read(path), file: path)
    }

    private func read(_ path: String) throws(InputError) -> String {
        do { return try fileSystem.readText(at: path) } catch let error as InputError { throw error } catch { throw InputError(file: path, message: "\(error)") }
    }

    /// The scenario's references: its agent, the tools it expects and scripts approvals for.
    private func check(_ scenario: Scenario, agents: [String: AgentProfile], registry: ToolRegistry, policies: Set<String>, context: inout LoadContext) {
        let file = scenario.file
        guard let agent = agents[scenario.agent] else {
            context.error(file, .root.appending("agent"), "unknown agent \"\(scenario.agent)\"; the suite defines \(agents.keys.sorted().joined(separator: ", "))")
            return
        }
        let available = Set(agent.toolNames)
        // A run lists the calls of specialists it hands off to, so expectations may name their tools too.
        let reachable = reachableTools(from: agent, agents: agents, registry: registry)
        for (index, call) in scenario.expect.toolCalls.enumerated() where !reachable.contains(call.name) {
            let others = reachable.subtracting(available)
            context.error(
                file, JSONPath.root.appending("expect").appending("toolCalls").appending(index).appending("name"),
                "agent \(agent.id) has no tool \"\(call.name)\"; its tools are \(agent.toolNames.joined(separator: ", "))"
                    + (others.isEmpty ? "" : ", and its specialists' \(others.sorted().joined(separator: ", "))"))
        }
        for (index, check) in scenario.expect.retrieval.enumerated() where !policies.contains(check.document) {
            context.error(file, JSONPath.root.appending("expect").appending("retrieval").appending(index).appending("document"), "no policy document \"\(check.document)\" in the suite's policies/ folder; it has \(policies.sorted().joined(separator: ", "))")
        }
        for (index, name) in (scenario.expect.approvalsRequested ?? []).enumerated() where registry.tool(named: name)?.requiresApproval != true {
            context.error(file, JSONPath.root.appending("expect").appending("approvalsRequested").appending(index), "tool \"\(name)\" \(registry.tool(named: name) == nil ? "is not in the suite" : "never requires approval")")
        }
        for (index, name) in scenario.expect.neverCall.enumerated() where registry.tool(named: name) == nil {
            context.error(file, JSONPath.root.appending("expect").appending("neverCall").appending(index), "no tool \"\(name)\" in the suite, so this check could never fail; the suite defines \(registry.names.sorted().joined(separator: ", "))")
        }
        for (index, approval) in scenario.approvals.enumerated() {
            if let tool = approval.tool, !reachable.contains(tool) {
                context.error(file, JSONPath.root.appending("approvals").appending(index).appending("tool"), "neither agent \(agent.id) nor a specialist it hands off to has a tool \"\(tool)\"")
            } else if let tool = approval.tool, registry.tool(named: tool)?.requiresApproval == false {
                context.error(file, JSONPath.root.appending("approvals").appending(index).appending("tool"), "tool \"\(tool)\" does not require approval, so this decision would never be used")
            }
        }
    }

    /// The tools of `agent` and of every agent it can reach through handoffs.
    private func reachableTools(from agent: AgentProfile, agents: [String: AgentProfile], registry: ToolRegistry) -> Set<String> {
        var tools = Set<String>()
        var visited = Set<String>()
        var queue = [agent]
        while let next = queue.popLast() {
            guard visited.insert(next.id).inserted else { continue }
            for name in next.toolNames {
                tools.insert(name)
                if case .handoff(let target)? = registry.tool(named: name)?.kind, let specialist = agents[target] { queue.append(specialist) }
            }
        }
        return tools
    }

    private func findManifest(startingAt path: String) -> String? {
        var folder = fileSystem.kind(of: path) == .directory ? path : Path.parent(of: path)
        for _ in 0..<32 {
            let candidate = Path.join(folder, SuiteManifest.fileName)
            if fileSystem.kind(of: candidate) == .file { return candidate }
            let normalized = Path.normalize(folder)
            if normalized == "/" || normalized == "." || normalized.hasSuffix("..") { return nil }
            folder = Path.parent(of: normalized)
        }
        return nil
    }
}

/// Collects errors while reading files, keeping each file's text to place errors by line and column.
private struct LoadContext {
    let fileSystem: any FileSystem
    var errors: [InputError] = []
    var texts: [String: String] = [:]

    mutating func files(under path: String, suffix: String) -> [String] {
        do {
            return try fileSystem.files(under: path, where: { $0.hasSuffix(suffix) })
        } catch {
            errors.append((error as? InputError) ?? InputError(file: path, message: "\(error)"))
            return []
        }
    }

    mutating func parse(_ file: String) -> JSONValue? {
        do {
            let text = try fileSystem.readText(at: file)
            texts[file] = text
            return try JSONFile.parse(text, file: file)
        } catch {
            errors.append((error as? InputError) ?? InputError(file: file, message: "\(error)"))
            return nil
        }
    }

    mutating func decode<T: JSONDecodable>(_ type: T.Type, at file: String) -> T? {
        guard let value = parse(file) else { return nil }
        return decode(type, from: value, at: .root, file: file)
    }

    mutating func decode<T: JSONDecodable>(_ type: T.Type, from value: JSONValue, at path: JSONPath, file: String) -> T? {
        do {
            return try T(json: value, at: path)
        } catch let error as JSONDecodingError {
            errors.append(JSONFile.located(error, in: texts[file] ?? "", file: file))
        } catch {
            errors.append(InputError(file: file, message: "\(error)"))
        }
        return nil
    }

    mutating func error(_ file: String, _ path: JSONPath, _ message: String) {
        errors.append(JSONFile.located(JSONDecodingError(path: path, message: message), in: texts[file] ?? "", file: file))
    }
}
