public import RehearsalCore

/// Brings a database to the newest schema of a list of ``Migration``s, or refuses one written by a newer build.
///
/// The schema version lives in the file's `PRAGMA user_version` (0 for a new file). A database at an older
/// version is upgraded in one transaction: every later migration, then the new version, or nothing at all. Two
/// processes opening the same old file at once both end up with the new schema: the second waits for the first's
/// transaction, then finds nothing left to do.
public struct Migrator: Sendable {
    /// The migrations, versions 1, 2, 3, … in order.
    public let migrations: [Migration]

    /// A migrator over `migrations`, which must have versions 1, 2, 3, … in order.
    public init(_ migrations: [Migration]) {
        for (offset, migration) in migrations.enumerated() {
            precondition(
                migration.version == offset + 1,
                "migration \(offset) (\(migration.summary)) has version \(migration.version), expected \(offset + 1)")
        }
        self.migrations = migrations
    }

    /// The schema version the list ends at: the version of its last migration, 0 for an empty list.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Upgrades the database on `connection` to ``latestVersion``; a database already there is left untouched.
    /// - Returns: The version the database had before, 0 for a new file.
    /// - Throws: ``StateStoreError`` with code `newerSchema` when the database's version is above ``latestVersion``,
    ///   or the error of the migration that failed (the database is then left as it was).
    @discardableResult
    public func migrate(_ connection: Connection) throws(StateStoreError) -> Int {
        let found = try connection.userVersion()
        try refuseNewer(found, on: connection)
        guard found < latestVersion else { return found }
        return try connection.transaction { () throws(StateStoreError) -> Int in
            // Read again under the write lock: another process may have upgraded the file meanwhile.
            let current = try connection.userVersion()
            try refuseNewer(current, on: connection)
            for migration in migrations where migration.version > current {
                try migration.apply(connection)
            }
            try connection.execute("PRAGMA user_version = \(latestVersion)")
            return current
        }
    }

    private func refuseNewer(_ version: Int, on connection: Connection) throws(StateStoreError) {
        guard version > latestVersion else { return }
        throw StateStoreError(
            "newerSchema",
            "\(connection.path) was written by a newer rehearsal (schema \(version)); this build knows schema "
                + "\(latestVersion) and will not change it. Use that newer rehearsal, or another database file.")
    }
}
