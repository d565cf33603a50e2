/// What one run (or one page of it) changed; added up page by page in the run's record.
public struct SyncCounts: Sendable, Hashable {
    public var created = 0
    public var updated = 0
    public var deleted = 0
    public var matched = 0
    public var unmatched = 0

    public init(created: Int = 0, updated: Int = 0, deleted: Int = 0, matched: Int = 0, unmatched: Int = 0) {
        self.created = created
        self.updated = updated
        self.deleted = deleted
        self.matched = matched
        self.unmatched = unmatched
    }

    public static func + (lhs: SyncCounts, rhs: SyncCounts) -> SyncCounts {
        SyncCounts(created: lhs.created + rhs.created, updated: lhs.updated + rhs.updated,
                   deleted: lhs.deleted + rhs.deleted, matched: lhs.matched + rhs.matched,
                   unmatched: lhs.unmatched + rhs.unmatched)
    }

    public static func += (lhs: inout SyncCounts, rhs: SyncCounts) { lhs = lhs + rhs }
}
