import Foundation
import RehearsalCore
import RehearsalStore
import Synchronization
import Testing

struct ConnectionTests {
    @Test func opensInWALModeWithNormalSyncForeignKeysAndABusyTimeout() throws {
        try withTemporaryFolder { folder in
            let connection = try Connection(path: folder.appendingPathComponent("a.sqlite").path)
            func pragma(_ name: String) throws -> String? {
                try connection.prepare("PRAGMA \(name)").first { $0.text(0) } ?? nil
            }
            #expect(try pragma("journal_mode") == "wal")
            #expect(try pragma("synchronous") == "1")  // NORMAL
            #expect(try pragma("foreign_keys") == "1")
            #expect(try pragma("busy_timeout") == "10000")
        }
    }

    @Test func createsTheParentFolderWhenMissing() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("reports/nested/rehearsal.sqlite").path
            _ = try Connection(path: path)
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func bindsAndReadsEveryKindOfValue() throws {
        try withTemporaryFolder { folder in
            let connection = try Connection(path: folder.appendingPathComponent("a.sqlite").path)
            try connection.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT)")
            let texts = ["", "plain", "naïve ✓ 日本", "nul\u{0}inside", "\u{2028}</script>"]
            let insert = try connection.prepare("INSERT INTO t VALUES (?, ?, ?, ?)")
            for (index, text) in texts.enumerated() {
                try insert.execute([
                    SQLiteValue(index - 2), SQLiteValue(0.0037625000000000002 * Double(index)), SQLiteValue(text),
                    SQLiteValue(nil as String?),
                ])
            }
            let rows = try connection.prepare("SELECT i, r, s, n FROM t ORDER BY rowid").rows { row in
                (row.int(0), row.double(1), row.text(2), row.isNull(3), row.optionalInt(3))
            }
            #expect(rows.map(\.0) == [-2, -1, 0, 1, 2])
            #expect(rows.map(\.1) == texts.indices.map { 0.0037625000000000002 * Double($0) })
            #expect(rows.map(\.2) == texts)
            #expect(rows.allSatisfy { $0.3 && $0.4 == nil })
            #expect(SQLiteValue(true) == .integer(1) && SQLiteValue(nil as Double?) == .null)
        }
    }

    @Test func runsAStatementAgainWithOtherValues() throws {
        try withTemporaryFolder { folder in
            let connection = try Connection(path: folder.appendingPathComponent("a.sqlite").path)
            try connection.execute(
                "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER); INSERT INTO t VALUES ('a', 1), ('b', 2)")
            let lookup = try connection.prepare("SELECT v FROM t WHERE k = ?")
            #expect(try lookup.first([SQLiteValue("a")]) { $0.int(0) } == 1)
            #expect(try lookup.first([SQLiteValue("b")]) { $0.int(0) } == 2)
            #expect(try lookup.first([SQLiteValue("c")]) { $0.int(0) } == nil)
        }
    }

    @Test func rollsATransactionBackWhenItsBodyThrows() throws {
        try withTemporaryFolder { folder in
            let connection = try Connection(path: folder.appendingPathComponent("a.sqlite").path)
            try connection.execute("CREATE TABLE t (v INTEGER)")
            let failure = #expect(throws: StateStoreError.self) {
                try connection.transaction { () throws(StateStoreError) in
                    try connection.execute("INSERT INTO t VALUES (1)")
                    throw StateStoreError("test", "stop here")
                }
            }
            #expect(failure?.code == "test")
            try connection.transaction { () throws(StateStoreError) in
                try connection.execute("INSERT INTO t VALUES (2)")
            }
            #expect(try connection.prepare("SELECT v FROM t").rows { $0.int(0) } == [2])
        }
    }

    @Test func namesTheFileAndSQLitesMessageInErrors() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("a.sqlite").path
            let connection = try Connection(path: path)
            let error = #expect(throws: StateStoreError.self) { _ = try connection.prepare("SELECT * FROM missing") }
            #expect(error?.message.hasPrefix("\(path): cannot compile SELECT * FROM missing") == true)
            #expect(error?.message.contains("no such table: missing") == true)
        }
    }

    @Test func refusesToPrepareTwoStatementsAtOnce() throws {
        try withTemporaryFolder { folder in
            let connection = try Connection(path: folder.appendingPathComponent("a.sqlite").path)
            let error = #expect(throws: StateStoreError.self) {
                _ = try connection.prepare("CREATE TABLE a (x); CREATE TABLE b (y)")
            }
            #expect(error?.code == "misuse")
            #expect(try connection.prepare("SELECT 1;").first { $0.int(0) } == 1)
        }
    }

    @Test func refusesValuesThatDoNotFitTheParameters() throws {
        try withTemporaryFolder { folder in
            let connection = try Connection(path: folder.appendingPathComponent("a.sqlite").path)
            let error = #expect(throws: StateStoreError.self) {
                try connection.prepare("SELECT ?, ?").execute([SQLiteValue(1)])
            }
            #expect(error?.code == "misuse")
            #expect(error?.message.contains("takes 2 values, given 1") == true)
        }
    }

    @Test func reportsAFileThatIsNotADatabaseAsCorrupt() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("notes.sqlite").path
            try String(repeating: "not a database, just notes\n", count: 200).write(
                toFile: path, atomically: true, encoding: .utf8)
            let error = #expect(throws: StateStoreError.self) { _ = try Connection(path: path) }
            #expect(error?.code == "corrupt")
            #expect(error?.message.hasPrefix(path) == true)
        }
    }

    @Test func waitsForAnotherWriterWithinTheBusyTimeout() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("a.sqlite").path
            let setup = try Connection(path: path)
            try setup.execute("CREATE TABLE t (v INTEGER)")
            let holding = Holder(path: path)
            try holding.holdWriteLock(for: .milliseconds(300))
            // This connection's write starts while the other holds the lock, and completes once it lets go.
            let waiting = try Connection(path: path, busyTimeout: .seconds(5))
            try waiting.transaction { () throws(StateStoreError) in try waiting.execute("INSERT INTO t VALUES (2)") }
            try holding.wait()
            #expect(try setup.prepare("SELECT v FROM t ORDER BY v").rows { $0.int(0) } == [1, 2])
        }
    }

    @Test func failsAsBusyWhenAnotherWriterOutlastsTheTimeout() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("a.sqlite").path
            let setup = try Connection(path: path)
            try setup.execute("CREATE TABLE t (v INTEGER)")
            let holding = Holder(path: path)
            try holding.holdWriteLock(for: .milliseconds(1500))
            let impatient = try Connection(path: path, busyTimeout: .milliseconds(100))
            let error = #expect(throws: StateStoreError.self) {
                try impatient.transaction { () throws(StateStoreError) in
                    try impatient.execute("INSERT INTO t VALUES (2)")
                }
            }
            try holding.wait()
            #expect(error?.code == "busy")
            #expect(error?.message.hasPrefix("\(path): cannot run BEGIN IMMEDIATE: database is locked") == true)
            #expect(try setup.prepare("SELECT v FROM t").rows { $0.int(0) } == [1])
        }
    }
}

/// Another connection, on its own thread, that takes the write lock and keeps it for a while.
private final class Holder: Sendable {
    let path: String
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Mutex<StateStoreError?>(nil)

    init(path: String) { self.path = path }

    /// Returns once the other thread holds the lock: it inserts 1 in `t`, waits `duration`, then commits.
    func holdWriteLock(for duration: Duration) throws {
        let thread = Thread { [self] in
            do throws(StateStoreError) {
                let connection = try Connection(path: path)
                try connection.transaction { () throws(StateStoreError) in
                    try connection.execute("INSERT INTO t VALUES (1)")
                    started.signal()
                    Thread.sleep(
                        forTimeInterval: Double(duration.components.seconds)
                            + Double(duration.components.attoseconds) / 1e18)
                }
            } catch {
                failure.withLock { $0 = error }
                started.signal()
            }
            finished.signal()
        }
        thread.start()
        started.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Waits for the other thread to commit.
    func wait() throws {
        finished.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
