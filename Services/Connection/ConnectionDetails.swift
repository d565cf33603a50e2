/// Everything GetConnection shows: the record plus its sync states and key rotations.
struct ConnectionDetails: Sendable, Hashable {
    var record: ConnectionRecord
    var syncs: [SyncState]
    var rotations: [KeyRotation]

    func sync(_ kind: SyncKind) -> SyncState {
        syncs.first { $0.kind == kind } ?? .empty(kind)
    }
}
