import CSQLite

/// One open SQLite connection with a cache of prepared statements; used only under `Database`'s lock.
public final class Connection {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    fileprivate(set) var transactionDepth = 0

    init(path: String) throws {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let opened { sqlite3_close_v2(opened) }
            throw StoreError(kind: .other, code: status, message: "\(message): \(path)", sql: nil)
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs a statement that returns no rows (or whose rows are not wanted).
    public func execute(_ sql: String, _ parameters: [any SQLBindable] = []) throws {
        try forEachRow(sql, parameters) { _ in }
    }

    public func execute(_ sql: String, _ parameters: any SQLBindable...) throws {
        try execute(sql, parameters)
    }

    /// Runs several `;`-separated statements without parameters (schema scripts).
    public func executeScript(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "failed"
            sqlite3_free(message)
            throw StoreError(kind: Self.kind(status), code: status, message: text, sql: sql)
        }
    }

    public func query(_ sql: String, _ parameters: [any SQLBindable] = []) throws -> [Row] {
        let statement = try prepared(sql)
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        try bind(parameters, to: statement, sql: sql)
        let count = sqlite3_column_count(statement)
        let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [Row] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw error(status, sql: sql) }
            rows.append(Row(columns: columns, values: (0..<count).map { value(statement, $0) }))
        }
        return rows
    }

    public func query(_ sql: String, _ parameters: any SQLBindable...) throws -> [Row] {
        try query(sql, parameters)
    }

    public func queryOne(_ sql: String, _ parameters: any SQLBindable...) throws -> Row? {
        try query(sql, parameters).first
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`, so two processes never deadlock upgrading a read lock);
    /// a nested call joins the outer transaction.
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        if transactionDepth > 0 {
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            return try body(self)
        }
        try executeScript("BEGIN IMMEDIATE")
        transactionDepth = 1
        do {
            let result = try body(self)
            transactionDepth = 0
            try executeScript("COMMIT")
            return result
        } catch {
            transactionDepth = 0
            try? executeScript("ROLLBACK")
            throw error
        }
    }

    func prepared(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, sql: sql) }
        statements[sql] = statement
        return statement
    }

    func bind(_ parameters: [any SQLBindable], to statement: OpaquePointer, sql: String) throws {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            throw StoreError(kind: .other, code: SQLITE_RANGE,
                             message: "statement takes \(expected) parameters, \(parameters.count) given", sql: sql)
        }
        for (offset, parameter) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch parameter.sqlValue {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let value): status = sqlite3_bind_int64(statement, index, value)
            case .real(let value): status = sqlite3_bind_double(statement, index, value)
            case .text(let value): status = sqlite3_bind_text(statement, index, value, -1, Self.transient)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
                }
            }
            guard status == SQLITE_OK else { throw error(status, sql: sql) }
        }
    }

    private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, column) else { return .null }
            return .text(String(cString: text))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    func error(_ status: Int32, sql: String?) -> StoreError {
        StoreError(kind: Self.kind(status), code: status, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    private static func kind(_ status: Int32) -> StoreError.Kind {
        switch status & 0xff {
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_CORRUPT, SQLITE_NOTADB: .corrupt
        default: .other
        }
    }

    // SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
