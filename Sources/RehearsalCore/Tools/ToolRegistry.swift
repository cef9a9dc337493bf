/// The tools an agent may use, by name.
public struct ToolRegistry: Sendable {
    private var toolsByName: [String: ToolDefinition]
    /// The tools in the order they were registered: the order the model sees them in.
    public private(set) var tools: [ToolDefinition]

    /// A registry of `tools`.
    /// - Throws: ``ToolRegistryError`` when two tools share a name.
    public init(_ tools: [ToolDefinition]) throws(ToolRegistryError) {
        self.tools = []
        self.toolsByName = [:]
        for tool in tools { try register(tool) }
    }

    /// Adds a tool.
    /// - Throws: ``ToolRegistryError`` when a tool of that name is already registered.
    public mutating func register(_ tool: ToolDefinition) throws(ToolRegistryError) {
        guard toolsByName[tool.name] == nil else { throw ToolRegistryError(message: "duplicate tool name \"\(tool.name)\"") }
        toolsByName[tool.name] = tool
        tools.append(tool)
    }

    /// The tool called `name`, if registered.
    public func tool(named name: String) -> ToolDefinition? { toolsByName[name] }

    /// A registry of just the tools called `names`, in that order (an agent's subset of the suite's tools).
    /// - Throws: ``ToolRegistryError`` naming the first unknown tool.
    public func subset(named names: [String]) throws(ToolRegistryError) -> ToolRegistry {
        var selected: [ToolDefinition] = []
        for name in names {
            guard let tool = toolsByName[name] else {
                throw ToolRegistryError(message: "unknown tool \"\(name)\"; known tools: \(tools.map(\.name).sorted().joined(separator: ", "))")
            }
            selected.append(tool)
        }
        return try ToolRegistry(selected)
    }

    /// The registered names, in order.
    public var names: [String] { tools.map(\.name) }
}

/// A tool registry could not be built: two tools with one name, or an unknown tool asked for.
public struct ToolRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
