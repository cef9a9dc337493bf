public import RehearsalCore

/// One step of a database's schema history: what turns schema `version - 1` into schema `version`.
///
/// Migrations are only ever appended: a released migration is never edited, since databases in the field already
/// ran it. A change to a table is a new migration (`ALTER TABLE … ADD COLUMN`, or a new table filled from the old
/// one and renamed), and its version is the next integer.
public struct Migration: Sendable {
    /// The schema version the database has after this step, from 1.
    public var version: Int
    /// What it changes, for people reading the list.
    public var summary: String
    /// Makes the change, inside the migrator's transaction; throwing rolls the whole upgrade back.
    public var apply: @Sendable (Connection) throws(StateStoreError) -> Void

    /// A migration made by `apply`.
    public init(
        version: Int, _ summary: String, apply: @escaping @Sendable (Connection) throws(StateStoreError) -> Void
    ) {
        self.version = version
        self.summary = summary
        self.apply = apply
    }

    /// A migration that runs the SQL script `sql` (statements separated by semicolons).
    public init(version: Int, _ summary: String, sql: String) {
        self.init(version: version, summary) { (connection: Connection) throws(StateStoreError) in
            try connection.execute(sql)
        }
    }
}
