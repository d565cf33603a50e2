/// The last reported run of one sync kind; `lastSyncedAtMs` moves only on success.
struct SyncState: Sendable, Hashable {
    var kind: SyncKind
    var lastSyncedAtMs: Int64
    var lastAttemptAtMs: Int64
    var lastOutcome: SyncOutcome
    var lastError: String

    static func empty(_ kind: SyncKind) -> SyncState {
        SyncState(kind: kind, lastSyncedAtMs: 0, lastAttemptAtMs: 0, lastOutcome: .none, lastError: "")
    }
}
