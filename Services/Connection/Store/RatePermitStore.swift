import Store

/// The shared rate budgets, kept in the connection store so every connection process grants from the same state:
/// each grant is decided and recorded inside one write transaction (`BEGIN IMMEDIATE` serialises the processes).
struct RatePermitStore: Sendable {
    /// A grant: the lease to report back when permits go unused, how many, and when to ask again if none.
    struct Grant: Sendable, Hashable {
        var leaseId: Int64
        var granted: Int
        var retryAfterUs: Int64
    }

    let database: Database

    /// Returns the unused part of an earlier lease, then grants up to `requested` permits of `bucket`.
    func acquire(bucket: String, requested: Int, limit: Int, nowUs: Int64, windowUs: Int64,
                 returnedLeaseId: Int64 = 0, returnedUnused: Int = 0) throws -> Grant {
        try database.write { connection in
            if returnedLeaseId > 0, returnedUnused > 0 {
                try connection.execute(
                    "UPDATE rate_leases SET count = MAX(count - ?, 0) WHERE id = ? AND bucket = ?",
                    returnedUnused, returnedLeaseId, bucket)
            }
            try connection.execute(
                "DELETE FROM rate_leases WHERE bucket = ? AND granted_at_us <= ?", bucket, nowUs - windowUs)
            let held = try connection.query(
                "SELECT granted_at_us, count FROM rate_leases WHERE bucket = ? ORDER BY granted_at_us", bucket
            ).map { RateWindow.Held(grantedAtUs: $0.int64("granted_at_us") ?? 0, count: $0.int("count") ?? 0) }
            let decision = RateWindow.decide(requested: requested, limit: limit, held: held, nowUs: nowUs, windowUs: windowUs)
            guard decision.granted > 0 else {
                return Grant(leaseId: 0, granted: 0, retryAfterUs: decision.retryAfterUs)
            }
            try connection.execute(
                "INSERT INTO rate_leases (bucket, granted_at_us, count) VALUES (?, ?, ?)", bucket, nowUs, decision.granted)
            return Grant(leaseId: connection.lastInsertRowID, granted: decision.granted, retryAfterUs: 0)
        }
    }
}
