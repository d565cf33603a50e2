import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Store

@Suite struct StoreTests {
    let migrations = [
        Migration(1, "CREATE TABLE item (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, count INTEGER NOT NULL, data BLOB)"),
        Migration(2, "CREATE UNIQUE INDEX item_count ON item (workspace_id, count)"),
    ]

    @Test func migrationsApplyOnceAndSurviveReopen() throws {
        let folder = try TemporaryDirectory()
        let path = folder.appending("nested/store.sqlite").path
        do {
            let database = try Database(path: path, migrations: migrations)
            #expect(try database.schemaVersion() == 2)
            try database.execute("INSERT INTO item VALUES (?, ?, ?, ?)", "a", "ws", 1, [UInt8]([9, 8]))
        }
        let reopened = try Database(path: path, migrations: migrations)
        #expect(try reopened.schemaVersion() == 2)
        let row = try #require(try reopened.queryOne("SELECT * FROM item WHERE id = ?", "a"))
        #expect(row.string("workspace_id") == "ws")
        #expect(row.int("count") == 1)
        #expect(row.blob("data") == [9, 8])
        #expect(try reopened.queryOne("SELECT journal_mode AS mode FROM pragma_journal_mode")?.string("mode") == "wal")
    }

    /// Several workers of one service start together on a store that does not exist yet; each must open it.
    @Test func manyConnectionsOpeningAFreshStoreAtOnceAllSucceed() throws {
        let folder = try TemporaryDirectory()
        let migrations = self.migrations
        for round in 0..<20 {
            let path = folder.appending("fresh-\(round).sqlite").path
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let database = try Database(path: path, migrations: migrations)
                    _ = try database.schemaVersion()
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [], "round \(round)")
            let database = try Database(path: path, migrations: migrations)
            #expect(try database.schemaVersion() == 2)
            #expect(try database.queryOne("SELECT journal_mode AS mode FROM pragma_journal_mode")?.string("mode") == "wal")
        }
    }

    @Test func failedTransactionLeavesNothingBehind() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.appending("s.sqlite").path, migrations: migrations)
        try database.execute("INSERT INTO item VALUES ('keep', 'ws', 1, NULL)")
        #expect(throws: StoreError.self) {
            try database.write { connection in
                try connection.execute("INSERT INTO item VALUES ('new', 'ws', 2, NULL)")
                try connection.execute("INSERT INTO item VALUES ('dup', 'ws', 1, NULL)")
            }
        }
        let ids = try database.query("SELECT id FROM item ORDER BY id").compactMap { $0.string("id") }
        #expect(ids == ["keep"])
    }

    @Test func uniqueViolationIsAConstraintError() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.appending("s.sqlite").path, migrations: migrations)
        try database.execute("INSERT INTO item VALUES ('a', 'ws', 1, NULL)")
        do {
            try database.execute("INSERT INTO item VALUES ('a', 'ws', 2, NULL)")
            Issue.record("a duplicate primary key was accepted")
        } catch let error as StoreError {
            #expect(error.kind == .constraint)
        }
    }

    @Test func wrongParameterCountIsReportedNotCrashed() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.appending("s.sqlite").path, migrations: migrations)
        #expect(throws: StoreError.self) { try database.execute("INSERT INTO item VALUES (?, ?, ?, ?)", "only one") }
    }

    @Test func twoHandlesOnOneFileSeeEachOthersWrites() throws {
        let folder = try TemporaryDirectory()
        let path = folder.appending("shared.sqlite").path
        let first = try Database(path: path, migrations: migrations)
        let second = try Database(path: path, migrations: migrations)
        try first.execute("INSERT INTO item VALUES ('x', 'ws', 7, NULL)")
        #expect(try second.queryOne("SELECT count FROM item WHERE id = 'x'")?.int("count") == 7)
    }
}
