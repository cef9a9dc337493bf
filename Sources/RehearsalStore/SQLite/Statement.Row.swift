extension Statement {
    /// The row a ``Statement`` is on, read by column position from 0; valid only inside the closure it is given to.
    public struct Row {
        let statement: Statement

        /// Whether column `column` is NULL.
        public func isNull(_ column: Int) -> Bool { statement.isNull(column) }

        /// Column `column` as an integer; 0 for NULL.
        public func int(_ column: Int) -> Int { statement.int(column) }

        /// Column `column` as an integer, or nil for NULL.
        public func optionalInt(_ column: Int) -> Int? { isNull(column) ? nil : int(column) }

        /// Column `column` as a double; 0 for NULL.
        public func double(_ column: Int) -> Double { statement.double(column) }

        /// Column `column` as a double, or nil for NULL.
        public func optionalDouble(_ column: Int) -> Double? { isNull(column) ? nil : double(column) }

        /// Column `column` as a Boolean (non-zero is true); false for NULL.
        public func bool(_ column: Int) -> Bool { statement.int(column) != 0 }

        /// Column `column` as text, or nil for NULL.
        public func text(_ column: Int) -> String? { statement.text(column) }
    }
}

@available(*, unavailable)
extension Statement.Row: Sendable {}
