import Foundation
import Synchronization
import Testing
@testable import StripeClient

@Suite("Rate limiting: token bucket and leased permits")
struct RateLimiterTests {
    @Test func tokenBucketSpacesRequestsSoNoSecondExceedsTheRate() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(ratePerSecond: 25, burst: 1, now: start)
        // 60 requests arriving at once: each is told to wait its turn.
        var sendTimes: [Duration] = []
        for _ in 0..<60 { sendTimes.append(bucket.reserve(at: start)) }
        #expect(sendTimes.first == .zero)
        #expect(sendTimes.last == .milliseconds(2360))
        // Slide a one-second window over every start point: never more than 25 inside.
        for (index, opening) in sendTimes.enumerated() {
            let inWindow = sendTimes[index...].prefix { $0 < opening + .seconds(1) }.count
            #expect(inWindow <= 25)
        }
    }

    @Test func tokenBucketRefillsOverTimeUpToItsBurst() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(ratePerSecond: 10, burst: 5, now: start)
        #expect(bucket.take(upTo: 8, at: start) == 5)
        #expect(bucket.take(upTo: 8, at: start) == 0)
        #expect(bucket.timeUntilAvailable(at: start) == .milliseconds(100))
        #expect(bucket.take(upTo: 8, at: start + .milliseconds(350)) == 3)
        #expect(bucket.take(upTo: 8, at: start + .seconds(10)) == 5)
    }

    @Test func clientAwaitsTheLimiterBeforeEveryAttempt() async throws {
        let transport = ScriptedTransport([], fallback: { _ in .json(200, #"{"id": "acct_1"}"#) })
        let configuration = try StripeConfiguration(key: StripeSecretKey(TestKeys.test),
                                                    baseURL: URL(string: "http://127.0.0.1:1")!, rateLimit: .perSecond(20))
        let client = StripeClient(configuration: configuration, transport: transport)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<21 { group.addTask { _ = try await client.retrieveAccount() } }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        // 21 requests paced at 20/s over 1.25 s (16/s): the last leaves no earlier than 1.25 s after the first.
        #expect(configuration.pacedRequestsPerSecond == 16)
        #expect(elapsed >= .milliseconds(1200))
        let sent = transport.sentAt.sorted()
        for (index, opening) in sent.enumerated() {
            #expect(sent[index...].prefix { $0 < opening + .milliseconds(990) }.count <= 20)
        }
    }

    @Test func aSharedLimiterCannotLiftTheConfiguredCeiling() async throws {
        let transport = ScriptedTransport([], fallback: { _ in .json(200, #"{"id": "acct_1"}"#) })
        let source = CountingPermitSource(grant: 100, validFor: .seconds(60))
        let configuration = try StripeConfiguration(key: StripeSecretKey(TestKeys.test),
                                                    baseURL: URL(string: "https://api.stripe.com")!, rateLimit: .perSecond(20))
        let client = StripeClient(configuration: configuration, transport: transport,
                                  rateLimiter: LeasedPermitRateLimiter(source: source, batchSize: 100))
        let started = ContinuousClock.now
        for _ in 0..<11 { _ = try await client.retrieveAccount() }
        // The shared budget would allow all eleven at once; the client's own 20/s (paced at 16/s) still spaces them.
        #expect(ContinuousClock.now - started >= .milliseconds(600))
        #expect(source.leases == 1)
    }

    @Test func leasedLimiterSpendsABatchBeforeLeasingAgain() async throws {
        let source = CountingPermitSource(grant: 3, validFor: .seconds(60))
        let limiter = LeasedPermitRateLimiter(source: source, batchSize: 3)
        for _ in 0..<7 { try await limiter.acquire() }
        #expect(source.leases == 3)
        #expect(source.requested == [3, 3, 3])
    }

    @Test func leasedPermitsExpireUnused() async throws {
        let source = CountingPermitSource(grant: 10, validFor: .milliseconds(50))
        let limiter = LeasedPermitRateLimiter(source: source, batchSize: 10)
        try await limiter.acquire()
        try await Task.sleep(for: .milliseconds(120))
        try await limiter.acquire()
        #expect(source.leases == 2)
    }

    @Test func concurrentAcquirersShareOneLeaseRequest() async throws {
        let source = CountingPermitSource(grant: 8, validFor: .seconds(60), delay: .milliseconds(50))
        let limiter = LeasedPermitRateLimiter(source: source, batchSize: 8)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { try await limiter.acquire() } }
            try await group.waitForAll()
        }
        #expect(source.leases == 1)
    }

    @Test func leaseFailureReachesTheCallerAndTheNextCallTriesAgain() async throws {
        let source = CountingPermitSource(grant: 2, validFor: .seconds(60), failFirst: true)
        let limiter = LeasedPermitRateLimiter(source: source, batchSize: 2)
        await #expect(throws: PermitSourceDown.self) { try await limiter.acquire() }
        try await limiter.acquire()
        #expect(source.leases == 2)
    }
}

struct PermitSourceDown: Error {}

/// A permit source that grants a fixed batch and counts how often it was asked.
final class CountingPermitSource: StripePermitSource {
    private struct State {
        var leases = 0
        var requested: [Int] = []
        var failNext: Bool
    }

    private let state: Mutex<State>
    private let grant: Int
    private let validFor: Duration
    private let delay: Duration

    init(grant: Int, validFor: Duration, delay: Duration = .zero, failFirst: Bool = false) {
        self.grant = grant
        self.validFor = validFor
        self.delay = delay
        state = Mutex(State(failNext: failFirst))
    }

    var leases: Int { state.withLock { $0.leases } }
    var requested: [Int] { state.withLock { $0.requested } }

    func lease(upTo count: Int) async throws -> StripePermitLease {
        if delay > .zero { try await Task.sleep(for: delay) }
        let fail = state.withLock { state in
            state.leases += 1
            state.requested.append(count)
            defer { state.failNext = false }
            return state.failNext
        }
        if fail { throw PermitSourceDown() }
        return StripePermitLease(count: min(grant, count), validFor: validFor)
    }
}
