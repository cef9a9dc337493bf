/// A value bound to a statement parameter: the SQLite storage classes the store uses.
///
/// Build one from a Swift value with the initializers (`SQLiteValue("text")`, `SQLiteValue(3)`), which map nil to
/// `.null`, so optional columns need no special case at the call site.
public enum SQLiteValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// An IEEE double.
    case real(Double)
    /// UTF-8 text.
    case text(String)

    /// The text, or NULL when nil.
    public init(_ value: String?) { self = value.map(SQLiteValue.text) ?? .null }

    /// The integer, or NULL when nil.
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }

    /// The double, or NULL when nil.
    public init(_ value: Double?) { self = value.map(SQLiteValue.real) ?? .null }

    /// 1 for true, 0 for false (SQLite has no Boolean type), or NULL when nil.
    public init(_ value: Bool?) { self = value.map { .integer($0 ? 1 : 0) } ?? .null }
}
