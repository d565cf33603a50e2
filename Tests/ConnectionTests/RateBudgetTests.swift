import Foundation
import Store
import Testing
import TestSupport
@testable import Connection

@Suite("Shared Stripe rate budget")
struct RateBudgetTests {
    static let window = RateBudgetPolicy.windowUs

    @Test func windowNeverHoldsMoreThanTheLimit() {
        var held: [RateWindow.Held] = []
        var now: Int64 = 10_000_000
        var granted = 0
        // 200 requests of 3 permits, arriving every 5 ms: the sum held in any window stays at the limit.
        for _ in 0..<200 {
            let decision = RateWindow.decide(requested: 3, limit: 25, held: held, nowUs: now, windowUs: Self.window)
            if decision.granted > 0 {
                held.append(RateWindow.Held(grantedAtUs: now, count: decision.granted))
                granted += decision.granted
            } else {
                #expect(decision.retryAfterUs > 0)
            }
            let live = held.filter { $0.grantedAtUs > now - Self.window }.reduce(0) { $0 + $1.count }
            #expect(live <= 25)
            now += 5_000
        }
        // One second of arrivals (200 × 5 ms) yields at most one window's worth plus what aged out.
        #expect(granted <= 25 * 2)
        #expect(granted >= 25)
    }

    @Test func retryAfterPointsAtTheOldestLeaseLeavingTheWindow() {
        let held = [RateWindow.Held(grantedAtUs: 1_000_000, count: 20), RateWindow.Held(grantedAtUs: 1_100_000, count: 5)]
        let decision = RateWindow.decide(requested: 1, limit: 25, held: held, nowUs: 1_200_000, windowUs: Self.window)
        #expect(decision.granted == 0)
        #expect(decision.retryAfterUs == 1_000_000 + Self.window - 1_200_000)
    }

    @Test func returnedUnusedPermitsAreGivenBackToTheBudget() throws {
        let folder = try TemporaryDirectory(prefix: "rate")
        let store = try ConnectionStore(path: folder.appending("c.sqlite").path)
        let permits = RatePermitStore(database: store.database)
        let first = try permits.acquire(bucket: "acct:test", requested: 25, limit: 25, nowUs: 1_000_000, windowUs: Self.window)
        #expect(first.granted == 25)
        let refused = try permits.acquire(bucket: "acct:test", requested: 5, limit: 25, nowUs: 1_100_000, windowUs: Self.window)
        #expect(refused.granted == 0)
        let other = try permits.acquire(bucket: "acct:live", requested: 5, limit: 100, nowUs: 1_100_000, windowUs: Self.window)
        #expect(other.granted == 5, "each account and mode has its own budget")
        let after = try permits.acquire(bucket: "acct:test", requested: 5, limit: 25, nowUs: 1_300_000, windowUs: Self.window,
                                        returnedLeaseId: first.leaseId, returnedUnused: 10)
        #expect(after.granted == 5)
        let aged = try permits.acquire(bucket: "acct:test", requested: 25, limit: 25, nowUs: 1_000_000 + Self.window + 1, windowUs: Self.window)
        #expect(aged.granted == 20, "the first lease aged out; the 5 granted at 1.3 s still count")
    }

    @Test func limitMayOnlyBeLoweredAgainstStripe() throws {
        let stripe = URL(string: "https://api.stripe.com")!
        let sim = URL(string: "http://127.0.0.1:12111")!
        let defaults = try RateBudgetPolicy(baseURL: stripe, testPerSecond: nil, livePerSecond: nil)
        #expect(defaults.limit(for: .test) == 25)
        #expect(defaults.limit(for: .live) == 100)
        #expect(try RateBudgetPolicy(baseURL: stripe, testPerSecond: 10, livePerSecond: 50).limit(for: .test) == 10)
        #expect(throws: ConnectionError.self) { try RateBudgetPolicy(baseURL: stripe, testPerSecond: 26, livePerSecond: nil) }
        #expect(throws: ConnectionError.self) { try RateBudgetPolicy(baseURL: stripe, testPerSecond: nil, livePerSecond: 0) }
        #expect(throws: ConnectionError.self) { try RateBudgetPolicy(baseURL: sim, testPerSecond: -1, livePerSecond: nil) }
        let off = try RateBudgetPolicy(baseURL: sim, testPerSecond: 0, livePerSecond: 500)
        #expect(off.limit(for: .test) == nil)
        #expect(off.limit(for: .live) == 500)
    }

    @Test func permitsAreRefusedOnceDisconnected() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        let grant = try fixture.manager.acquirePermits(workspaceId: "ws1", count: 100, returnedLeaseId: 0, returnedUnused: 0, nowUs: 5_000_000)
        #expect(grant.granted == 25)
        #expect(grant.limitPerSecond == 25)
        _ = try await fixture.manager.disconnect(workspaceId: "ws1")
        #expect(throws: ConnectionError.disconnected) {
            try fixture.manager.acquirePermits(workspaceId: "ws1", count: 1, returnedLeaseId: 0, returnedUnused: 0, nowUs: 9_000_000)
        }
    }

    @Test func twoStoreHandlesOnOneFileShareOneBudget() throws {
        // Two handles stand for two connection processes: each grant is decided inside a write transaction.
        let folder = try TemporaryDirectory(prefix: "rate")
        let path = folder.appending("c.sqlite").path
        let one = RatePermitStore(database: try ConnectionStore(path: path).database)
        let two = RatePermitStore(database: try ConnectionStore(path: path).database)
        var total = 0
        for step in 0..<40 {
            let store = step.isMultiple(of: 2) ? one : two
            total += try store.acquire(bucket: "a:test", requested: 2, limit: 25, nowUs: 2_000_000 + Int64(step) * 1_000,
                                       windowUs: Self.window).granted
        }
        #expect(total == 25)
    }
}
