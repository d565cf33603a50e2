import Foundation
import Testing
@testable import StripeClient

private let customerJSON = #"{"id": "cus_ok", "object": "customer", "name": "Acme"}"#
private let scope = IdempotencyScope(objectKind: "customer", objectId: "vc_1", operation: "create", generation: 1)

@Suite("Retries: backoff, Retry-After, Stripe-Should-Retry, bounds")
struct RetryTests {
    @Test func rateLimitsAndServerErrorsAreRetriedWithTheSameIdempotencyKey() async throws {
        let transport = ScriptedTransport([
            .error(429, type: "invalid_request_error", code: "rate_limit", message: "Too many requests"),
            .error(500, type: "api_error", message: "boom"),
            .networkFailure("connection reset"),
            .json(200, customerJSON),
        ])
        let sleeper = RecordingSleeper()
        let client = try StripeClient.scripted(transport, sleeper: sleeper)
        let customer = try await client.createCustomer(["name": "Acme"], idempotency: scope)
        #expect(customer.id == "cus_ok")
        let keys = transport.requests.map { $0.headers["Idempotency-Key"] }
        #expect(keys.count == 4)
        #expect(Set(keys) == [scope.key])
        #expect(transport.requests.allSatisfy { $0.body == Data("name=Acme".utf8) })
        // Jitter fixed at 0.5: each wait is 3/4 of 0.5 s doubled per retry.
        #expect(sleeper.recorded == [.milliseconds(375), .milliseconds(750), .milliseconds(1500)])
    }

    @Test func badRequestWithRateLimitCodeCountsAsRateLimit() async throws {
        let transport = ScriptedTransport([
            .error(400, type: "invalid_request_error", code: "rate_limit", message: "slow down"),
            .json(200, customerJSON),
        ])
        let client = try StripeClient.scripted(transport)
        _ = try await client.retrieveCustomer("cus_ok")
        #expect(transport.requests.count == 2)
        #expect(StripeError.classify(status: 400, type: "invalid_request_error", code: "rate_limit") == .rateLimited)
    }

    @Test func retryAfterIsWaitedOutInsteadOfBackoff() async throws {
        let transport = ScriptedTransport([
            .error(429, type: "invalid_request_error", code: "rate_limit", message: "busy", headers: ["Retry-After": "2"]),
            .error(429, type: "invalid_request_error", code: "rate_limit", message: "busy", headers: ["retry-after": "0.25"]),
            .json(200, customerJSON),
        ])
        let sleeper = RecordingSleeper()
        let client = try StripeClient.scripted(transport, sleeper: sleeper)
        _ = try await client.retrieveCustomer("cus_ok")
        #expect(sleeper.recorded == [.seconds(2), .milliseconds(250)])
    }

    @Test func retryAfterAsHTTPDateIsHonoured() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let later = "Tue, 14 Nov 2023 22:13:25 GMT" // now + 5 s
        #expect(StripeRetryDecision.parseRetryAfter(later, now: now) == .seconds(5))
        #expect(StripeRetryDecision.parseRetryAfter("soon", now: now) == nil)
    }

    @Test func stripeShouldRetryOverridesTheStatus() async throws {
        let refused = ScriptedTransport([
            .error(503, type: "api_error", message: "no", headers: ["Stripe-Should-Retry": "false"]),
        ])
        let error = try await #require(throws: StripeError.self) {
            _ = try await StripeClient.scripted(refused).retrieveAccount()
        }
        #expect(error.kind == .server && error.attempts == 1)
        #expect(refused.requests.count == 1)

        let advised = ScriptedTransport([
            .error(400, type: "invalid_request_error", code: "lock_timeout", message: "locked", headers: ["Stripe-Should-Retry": "true"]),
            .json(200, #"{"id": "acct_1"}"#),
        ])
        let account = try await StripeClient.scripted(advised).retrieveAccount()
        #expect(account.id == "acct_1")
        #expect(advised.requests.count == 2)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        for status in [400, 401, 402, 403, 404] {
            let transport = ScriptedTransport([.error(status, type: "invalid_request_error", message: "no"), .json(200, customerJSON)])
            await #expect(throws: StripeError.self) { _ = try await StripeClient.scripted(transport).retrieveCustomer("cus_1") }
            #expect(transport.requests.count == 1, "HTTP \(status) must not be retried")
        }
    }

    @Test func attemptsAreBounded() async throws {
        let transport = ScriptedTransport([], fallback: { _ in .error(500, type: "api_error", message: "down") })
        let policy = StripeRetryPolicy(maxAttempts: 4)
        let error = try await #require(throws: StripeError.self) {
            _ = try await StripeClient.scripted(transport, retry: policy).retrieveAccount()
        }
        #expect(transport.requests.count == 4)
        #expect(error.attempts == 4)
        #expect(error.kind == .server)
    }

    @Test func totalTimeIsBounded() async throws {
        let transport = ScriptedTransport([], fallback: { _ in .networkFailure("refused") })
        let sleeper = RecordingSleeper()
        // Waits of 0.75, 1.5, 3, 6 s: the fourth would pass the 5 s budget, so only three are taken.
        let policy = StripeRetryPolicy(maxAttempts: 20, initialBackoff: .seconds(1), maxBackoff: .seconds(60), maxTotalTime: .seconds(5))
        let error = try await #require(throws: StripeError.self) {
            _ = try await StripeClient.scripted(transport, sleeper: sleeper, retry: policy).retrieveAccount()
        }
        #expect(error.kind == .network)
        #expect(sleeper.recorded.count == 2)
        #expect(transport.requests.count == 3)
    }

    @Test func retryAfterBeyondTheCapIsNotWaited() async throws {
        let transport = ScriptedTransport([
            .error(429, type: "invalid_request_error", code: "rate_limit", message: "busy", headers: ["Retry-After": "3600"]),
        ])
        let sleeper = RecordingSleeper()
        let error = try await #require(throws: StripeError.self) {
            _ = try await StripeClient.scripted(transport, sleeper: sleeper).retrieveAccount()
        }
        #expect(error.kind == .rateLimited)
        #expect(sleeper.recorded.isEmpty)
    }

    @Test func backoffGrowsExponentiallyWithJitterAndCap() {
        let policy = StripeRetryPolicy(initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(800))
        #expect(policy.backoff(beforeRetry: 1, random: 0) == .milliseconds(50))
        #expect(policy.backoff(beforeRetry: 1, random: 1) == .milliseconds(100))
        #expect(policy.backoff(beforeRetry: 3, random: 1) == .milliseconds(400))
        #expect(policy.backoff(beforeRetry: 10, random: 1) == .milliseconds(800))
        #expect(policy.backoff(beforeRetry: 10, random: 0) == .milliseconds(400))
    }
}
