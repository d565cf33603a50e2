import Foundation
import Store

/// The catalog's SQLite file: the Veles price book, the Stripe mirror (keyed by mode), links and rejected pairs.
///
/// Every method filters by workspace; every multi-row change runs in one transaction, and the methods taking a
/// `Connection` run inside the caller's (a sync page, an event).
struct CatalogStore: Sendable {
    let database: Database
    let now: @Sendable () -> Int64
    let makeId: @Sendable (String) -> String

    init(database: Database, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) },
         makeId: @escaping @Sendable (String) -> String = CatalogStore.randomId) {
        self.database = database
        self.now = now
        self.makeId = makeId
    }

    static func open(path: String) throws -> CatalogStore {
        CatalogStore(database: try Database(path: path, migrations: CatalogSchema.migrations))
    }

    /// `<prefix>_` and 20 random lowercase hex digits.
    static let randomId: @Sendable (String) -> String = { prefix in
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    }

    // MARK: Workspace mode

    /// The mode of the workspace's connection as last seen by a sync or an event; the review shows that mode's data.
    func mode(workspaceId: String) throws -> StripeDataMode? {
        try database.queryOne("SELECT mode FROM workspace_modes WHERE workspace_id = ?", workspaceId)?
            .string("mode").flatMap(StripeDataMode.init(rawValue:))
    }

    func setMode(_ connection: Connection, workspaceId: String, mode: StripeDataMode) throws {
        try connection.execute("""
            INSERT INTO workspace_modes (workspace_id, mode, updated_at_ms) VALUES (?, ?, ?)
            ON CONFLICT (workspace_id) DO UPDATE SET mode = excluded.mode, updated_at_ms = excluded.updated_at_ms
            WHERE workspace_modes.mode <> excluded.mode
            """, workspaceId, mode.rawValue, now())
    }
}

/// JSON for the few columns that hold structured values; keys sorted so equal values store equal text.
enum StoredJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Metadata and custom fields, written by hand: one per mirrored product in a sync, where `JSONEncoder` showed.
    static func encode(_ fields: [String: String]) -> String {
        guard !fields.isEmpty else { return "{}" }
        var out = "{"
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            PriceBodyWriter.string(key, into: &out)
            out += ":"
            PriceBodyWriter.string(fields[key] ?? "", into: &out)
        }
        return out + "}"
    }

    static func decode(_ type: [String: String].Type, _ text: String?) throws -> [String: String] {
        guard let text, text != "{}", !text.isEmpty else { return [:] }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T {
        try JSONDecoder().decode(type, from: Data((text ?? "").utf8))
    }
}
