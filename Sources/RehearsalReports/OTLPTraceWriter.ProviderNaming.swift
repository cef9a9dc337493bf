extension OTLPTraceWriter {
    /// How the export names a model's provider (`gen_ai.provider.name`) when the run did not record one.
    ///
    /// Runs record the provider their price table names on each `chat` span (`provider`); this strategy covers the
    /// rest: stored runs from before that, failed calls of unpriced models, tables without providers. Its answer
    /// should be one of the conventions' well-known values (`openai`, `anthropic`, `aws.bedrock`, …); nil means
    /// unknown, exported as `_OTHER`.
    public struct ProviderNaming: Sendable {
        /// The provider of a model, by its name; nil when unknown.
        public var name: @Sendable (_ model: String) -> String?

        /// A naming from a closure.
        public init(_ name: @escaping @Sendable (_ model: String) -> String?) {
            self.name = name
        }

        /// Names no provider: every model without a recorded one is `_OTHER`.
        public static let unknown = ProviderNaming { _ in nil }

        /// Infers the provider from the prefixes of first-party model names: `gpt-`, `o1`, `o3`, `o4`, `chatgpt-`
        /// are `openai`; `claude-` is `anthropic`; `gemini-` is `gcp.gen_ai` (the endpoint is not known);
        /// `mistral-`, `ministral-`, `mixtral-`, `codestral`, `pixtral-`, `magistral-` are `mistral_ai`; `command`
        /// is `cohere`; `deepseek-` is `deepseek`; `grok-` is `x_ai`; `sonar` is `perplexity`. Anything else,
        /// such as open-weight models that many hosts serve (`llama-3.1-70b`), is unknown.
        ///
        /// A guess from the name: a `gpt-4o` served by Azure is still `openai` here. Name the provider in the
        /// price table when it matters.
        public static let wellKnownModelNames = ProviderNaming { model in
            let name = model.lowercased()
            for (prefixes, provider) in wellKnownPrefixes where prefixes.contains(where: { name.hasPrefix($0) }) {
                return provider
            }
            return nil
        }

        /// The provider `table` names for the model, else what `fallback` says.
        public static func table(_ table: [String: String], otherwise fallback: ProviderNaming = .wellKnownModelNames)
            -> ProviderNaming
        {
            ProviderNaming { model in table[model] ?? fallback.name(model) }
        }

        private static let wellKnownPrefixes: [([String], String)] = [
            (["gpt-", "chatgpt-", "o1", "o3", "o4"], "openai"),
            (["claude-"], "anthropic"),
            (["gemini-"], "gcp.gen_ai"),
            (["mistral-", "ministral-", "mixtral-", "codestral", "pixtral-", "magistral-"], "mistral_ai"),
            (["command"], "cohere"),
            (["deepseek-"], "deepseek"),
            (["grok-"], "x_ai"),
            (["sonar"], "perplexity"),
        ]
    }
}
