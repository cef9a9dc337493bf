/// Prices per million tokens for each model, with where they came from and when.
///
/// An unknown model is an error naming the model, never a silent zero: a report with a wrong cost is worse than
/// none. See docs/pricing.md for the file format.
public struct PriceTable: Sendable, Hashable {
    /// Where the prices come from (a URL or a document name).
    public var source: String
    /// When they were read, as an ISO 8601 date.
    public var date: String
    /// Prices by model name (aliases expanded).
    public var models: [String: ModelPrice]

    /// A table from its parts.
    public init(source: String, date: String, models: [String: ModelPrice]) {
        self.source = source
        self.date = date
        self.models = models
    }

    /// The price of `model`.
    /// - Throws: ``PricingError`` when the table does not list the model.
    public func price(of model: String) throws(PricingError) -> ModelPrice {
        guard let price = models[model] else {
            throw PricingError(model: model, known: models.keys.sorted())
        }
        return price
    }

    /// What `usage` costs on `model`, in USD.
    /// - Throws: ``PricingError`` when the table does not list the model.
    public func cost(of usage: TokenUsage, on model: String) throws(PricingError) -> Double {
        try price(of: model).cost(of: usage)
    }
}

/// One model's prices in USD per million tokens.
public struct ModelPrice: Sendable, Hashable {
    /// Uncached prompt tokens.
    public var input: Double
    /// Prompt tokens read from the cache.
    public var cachedInput: Double
    /// Prompt tokens written to the cache (Anthropic charges extra; OpenAI charges the input price).
    public var cacheWrite: Double
    /// Completion tokens, reasoning included.
    public var output: Double
    /// Who serves the model (`openai`, `anthropic`, …), when the table says: model spans record it as `provider`.
    public var provider: String?

    /// Prices from their parts; cached input defaults to the input price, cache writes to the input price.
    public init(input: Double, cachedInput: Double? = nil, cacheWrite: Double? = nil, output: Double, provider: String? = nil) {
        self.input = input
        self.cachedInput = cachedInput ?? input
        self.cacheWrite = cacheWrite ?? input
        self.output = output
        self.provider = provider
    }

    /// What `usage` costs, in USD: uncached input, cached input, cache writes and output, each at its price.
    public func cost(of usage: TokenUsage) -> Double { breakdown(of: usage).total }

    /// What each kind of token in `usage` costs, in USD (reasoning tokens are output tokens and priced as such).
    public func breakdown(of usage: TokenUsage) -> CostBreakdown {
        let uncached = max(0, usage.input - usage.cachedInput - usage.cacheWrite)
        return CostBreakdown(
            input: Double(uncached) * input / 1_000_000, cachedInput: Double(usage.cachedInput) * cachedInput / 1_000_000,
            cacheWrite: Double(usage.cacheWrite) * cacheWrite / 1_000_000, output: Double(usage.output) * output / 1_000_000)
    }
}

/// A cost split by kind of token, in USD.
public struct CostBreakdown: Sendable, Hashable {
    /// Uncached prompt tokens.
    public var input: Double
    /// Prompt tokens read from the cache.
    public var cachedInput: Double
    /// Prompt tokens written to the cache.
    public var cacheWrite: Double
    /// Completion tokens, reasoning included.
    public var output: Double

    /// A breakdown from its parts.
    public init(input: Double = 0, cachedInput: Double = 0, cacheWrite: Double = 0, output: Double = 0) {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
    }

    /// Everything.
    public var total: Double { input + cachedInput + cacheWrite + output }

    /// The sum of two breakdowns.
    public static func + (lhs: CostBreakdown, rhs: CostBreakdown) -> CostBreakdown {
        CostBreakdown(input: lhs.input + rhs.input, cachedInput: lhs.cachedInput + rhs.cachedInput, cacheWrite: lhs.cacheWrite + rhs.cacheWrite, output: lhs.output + rhs.output)
    }
}

extension CostBreakdown: JSONEncodable {
    public var json: JSONValue {
        ["input": .number(input), "cachedInput": .number(cachedInput), "cacheWrite": .number(cacheWrite), "output": .number(output), "total": .number(total)]
    }
}

/// A model has no price in the table.
public struct PricingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model without a price.
    public var model: String
    /// The models the table does price.
    public var known: [String]

    public var description: String {
        "no price for model \"\(model)\" in the price table (it prices \(known.joined(separator: ", "))); add it to the table or pass --prices FILE"
    }
}

extension PriceTable: JSONDecodable, JSONEncodable {
    public init(json: JSONValue, at path: JSONPath) throws {
        let reader = try JSONObjectReader(json, at: path, keys: ["source", "date", "currency", "unit", "notes", "models"])
        let source: String = try reader.decode("source")
        let date: String = try reader.decode("date")
        if let currency: String = try reader.decodeIfPresent("currency"), currency != "USD" {
            throw JSONDecodingError(path: path.appending("currency"), message: "expected \"USD\", found \(JSONValue.string(currency).serialized())")
        }
        if let unit: String = try reader.decodeIfPresent("unit"), unit != "per 1M tokens" {
            throw JSONDecodingError(path: path.appending("unit"), message: "expected \"per 1M tokens\", found \(JSONValue.string(unit).serialized())")
        }
        let _: String? = try reader.decodeIfPresent("notes")
        guard let modelsValue = reader.members["models"], modelsValue != .null else {
            throw JSONDecodingError(path: path, message: "missing required key \"models\" (an object of model name to prices)")
        }
        guard case .object(let entries) = modelsValue else {
            throw JSONDecodingError.typeMismatch(at: path.appending("models"), expected: "an object of model name to prices", found: modelsValue)
        }
        var models: [String: ModelPrice] = [:]
        for name in entries.keys.sorted() {
            let entryPath = path.appending("models").appending(name)
            let entry = try JSONObjectReader(entries[name]!, at: entryPath, keys: ["input", "cachedInput", "cacheWrite", "output", "aliases", "provider"])
            let price = ModelPrice(
                input: try entry.decodeNonNegative("input"), cachedInput: try entry.decodeIfPresentNonNegative("cachedInput"),
                cacheWrite: try entry.decodeIfPresentNonNegative("cacheWrite"), output: try entry.decodeNonNegative("output"),
                provider: try entry.decodeIfPresent("provider"))
            for alias in [name] + (try entry.decode("aliases", default: [String]())) {
                if models[alias] != nil {
                    throw JSONDecodingError(path: entryPath, message: "model \"\(alias)\" is priced twice")
                }
                models[alias] = price
            }
        }
        self.init(source: source, date: date, models: models)
    }

    public var json: JSONValue {
        [
            "source": .string(source), "date": .string(date), "currency": "USD", "unit": "per 1M tokens",
            "models": .object(models.mapValues { price in
                var members: [String: JSONValue] = [
                    "input": .number(price.input), "cachedInput": .number(price.cachedInput), "cacheWrite": .number(price.cacheWrite),
                    "output": .number(price.output),
                ]
                members["provider"] = price.provider.map(JSONValue.string)
                return .object(members)
            }),
        ]
    }
}

extension JSONObjectReader {
    fileprivate func decodeNonNegative(_ key: String) throws -> Double {
        let value: Double = try decode(key)
        guard value >= 0 else { throw JSONDecodingError(path: path.appending(key), message: "expected a price >= 0, found \(JSONValue.format(number: value))") }
        return value
    }

    fileprivate func decodeIfPresentNonNegative(_ key: String) throws -> Double? {
        guard contains(key) else { return nil }
        return try decodeNonNegative(key)
    }
}
