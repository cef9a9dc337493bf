internal import RehearsalCSQLite
public import RehearsalCore

/// A compiled SQL statement with `?` parameters, run as many times as needed with different values.
///
/// Each run binds its values, steps through the rows and resets the statement, so a statement never holds a read
/// lock between runs. A statement keeps its ``Connection`` open, and like it, must be used by one thread at a time.
public final class Statement {
    /// The SQL it was compiled from.
    public let sql: String
    /// Kept so the connection is not closed under the statement.
    private let connection: Connection
    private let handle: OpaquePointer

    init(_ sql: String, on connection: Connection) throws(StateStoreError) {
        self.sql = sql
        self.connection = connection
        var compiled: OpaquePointer?
        // What follows the first statement; read inside the closure, where the C string is alive.
        let (status, rest) = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v3(
                connection.handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &compiled, &tail)
            return (status, tail.map { String(cString: $0) } ?? "")
        }
        guard status == SQLITE_OK, let compiled else {
            sqlite3_finalize(compiled)
            throw connection.error(status, doing: "cannot compile \(Connection.brief(sql))")
        }
        handle = compiled
        if rest.contains(where: { !$0.isWhitespace && $0 != ";" }) {
            throw StateStoreError(
                "misuse",
                "\(connection.path): \(Connection.brief(sql)) holds more than one statement; prepare them "
                    + "one by one, or run a script with Connection.execute")
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Runs the statement with `values` bound to its parameters, to its end, ignoring any rows.
    /// - Throws: ``StateStoreError`` when the values do not fit the parameters or SQLite fails.
    public func execute(_ values: [SQLiteValue] = []) throws(StateStoreError) {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Runs the statement with `values` bound and reads every row with `read`.
    /// - Parameters:
    ///   - values: One value per `?` parameter, in order.
    ///   - read: Turns the current row into a value; the ``Row`` is valid only inside the call.
    /// - Returns: One value per row, in the order SQLite returned them.
    /// - Throws: ``StateStoreError`` from SQLite, or what `read` throws.
    public func rows<T>(_ values: [SQLiteValue] = [], _ read: (Row) throws(StateStoreError) -> T)
        throws(StateStoreError) -> [T]
    {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var results: [T] = []
        while try step() { results.append(try read(Row(statement: self))) }
        return results
    }

    /// Runs the statement with `values` bound and reads its first row with `read`, or returns nil when it has none.
    /// - Throws: ``StateStoreError`` from SQLite, or what `read` throws.
    public func first<T>(_ values: [SQLiteValue] = [], _ read: (Row) throws(StateStoreError) -> T)
        throws(StateStoreError) -> T?
    {
        try bind(values)
        defer { sqlite3_reset(handle) }
        return try step() ? try read(Row(statement: self)) : nil
    }

    private func bind(_ values: [SQLiteValue]) throws(StateStoreError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw StateStoreError(
                "misuse", "\(connection.path): \(Connection.brief(sql)) takes \(expected) values, given \(values.count)"
            )
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(handle, index)
            case .integer(let integer): status = sqlite3_bind_int64(handle, index, integer)
            case .real(let real): status = sqlite3_bind_double(handle, index, real)
            case .text(var text):
                // Bound with its byte count, so text holding U+0000 is kept whole; SQLite copies it. Empty text
                // gets a real pointer: a null one would bind NULL.
                status = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        guard let start = chars.baseAddress, !chars.isEmpty else {
                            return sqlite3_bind_text(handle, index, "", 0, Self.transient)
                        }
                        return sqlite3_bind_text(handle, index, start, Int32(chars.count), Self.transient)
                    }
                }
            }
            guard status == SQLITE_OK else {
                throw connection.error(status, doing: "cannot bind value \(index) of \(Connection.brief(sql))")
            }
        }
    }

    /// Advances to the next row: true when there is one, false at the end.
    private func step() throws(StateStoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: throw connection.error(status, doing: "cannot run \(Connection.brief(sql))")
        }
    }

    /// Tells SQLite to copy bound text at once (`SQLITE_TRANSIENT`, a macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    // MARK: Reading the current row (through Row)

    func isNull(_ column: Int) -> Bool { sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL }

    func int(_ column: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(column))) }

    func double(_ column: Int) -> Double { sqlite3_column_double(handle, Int32(column)) }

    func text(_ column: Int) -> String? {
        guard !isNull(column), let bytes = sqlite3_column_text(handle, Int32(column)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(column)))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
