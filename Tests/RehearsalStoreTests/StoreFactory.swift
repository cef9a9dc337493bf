import Foundation
import RehearsalCore
import RehearsalStore
import RehearsalTesting
import Testing

/// Makes a store for one test; the conformance tests run once per factory.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (_ folder: URL) throws -> any StateStore

    var testDescription: String { name }

    static let inMemory = StoreFactory(name: "in-memory") { _ in InMemoryStateStore() }
    static let sqlite = StoreFactory(name: "SQLite") { folder in
        try SQLiteStateStore(path: folder.appendingPathComponent("rehearsal.sqlite").path)
    }
    static let all = [inMemory, sqlite]
}
