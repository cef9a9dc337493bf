/// The built-in `search_policy` tool: ranks the suite's policy passages for a query with ``BM25Index``.
///
/// It is computed live, in replay too, rather than recorded, so retrieval quality is measured: change a policy
/// document and the results (and the requests that carry them) change. Arguments: `query` (text) and optional
/// `top_k` (1 to 10, default 3). It answers `{"query": …, "results": [{"document", "passage", "section", "score",
/// "text"}]}` with scores rounded to 4 decimals, after a fixed virtual latency of ``latencyMs``.
public struct PolicySearchTool: ToolExecutor {
    /// The index searched.
    public let index: BM25Index
    /// The virtual time one search takes: an in-process lexical search, so short and constant.
    public static let latencyMs = 15.0

    /// A tool searching `index`.
    public init(index: BM25Index) { self.index = index }

    /// The JSON Schema of the tool's arguments, for tool files that declare it.
    public static let parameters: JSONValue = [
        "type": "object",
        "properties": [
            "query": ["type": "string", "minLength": 1, "description": "What to look up in the company policies."],
            "top_k": ["type": "integer", "minimum": 1, "maximum": 10, "description": "How many passages to return (default 3)."],
        ],
        "required": ["query"],
        "additionalProperties": false,
    ]

    public func execute(_ call: AuthorizedCall) async throws -> ToolResult {
        ToolResult(.success(search(call.arguments)), latencyMs: PolicySearchTool.latencyMs)
    }

    /// The answer to `arguments`.
    public func search(_ arguments: JSONValue) -> JSONValue {
        let query = arguments["query"]?.stringValue ?? ""
        // Clamp before converting: a schema without bounds could pass 1e300, which Int(_:) would trap on.
        let limit = Int(min(10, max(1, arguments["top_k"]?.numberValue ?? 3)))
        let results = index.search(query, limit: limit).map { hit -> JSONValue in
            var members: [String: JSONValue] = [
                "document": .string(hit.passage.document), "passage": hit.passage.number.json,
                "score": .number((hit.score * 10_000).rounded() / 10_000), "text": .string(hit.passage.text),
            ]
            members["section"] = hit.passage.section.map(JSONValue.string)
            return .object(members)
        }
        return ["query": .string(query), "results": .array(results)]
    }
}
