import Foundation
import Synchronization
import Testing
@testable import StripeClient

private func client(for server: LocalHTTPServer, timeout: Duration = .seconds(10), retry: StripeRetryPolicy = StripeRetryPolicy(initialBackoff: .milliseconds(20))) throws -> StripeClient {
    let configuration = try StripeConfiguration(key: StripeSecretKey(TestKeys.test), baseURL: server.baseURL,
                                                rateLimit: .unlimited, requestTimeout: timeout, retryPolicy: retry)
    return StripeClient(configuration: configuration)
}

@Suite("URLSession transport against a real local HTTP server", .serialized)
struct URLSessionTransportTests {
    @Test func requestCarriesHeadersAndBodyOverTheWire() async throws {
        let server = try LocalHTTPServer { _ in .respond(status: 200, headers: ["Request-Id": "req_1"], body: #"{"id": "cus_1", "name": "Café & Co"}"#) }
        defer { server.stop() }
        let scope = IdempotencyScope(objectKind: "customer", objectId: "vc_1", operation: "create", generation: 1)
        let customer = try await client(for: server).createCustomer(["name": "Café & Co", "metadata": ["veles_customer_id": "vc_1"]], idempotency: scope)
        #expect(customer.name == "Café & Co")
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/customers")
        #expect(request.headers["authorization"] == "Bearer \(TestKeys.test)")
        #expect(request.headers["stripe-version"] == StripeAPIVersion.pinned)
        #expect(request.headers["idempotency-key"] == scope.key)
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["user-agent"] == StripeConfiguration.defaultUserAgent)
        #expect(String(decoding: request.body, as: UTF8.self) == "name=Caf%C3%A9%20%26%20Co&metadata%5Bveles_customer_id%5D=vc_1")
    }

    @Test func droppedConnectionAfterReceiptIsRetriedAndCreatesOneObject() async throws {
        // Like Stripe: the first request is carried out but its reply is lost; the retry with the same key replays it.
        let created = Mutex<[String: String]>([:])
        let server = try LocalHTTPServer { request in
            let key = request.headers["idempotency-key"] ?? ""
            let (id, isFirst): (String, Bool) = created.withLock { objects in
                if let existing = objects[key] { return (existing, false) }
                let id = "cus_\(objects.count + 1)"
                objects[key] = id
                return (id, true)
            }
            return isFirst ? .drop : .respond(status: 200, headers: ["Idempotent-Replayed": "true"], body: #"{"id": "\#(id)"}"#)
        }
        defer { server.stop() }
        let scope = IdempotencyScope(objectKind: "customer", objectId: "vc_2", operation: "create", generation: 1)
        let customer = try await client(for: server).createCustomer(["name": "Once"], idempotency: scope)
        #expect(customer.id == "cus_1")
        #expect(created.withLock { $0.count } == 1)
        #expect(server.requests.count == 2)
        #expect(Set(server.requests.map { $0.headers["idempotency-key"] }) == [scope.key])
    }

    @Test func timeoutIsANetworkErrorThatIsRetried() async throws {
        let calls = Atomic<Int>(0)
        let server = try LocalHTTPServer { _ in
            let call = calls.add(1, ordering: .sequentiallyConsistent).newValue
            let ok = LocalHTTPServer.Response(status: 200, headers: [:], body: #"{"id": "acct_1"}"#)
            return call == 1 ? .delay(.milliseconds(2500), then: ok) : .respond(status: ok.status, headers: ok.headers, body: ok.body)
        }
        defer { server.stop() }
        let started = ContinuousClock.now
        let account = try await client(for: server, timeout: .milliseconds(300)).retrieveAccount()
        let elapsed = ContinuousClock.now - started
        #expect(account.id == "acct_1")
        #expect(server.requests.count == 2)
        #expect(elapsed >= .milliseconds(280), "the first attempt should have waited for its timeout, took \(elapsed)")
        #expect(elapsed < .milliseconds(1500), "the retry should not have waited for the slow reply, took \(elapsed)")
    }

    @Test func refusedConnectionGivesANetworkErrorAfterBoundedAttempts() async throws {
        let server = try LocalHTTPServer { _ in .drop }
        let url = server.baseURL
        server.stop()
        let configuration = try StripeConfiguration(key: StripeSecretKey(TestKeys.test), baseURL: url, rateLimit: .unlimited,
                                                    retryPolicy: StripeRetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(10)))
        let error = try await #require(throws: StripeError.self) {
            _ = try await StripeClient(configuration: configuration).retrieveAccount()
        }
        #expect(error.kind == .network)
        #expect(error.attempts == 3)
        #expect(!"\(error)".contains(TestKeys.test))
    }

    @Test func retryAfterFromTheWireIsWaitedOut() async throws {
        let calls = Atomic<Int>(0)
        let server = try LocalHTTPServer { _ in
            let call = calls.add(1, ordering: .sequentiallyConsistent).newValue
            if call <= 2 {
                return .respond(status: 429, headers: ["Retry-After": "0.3", "Content-Type": "application/json"],
                                body: #"{"error": {"type": "invalid_request_error", "code": "rate_limit", "message": "Too many requests"}}"#)
            }
            return .respond(status: 200, headers: [:], body: #"{"id": "acct_1"}"#)
        }
        defer { server.stop() }
        let started = ContinuousClock.now
        let account = try await client(for: server).retrieveAccount()
        #expect(account.id == "acct_1")
        #expect(ContinuousClock.now - started >= .milliseconds(600))
        #expect(server.requests.count == 3)
    }
}
