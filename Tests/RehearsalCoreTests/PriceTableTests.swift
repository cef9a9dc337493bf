import RehearsalCore
import Testing

struct ToolDefinitionTests {
    @Test func readsBothTheWrappedAndTheBareFunctionForm() throws {
        let wrapped = try JSONFile.decode(ToolDefinition.self, from: #"{"type": "function", "function": {"name": "a", "parameters": {"type": "object"}, "strict": true}}"#, file: "a.tool.json")
        let bare = try JSONFile.decode(ToolDefinition.self, from: #"{"name": "a", "parameters": {"type": "object"}, "x-rehearsal": {"sideEffect": "read"}}"#, file: "a.tool.json")
        #expect(wrapped.sideEffect == .write, "a tool is a write unless it says otherwise")
        #expect(wrapped.functionJSON["strict"] == true)
        #expect(bare.sideEffect == .read)
        #expect(bare.functionJSON["strict"] == nil)
    }

    @Test(arguments: [
        (#"{"type": "function", "function": {"name": "a"}, "name": "b"}"#, "$.name"),
        (#"{"type": "tool", "name": "a"}"#, "$.type"),
        (#"{"name": "has space"}"#, "$.name"),
        (#"{"name": "a", "parameters": {"type": "interger"}}"#, "$.parameters.type"),
        (#"{"name": "a", "x-rehearsal": {"sideEffect": "delete"}}"#, "$.x-rehearsal.sideEffect"),
    ])
    func rejectsMalformedToolFiles(text: String, path: String) {
        #expect {
            try JSONFile.decode(ToolDefinition.self, from: text, file: "t.tool.json")
        } throws: { error in
            (error as? InputError)?.path?.description == path
        }
    }
}

struct PriceTableTests {
    @Test func pricesUncachedCachedAndOutputTokensApart() throws {
        // gpt-4o list prices: $2.50 input, $1.25 cached input, $10 output per million tokens.
        let price = ModelPrice(input: 2.5, cachedInput: 1.25, output: 10)
        let usage = TokenUsage(input: 2_000, cachedInput: 1_024, output: 300)
        // (2000 - 1024) * 2.5 + 1024 * 1.25 + 300 * 10 = 2440 + 1280 + 3000 = 6720 per million.
        #expect(abs(price.cost(of: usage) - 0.00672) < 1e-12)
    }

    @Test func refusesAnUnknownModelByName() {
        let table = PriceTable(source: "s", date: "d", models: ["gpt-4o": ModelPrice(input: 1, output: 1)])
        #expect {
            try table.cost(of: TokenUsage(input: 1), on: "gpt-5-ultra")
        } throws: { error in
            (error as? PricingError)?.description.contains("no price for model \"gpt-5-ultra\"") == true
        }
    }

    @Test func readsTheFileFormatWithAliases() throws {
        let text = """
            {"source": "https://example.com/pricing", "date": "2026-06-21", "currency": "USD", "unit": "per 1M tokens",
             "models": {"gpt-4o": {"input": 2.5, "cachedInput": 1.25, "output": 10, "aliases": ["gpt-4o-2024-08-06"]}}}
            """
        let table = try JSONFile.decode(PriceTable.self, from: text, file: "prices.json")
        #expect(try table.price(of: "gpt-4o-2024-08-06").cachedInput == 1.25)
        #expect(table.source == "https://example.com/pricing")
    }

    @Test func keepsTheProviderOfEachModelAndItsAliases() throws {
        let text = """
            {"source": "s", "date": "d", "models": {"claude-sonnet-4": {"provider": "anthropic", "input": 3, "output": 15,
             "aliases": ["claude-sonnet-4-20250514"]}, "local": {"input": 0, "output": 0}}}
            """
        let table = try JSONFile.decode(PriceTable.self, from: text, file: "prices.json")
        #expect(try table.price(of: "claude-sonnet-4-20250514").provider == "anthropic")
        #expect(try table.price(of: "local").provider == nil)
        #expect(table.json["models"]?["claude-sonnet-4"]?["provider"] == "anthropic")
    }

    @Test func rejectsNegativePrices() {
        let text = #"{"source": "s", "date": "d", "models": {"m": {"input": -1, "output": 1}}}"#
        #expect {
            try JSONFile.decode(PriceTable.self, from: text, file: "p.json")
        } throws: { error in
            (error as? InputError)?.path == JSONPath.root.appending("models").appending("m").appending("input")
        }
    }
}
