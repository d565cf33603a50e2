/// One numbered schema step; applied once, in order, at start.
public struct Migration: Sendable {
    public let version: Int
    public let sql: String

    public init(_ version: Int, _ sql: String) {
        self.version = version
        self.sql = sql
    }
}
