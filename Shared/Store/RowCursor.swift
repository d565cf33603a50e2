import CSQLite

/// The current row of a statement being stepped, read in place; valid only inside the `forEachRow` call that hands
/// it out, since the next step reuses SQLite's memory.
public struct RowCursor {
    let statement: OpaquePointer

    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    /// The column as an integer (0 for NULL, SQLite's conversion for other types).
    public func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// The column's UTF-8 text in SQLite's memory, or nil for NULL.
    public func text(_ column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL, let text = sqlite3_column_text(statement, column) else {
            return nil
        }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
    }
}

extension Connection {
    /// Runs a query and hands each row to `body` in place, copying no value into a `Row`; for hot reads that turn
    /// rows straight into something else (a reply's bytes).
    public func forEachRow(_ sql: String, _ parameters: [any SQLBindable], _ body: (RowCursor) throws -> Void) throws {
        let statement = try prepared(sql)
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        try bind(parameters, to: statement, sql: sql)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status, sql: sql) }
            try body(RowCursor(statement: statement))
        }
    }
}
