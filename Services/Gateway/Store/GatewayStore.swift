import Crypto
import Foundation
import Store

/// The gateway's own small store: workspaces and API tokens (only their SHA-256 is kept).
struct GatewayStore: Sendable {
    /// A workspace as stored.
    struct Workspace: Sendable, Hashable {
        let id: String
        let name: String
        let createdAtMs: Int64
    }

    /// A token as stored: never the secret.
    struct Token: Sendable, Hashable {
        let id: String
        let workspaceId: String
        let name: String
        let last4: String
        let createdAtMs: Int64
        let revokedAtMs: Int64?
    }

    static let migrations = [
        Migration(1, """
            CREATE TABLE workspaces (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL
            );
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces (id),
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                last4 TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL,
                revoked_at_ms INTEGER
            );
            CREATE INDEX api_tokens_by_workspace ON api_tokens (workspace_id);
            """),
    ]

    /// Bearer tokens look like `vlt_<64 hex>`, so a leaked one is recognisable in a scan.
    static let tokenPrefix = "vlt_"
    /// Token ids look like `tok_<16 hex>`: not secret, they name a token in listings and in revoke.
    static let tokenIdPrefix = "tok_"

    let database: Database
    let now: @Sendable () -> Int64

    init(database: Database, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.database = database
        self.now = now
    }

    static func open(path: String) throws -> GatewayStore {
        GatewayStore(database: try Database(path: path, migrations: migrations))
    }

    func createWorkspace(id requested: String, name: String) throws -> Workspace {
        let id = requested.isEmpty ? "ws_" + (try SecureRandom.hexToken(byteCount: 8)) : requested
        let workspace = Workspace(id: id, name: name, createdAtMs: now())
        try database.execute("INSERT INTO workspaces (id, name, created_at_ms) VALUES (?, ?, ?)",
                             workspace.id, workspace.name, workspace.createdAtMs)
        return workspace
    }

    func workspace(id: String) throws -> Workspace? {
        try database.queryOne("SELECT * FROM workspaces WHERE id = ?", id).map(Self.workspace)
    }

    func workspaces() throws -> [Workspace] {
        try database.query("SELECT * FROM workspaces ORDER BY created_at_ms, id").map(Self.workspace)
    }

    /// Creates a token and returns it with its secret, which is not kept.
    func createToken(workspaceId: String, name: String) throws -> (token: Token, secret: String) {
        let secret = Self.tokenPrefix + (try SecureRandom.hexToken(byteCount: 32))
        let token = Token(id: Self.tokenIdPrefix + (try SecureRandom.hexToken(byteCount: 8)), workspaceId: workspaceId, name: name,
                          last4: String(secret.suffix(4)), createdAtMs: now(), revokedAtMs: nil)
        try database.execute("""
            INSERT INTO api_tokens (id, workspace_id, name, token_hash, last4, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)
            """, token.id, workspaceId, name, Self.hash(secret), token.last4, token.createdAtMs)
        return (token, secret)
    }

    func revokeToken(id: String) throws -> Token? {
        try database.execute("UPDATE api_tokens SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE id = ?", now(), id)
        return try database.queryOne("SELECT * FROM api_tokens WHERE id = ?", id).map(Self.token)
    }

    func tokens(workspaceId: String) throws -> [Token] {
        try database.query("SELECT * FROM api_tokens WHERE workspace_id = ? ORDER BY created_at_ms, id", workspaceId)
            .map(Self.token)
    }

    /// The workspace a bearer token belongs to, or nil for an unknown or revoked token.
    func workspaceId(forToken secret: String) throws -> String? {
        guard secret.hasPrefix(Self.tokenPrefix) else { return nil }
        return try database.queryOne(
            "SELECT workspace_id FROM api_tokens WHERE token_hash = ? AND revoked_at_ms IS NULL", Self.hash(secret))?
            .string("workspace_id")
    }

    static func hash(_ secret: String) -> String {
        Hex.encode(Digest.sha256(secret))
    }

    private static func workspace(_ row: Row) -> Workspace {
        Workspace(id: row.string("id") ?? "", name: row.string("name") ?? "", createdAtMs: row.int64("created_at_ms") ?? 0)
    }

    private static func token(_ row: Row) -> Token {
        Token(id: row.string("id") ?? "", workspaceId: row.string("workspace_id") ?? "", name: row.string("name") ?? "",
              last4: row.string("last4") ?? "", createdAtMs: row.int64("created_at_ms") ?? 0,
              revokedAtMs: row.int64("revoked_at_ms"))
    }
}
