import RehearsalCore

/// The recorded model exchanges of one scenario, indexed by request key.
public struct LLMCassette: Sendable {
    /// The exchanges in file order.
    public private(set) var exchanges: [LLMExchange]
    private var byKey: [String: [Int]] = [:]

    /// A cassette of `exchanges`.
    public init(_ exchanges: [LLMExchange] = []) {
        self.exchanges = []
        for exchange in exchanges { append(exchange) }
    }

    /// Adds an exchange at the end.
    public mutating func append(_ exchange: LLMExchange) {
        byKey[exchange.key, default: []].append(exchanges.count)
        exchanges.append(exchange)
    }

    /// The positions of the exchanges recorded under `key`, in order.
    public func positions(for key: String) -> [Int] { byKey[key] ?? [] }

    /// The models this cassette has recordings for, per purpose.
    public func models(purpose: String = "agent") -> Set<String> {
        Set(exchanges.lazy.filter { $0.purpose == purpose }.map(\.model))
    }
}

/// The recorded API exchanges of one scenario, indexed by tool and canonical arguments.
public struct APICassette: Sendable {
    /// The exchanges in file order.
    public private(set) var exchanges: [APIExchange]
    private var byKey: [String: [Int]] = [:]

    /// A cassette of `exchanges`.
    public init(_ exchanges: [APIExchange] = []) {
        self.exchanges = []
        for exchange in exchanges { append(exchange) }
    }

    /// Adds an exchange at the end.
    public mutating func append(_ exchange: APIExchange) {
        byKey[exchange.key, default: []].append(exchanges.count)
        exchanges.append(exchange)
    }

    /// The positions of the exchanges recorded under `key`, in order.
    public func positions(for key: String) -> [Int] { byKey[key] ?? [] }
}
