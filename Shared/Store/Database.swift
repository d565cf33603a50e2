import Foundation

/// A service's SQLite file: WAL mode, foreign keys on, a busy timeout so several worker processes can share it,
/// and numbered migrations applied at open.
///
/// All access goes through one connection under a lock; calls are short and never wait on the network.
public final class Database: @unchecked Sendable {
    // @unchecked: the connection is touched only while `lock` is held.
    private let lock = NSLock()
    private let connection: Connection
    public let path: String

    /// Opens (creating if needed) the file at `path`, creating its folder, and applies pending migrations.
    public init(path: String, migrations: [Migration], secureDelete: Bool = false, busyTimeoutMs: Int = 10_000) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let opened = try Connection(path: path)
        try opened.executeScript("PRAGMA busy_timeout = \(busyTimeoutMs)")
        try Self.switchToWAL(opened, waitingUpTo: busyTimeoutMs)
        try opened.executeScript("PRAGMA synchronous = NORMAL")
        try opened.executeScript("PRAGMA foreign_keys = ON")
        if secureDelete { try opened.executeScript("PRAGMA secure_delete = ON") }
        try Self.migrate(opened, migrations)
        connection = opened
    }

    /// Runs `body` with the connection held; use for reads and single statements.
    public func read<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try lock.withLock { try body(connection) }
    }

    /// Runs `body` in one write transaction: every row it changes commits together or not at all.
    public func write<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try lock.withLock { try connection.transaction(body) }
    }

    public func execute(_ sql: String, _ parameters: any SQLBindable...) throws {
        try lock.withLock { try connection.execute(sql, parameters) }
    }

    public func query(_ sql: String, _ parameters: any SQLBindable...) throws -> [Row] {
        try lock.withLock { try connection.query(sql, parameters) }
    }

    public func queryOne(_ sql: String, _ parameters: any SQLBindable...) throws -> Row? {
        try lock.withLock { try connection.query(sql, parameters).first }
    }

    /// Moves everything from the WAL into the main file and truncates the WAL, so erased data leaves no copy behind.
    public func checkpoint() throws {
        try lock.withLock { try connection.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// The highest migration applied.
    public func schemaVersion() throws -> Int {
        try read { try $0.queryOne("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations")?.int("version") ?? 0 }
    }

    /// Turns on WAL mode, retrying while another process holds the file: the switch needs an exclusive lock, and SQLite
    /// can refuse it as busy without calling the busy handler (two workers creating a fresh store at once hit this).
    private static func switchToWAL(_ connection: Connection, waitingUpTo timeoutMs: Int) throws {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while true {
            do {
                try connection.executeScript("PRAGMA journal_mode = WAL")
                return
            } catch let error as StoreError where error.kind == .busy && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    private static func migrate(_ connection: Connection, _ migrations: [Migration]) throws {
        try connection.executeScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                applied_at_ms INTEGER NOT NULL
            )
            """)
        let sorted = migrations.sorted { $0.version < $1.version }
        for migration in sorted {
            // Each step re-checks under the write lock, so two processes starting together apply it once.
            try connection.transaction { connection in
                let applied = try connection.queryOne("SELECT 1 AS one FROM schema_migrations WHERE version = ?", migration.version)
                guard applied == nil else { return }
                try connection.executeScript(migration.sql)
                try connection.execute("INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?, ?)",
                                       migration.version, Int64(Date().timeIntervalSince1970 * 1000))
            }
        }
    }
}
