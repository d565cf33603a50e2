import Foundation
import Synchronization
import Testing
import TestSupport
import StripeClient
@testable import Connection

@Suite("Rate limiter leasing from the shared budget")
struct ConnectionRateLimiterTests {
    /// A lease function served straight by a `RatePermitStore`, as the connection service would over the bus.
    static func storeLease(_ permits: RatePermitStore, limit: Int, calls: Locked<[ConnectionRateLimiter.LeaseRequest]>)
        -> ConnectionRateLimiter.Lease {
        { request in
            calls.withLock { $0.append(request) }
            let grant = try permits.acquire(bucket: "acct:test", requested: min(request.count, limit), limit: limit,
                                            nowUs: StoreRateLimiter.nowUs(), windowUs: RateBudgetPolicy.windowUs,
                                            returnedLeaseId: request.returnedLeaseId, returnedUnused: request.returnedUnused)
            return .init(granted: grant.granted, leaseId: grant.leaseId, validFor: .microseconds(RateBudgetPolicy.permitValidityUs),
                         retryAfter: .microseconds(grant.retryAfterUs), unlimited: false)
        }
    }

    @Test func fourLimitersSharingOneBudgetNeverExceedTheLimitInAnySecond() async throws {
        let folder = try TemporaryDirectory(prefix: "limiter")
        let path = folder.appending("c.sqlite").path
        let limit = 20
        let calls = Locked<[ConnectionRateLimiter.LeaseRequest]>([])
        let stamps = Locked<[ContinuousClock.Instant]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                // Each limiter has its own store handle, as four processes would.
                let permits = RatePermitStore(database: try ConnectionStore(path: path).database)
                let limiter = ConnectionRateLimiter(lease: Self.storeLease(permits, limit: limit, calls: calls))
                group.addTask {
                    for _ in 0..<12 {
                        try await limiter.acquire()
                        stamps.withLock { $0.append(.now) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let sorted = stamps.withLock { $0 }.sorted()
        #expect(sorted.count == 48)
        var busiest = 0
        for (index, start) in sorted.enumerated() {
            let inSecond = sorted[index...].prefix { $0 < start + .seconds(1) }.count
            busiest = max(busiest, inSecond)
        }
        #expect(busiest <= limit)
        #expect(busiest >= limit / 2, "the budget should be used, not starved (busiest second had \(busiest))")
    }

    @Test func concurrentCallersShareOneLeaseAndUnspentPermitsAreReturned() async throws {
        let folder = try TemporaryDirectory(prefix: "limiter")
        let permits = RatePermitStore(database: try ConnectionStore(path: folder.appending("c.sqlite").path).database)
        let calls = Locked<[ConnectionRateLimiter.LeaseRequest]>([])
        let base = Self.storeLease(permits, limit: 25, calls: calls)
        // The first lease grants more than will be spent, so some permits expire unspent.
        let generous: ConnectionRateLimiter.Lease = { request in
            var widened = request
            if calls.withLock({ $0.isEmpty }) { widened.count = 8 }
            return try await base(widened)
        }
        let limiter = ConnectionRateLimiter(lease: generous)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { try await limiter.acquire() } }
            try await group.waitForAll()
        }
        #expect(calls.withLock { $0.count } == 1, "three concurrent callers were served by one lease")
        #expect(await limiter.spendable == 5)
        try await Task.sleep(for: .microseconds(RateBudgetPolicy.permitValidityUs + 50_000))
        try await limiter.acquire()
        let second = try #require(calls.withLock { $0.last })
        #expect(second.returnedUnused == 5)
        #expect(second.returnedLeaseId > 0)
    }

    @Test func unlimitedAnswerStopsAskingForAWhile() async throws {
        let calls = Locked(0)
        let limiter = ConnectionRateLimiter { _ in
            calls.withLock { $0 += 1 }
            return .init(granted: 1, leaseId: 0, validFor: .milliseconds(200), retryAfter: .zero, unlimited: true)
        }
        for _ in 0..<100 { try await limiter.acquire() }
        #expect(calls.withLock { $0 } == 1)
    }

    @Test func leaseFailureReachesTheCaller() async throws {
        struct Down: Error {}
        let limiter = ConnectionRateLimiter { _ in throw Down() }
        await #expect(throws: Down.self) { try await limiter.acquire() }
    }
}
