/// A failure from SQLite, with the statement that caused it; services map it to an RPC status.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, for choosing the RPC status.
    public enum Kind: Sendable, Equatable {
        case constraint
        case busy
        case corrupt
        case other
    }

    public let kind: Kind
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(kind: Kind, code: Int32, message: String, sql: String?) {
        self.kind = kind
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        if let sql { return "SQLite error \(code): \(message) (in: \(sql.prefix(120)))" }
        return "SQLite error \(code): \(message)"
    }
}
