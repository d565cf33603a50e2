import Foundation
import StripeClient

/// The connection service's own Stripe calls draw from the same shared budget as everyone else's, straight from the
/// store instead of over the bus: one permit per request, waiting while the budget is spent.
struct StoreRateLimiter: StripeRateLimiter {
    let permits: RatePermitStore
    let bucket: String
    /// Nil: no limit applies.
    let limit: Int?

    func acquire() async throws {
        guard let limit else { return }
        while true {
            try Task.checkCancellation()
            let grant = try permits.acquire(bucket: bucket, requested: 1, limit: limit, nowUs: Self.nowUs(),
                                            windowUs: RateBudgetPolicy.windowUs)
            if grant.granted > 0 { return }
            try await Task.sleep(for: .microseconds(grant.retryAfterUs))
        }
    }

    static func nowUs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }
}
