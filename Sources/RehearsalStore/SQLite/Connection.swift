internal import Foundation
internal import RehearsalCSQLite
public import RehearsalCore

/// One open SQLite database file, set up for several processes writing it at once.
///
/// Opening creates the file and its parent folder when missing, and sets:
/// - `journal_mode=WAL`: readers never block the writer, and a commit is one append to the write-ahead log;
/// - `synchronous=NORMAL`: in WAL mode a committed transaction survives the process being killed (SIGKILL); only a
///   power loss or an OS crash can take back the last commits, never corrupt the file;
/// - a busy timeout: a write that finds another connection (or process) writing waits for it up to that long
///   instead of failing at once;
/// - `foreign_keys=ON`, so deleting a run deletes its scenario runs and their audit rows.
///
/// A connection must be used by one thread at a time: it is not `Sendable`. Share it behind a lock, as
/// ``SQLiteStateStore`` does. It is closed when the last reference to it, and to the statements prepared on it, goes.
public final class Connection {
    /// The database file, as given.
    public let path: String
    /// The SQLite handle; closed in `deinit`, which cannot run before every ``Statement`` made here is gone.
    let handle: OpaquePointer

    /// Opens (creating when missing) the database at `path`.
    /// - Parameters:
    ///   - path: The database file. Its parent folder is created when missing.
    ///   - busyTimeout: How long a write waits for another writer before failing with code `busy`.
    /// - Throws: ``StateStoreError`` with code `io` when the folder or the file cannot be made or opened, `corrupt`
    ///   when the file is not a SQLite database.
    public init(path: String, busyTimeout: Duration = .seconds(10)) throws(StateStoreError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StateStoreError(
                "io", "\(path): cannot create the folder \(folder.path): \(error.localizedDescription)")
        }
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw StateStoreError("io", "\(path): cannot open the database: \(message)")
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
        let (seconds, attoseconds) = busyTimeout.components
        sqlite3_busy_timeout(handle, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        // The busy timeout is set first: switching a new file to WAL takes a lock another process may hold.
        try execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
        _ = try prepare("PRAGMA journal_mode = WAL").first { $0.text(0) }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs `sql`, one or more statements separated by semicolons, ignoring any rows they return.
    /// - Throws: ``StateStoreError`` naming the file and SQLite's message.
    public func execute(_ sql: String) throws(StateStoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard status == SQLITE_OK else {
            throw error(status, doing: "cannot run \(Self.brief(sql))", message: message.map { String(cString: $0) })
        }
    }

    /// Compiles one SQL statement with `?` parameters, to run as many times as needed.
    /// - Throws: ``StateStoreError`` when the SQL does not compile or holds more than one statement.
    public func prepare(_ sql: String) throws(StateStoreError) -> Statement {
        try Statement(sql, on: self)
    }

    /// Runs `body` in one write transaction, committed when it returns and rolled back when it throws.
    ///
    /// The transaction starts with `BEGIN IMMEDIATE`: it takes the write lock at once (waiting up to the busy
    /// timeout), so two writers queue up instead of both reading and then failing to upgrade their locks.
    /// Transactions do not nest.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or ``StateStoreError`` when the transaction cannot start or commit.
    public func transaction<T>(_ body: () throws(StateStoreError) -> T) throws(StateStoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // SQLite rolls some failed statements back on its own; roll back only what is still open.
            if sqlite3_get_autocommit(handle) == 0 { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
            throw error
        }
    }

    /// The database's `PRAGMA user_version`: the schema version the store keeps there.
    func userVersion() throws(StateStoreError) -> Int {
        try prepare("PRAGMA user_version").first { $0.int(0) } ?? 0
    }

    /// An error for a failed SQLite call: the file, what was being done, SQLite's message and what to do.
    func error(_ status: Int32, doing action: String, message: String? = nil) -> StateStoreError {
        let detail = message ?? String(cString: sqlite3_errmsg(handle))
        switch status & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StateStoreError(
                "busy",
                "\(path): \(action): \(detail) (another connection held the write lock for longer than the busy "
                    + "timeout); try again once it has finished")
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return StateStoreError(
                "corrupt",
                "\(path): \(action): \(detail); the file is damaged or not a rehearsal database: move it away "
                    + "and a new one will be made, or use another file")
        case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_FULL, SQLITE_IOERR:
            return StateStoreError(
                "io",
                "\(path): \(action): \(detail); check that the file and its folder are writable and the disk "
                    + "has room")
        default:
            return StateStoreError("io", "\(path): \(action): \(detail)")
        }
    }

    /// The start of `sql` on one line, for error messages.
    static func brief(_ sql: String) -> String {
        let line = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return line.count > 60 ? String(line.prefix(60)) + "…" : line
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
