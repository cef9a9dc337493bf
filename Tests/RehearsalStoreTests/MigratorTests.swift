import Foundation
import RehearsalCore
import RehearsalStore
import Synchronization
import Testing

struct MigratorTests {
    let notesV1 = Migration(version: 1, "notes", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    let notesV2 = Migration(
        version: 2, "authors",
        sql: """
            ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown';
            CREATE TABLE authors (name TEXT PRIMARY KEY);
            INSERT INTO authors SELECT DISTINCT author FROM notes;
            """)

    @Test func bringsANewFileToTheLatestVersion() throws {
        try withTemporaryFolder { folder in
            let connection = try Connection(path: folder.appendingPathComponent("a.sqlite").path)
            #expect(try Migrator([notesV1, notesV2]).migrate(connection) == 0)
            #expect(try version(of: connection) == 2)
            #expect(try tables(of: connection) == ["authors", "notes"])
        }
    }

    @Test func upgradesAnOlderDatabaseKeepingItsData() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("a.sqlite").path
            do {
                let old = try Connection(path: path)
                try Migrator([notesV1]).migrate(old)
                try old.execute("INSERT INTO notes (text) VALUES ('written by the old build')")
            }
            let connection = try Connection(path: path)
            #expect(try Migrator([notesV1, notesV2]).migrate(connection) == 1)
            #expect(try version(of: connection) == 2)
            let notes = try connection.prepare("SELECT text, author FROM notes").rows { ($0.text(0), $0.text(1)) }
            #expect(notes.map(\.0) == ["written by the old build"])
            #expect(notes.map(\.1) == ["unknown"])
            #expect(try connection.prepare("SELECT name FROM authors").rows { $0.text(0) } == ["unknown"])
        }
    }

    @Test func refusesADatabaseWrittenByANewerBuild() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("a.sqlite").path
            let connection = try Connection(path: path)
            try Migrator([notesV1, notesV2]).migrate(connection)

            let error = #expect(throws: StateStoreError.self) { try Migrator([notesV1]).migrate(connection) }
            #expect(error?.code == "newerSchema")
            #expect(
                error?.message
                    == "\(path) was written by a newer rehearsal (schema 2); this build knows schema 1 and will not "
                    + "change it. Use that newer rehearsal, or another database file.")
            #expect(try version(of: connection) == 2)
        }
    }

    @Test func leavesTheDatabaseAsItWasWhenAMigrationFails() throws {
        try withTemporaryFolder { folder in
            let connection = try Connection(path: folder.appendingPathComponent("a.sqlite").path)
            try Migrator([notesV1]).migrate(connection)
            let broken = Migration(
                version: 2, "half a change",
                sql: "ALTER TABLE notes ADD COLUMN author TEXT; INSERT INTO nowhere VALUES (1)")

            let error = #expect(throws: StateStoreError.self) { try Migrator([notesV1, broken]).migrate(connection) }
            #expect(error?.message.contains("no such table: nowhere") == true)
            #expect(try version(of: connection) == 1)
            let columns = try connection.prepare("SELECT name FROM pragma_table_info('notes')").rows { $0.text(0) }
            #expect(columns == ["id", "text"])
        }
    }

    @Test func reopeningAnUpToDateDatabaseRunsNothing() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("a.sqlite").path
            let applied = Mutex(0)
            let counting = Migration(version: 1, "counted") { (connection: Connection) throws(StateStoreError) in
                applied.withLock { $0 += 1 }
                try connection.execute("CREATE TABLE notes (text TEXT)")
            }
            try Migrator([counting]).migrate(try Connection(path: path))
            let again = try Connection(path: path)
            #expect(try Migrator([counting]).migrate(again) == 1)
            #expect(applied.withLock { $0 } == 1)
            #expect(try version(of: again) == 1)
        }
    }

    private func version(of connection: Connection) throws -> Int? {
        try connection.prepare("PRAGMA user_version").first { $0.int(0) }
    }

    private func tables(of connection: Connection) throws -> [String?] {
        try connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows { $0.text(0) }
    }
}
