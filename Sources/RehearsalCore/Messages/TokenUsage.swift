/// Tokens of one call or a sum of calls, normalised across providers.
///
/// `input` counts every prompt token, cached or not, and `cachedInput` and `cacheWrite` are the parts of it read
/// from or written to the provider's prompt cache (OpenAI's convention; Anthropic's separate counts are added
/// in). `reasoning` is the part of `output` spent on hidden reasoning.
public struct TokenUsage: Sendable, Hashable {
    /// All prompt tokens, including cached ones.
    public var input: Int
    /// Prompt tokens served from the cache (a subset of `input`).
    public var cachedInput: Int
    /// Prompt tokens written to the cache (a subset of `input`).
    public var cacheWrite: Int
    /// Completion tokens, including reasoning.
    public var output: Int
    /// Hidden reasoning tokens (a subset of `output`).
    public var reasoning: Int

    /// Usage from its parts.
    public init(input: Int = 0, cachedInput: Int = 0, cacheWrite: Int = 0, output: Int = 0, reasoning: Int = 0) {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
        self.reasoning = reasoning
    }

    /// No tokens.
    public static let zero = TokenUsage()

    /// Input plus output.
    public var total: Int { input + output }

    /// The sum of two usages.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            input: lhs.input + rhs.input, cachedInput: lhs.cachedInput + rhs.cachedInput,
            cacheWrite: lhs.cacheWrite + rhs.cacheWrite, output: lhs.output + rhs.output,
            reasoning: lhs.reasoning + rhs.reasoning)
    }

    /// Adds `rhs` into `lhs`.
    public static func += (lhs: inout TokenUsage, rhs: TokenUsage) { lhs = lhs + rhs }
}

extension TokenUsage: JSONEncodable {
    public var json: JSONValue {
        ["input": input.json, "cachedInput": cachedInput.json, "cacheWrite": cacheWrite.json, "output": output.json,
         "reasoning": reasoning.json]
    }
}
