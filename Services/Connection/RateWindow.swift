/// The sliding-window rule behind the shared rate budget, without clocks or storage.
///
/// Every lease is held for one window (`RateBudgetPolicy.windowUs`) from the moment it was granted; at no moment do
/// the leases held add up to more than the limit. Since a permit is spent within its validity and reaches Stripe
/// within the slack, any one second at Stripe sees only requests of leases granted within one window, hence never
/// more than the limit.
enum RateWindow {
    /// One lease still held: when it was granted and how many permits it counts for.
    struct Held: Sendable, Hashable {
        var grantedAtUs: Int64
        var count: Int
    }

    /// The outcome of one request for permits.
    struct Decision: Sendable, Hashable {
        var granted: Int
        /// When nothing is granted, how long until at least one permit frees up.
        var retryAfterUs: Int64
    }

    /// Grants up to `requested` permits given the leases held now (oldest first).
    static func decide(requested: Int, limit: Int, held: [Held], nowUs: Int64, windowUs: Int64) -> Decision {
        let live = held.filter { $0.grantedAtUs > nowUs - windowUs }
        let used = live.reduce(0) { $0 + max($1.count, 0) }
        let free = limit - used
        if free > 0 {
            return Decision(granted: min(max(requested, 1), free), retryAfterUs: 0)
        }
        // The first permit frees when enough of the oldest leases have aged out of the window.
        var released = 0
        for lease in live.sorted(by: { $0.grantedAtUs < $1.grantedAtUs }) {
            released += max(lease.count, 0)
            if used - released < limit {
                return Decision(granted: 0, retryAfterUs: max(lease.grantedAtUs + windowUs - nowUs, 1_000))
            }
        }
        return Decision(granted: 0, retryAfterUs: windowUs)
    }
}
