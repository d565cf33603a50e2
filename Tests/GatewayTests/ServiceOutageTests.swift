import Foundation
import TestSupport
import Testing
import VelesAPI

extension GatewayTests {
    /// A service behind the gateway that is down: its routes answer 503 with Retry-After (never a hang or a 500),
    /// the other services' routes keep working, `/healthz` says which one is missing, and nothing is lost.
    @Suite struct ServiceOutage {
        static let catalogService = Veles_Catalog_V1_Catalog.descriptor.fullName

        /// Calls a route of the missing service twice: the first may wait out its deadline (the broker holds it in
        /// case a worker comes) and is still a 503; the second is refused at once, the service being known down.
        static func expectUnavailableTwice(_ stack: GatewayStack, _ method: String, _ path: String, token: String,
                                           json: Any? = nil) async throws {
            let first = try await stack.call(method, path, token: token, json: json)
            expectRetryableUnavailable(first)
            let started = ContinuousClock.now
            let second = try await stack.call(method, path, token: token, json: json)
            expectRetryableUnavailable(second)
            // The RPC deadline is 2 s in this stack; the fast refusal is one broker health check.
            #expect(ContinuousClock.now - started < .seconds(1.5), "\(method) \(path) waited for a service known to be down")
        }

        static func expectRetryableUnavailable(_ response: HTTPCall.Response) {
            #expect(response.status == 503)
            #expect(response.errorCode == "unavailable", "\(response.text)")
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let retryAfter = response.header("Retry-After").flatMap { Int($0) }
            #expect((retryAfter ?? 0) >= 1, "Retry-After is \(response.header("Retry-After") ?? "missing")")
        }

        @Test func aServiceThatNeverStartedIs503WithRetryAfterWhileTheOthersServe() async throws {
            let stack = try await GatewayStack.start(dataset: CustomerRoutes.dataset, catalog: false)
            let token = try await stack.workspaceToken("ws_outage")
            try await stack.connect(token)
            try await stack.syncCustomers(token)

            try await Self.expectUnavailableTwice(stack, "GET", "/api/v1/stripe/products", token: token)
            try await Self.expectUnavailableTwice(stack, "PUT", "/api/v1/veles/products", token: token,
                                                  json: ["products": [["id": "vp_1", "name": "One", "sku": "ONE"]]])

            let customers = try await stack.call("GET", "/api/v1/stripe/customers", token: token)
            #expect(customers.status == 200, "customer-sync still serves: \(customers.text)")
            let health = try await stack.call("GET", "/healthz", token: nil)
            #expect(health.status == 503)
            #expect(try health.json()["status"] as? String == "degraded")
            #expect(try health.json()["missing"] as? [String] == [Self.catalogService])
            // The gateway itself can still serve: it is ready even though one service behind it is not.
            #expect(try await stack.call("GET", "/readyz", token: nil).status == 200)
        }

        @Test func aServiceThatStopsIsUnavailableUntilItIsBackWithNothingLost() async throws {
            let (stack, token) = try await ProductRoutes.synced()
            let healthy = try await stack.call("GET", "/healthz", token: nil)
            #expect(healthy.status == 200, "\(healthy.text)")
            #expect(try healthy.json()["status"] as? String == "serving")
            let before = try await stack.call("GET", "/api/v1/stripe/products?limit=200", token: token).text

            let catalog = try #require(stack.catalog)
            _ = catalog.stop()
            try await stack.waitForNoWorkers(service: Self.catalogService)
            try await Self.expectUnavailableTwice(stack, "GET", "/api/v1/stripe/products", token: token)
            try await Self.expectUnavailableTwice(stack, "POST", "/api/v1/stripe/products/prod_spare/ignore", token: token)
            let degraded = try await stack.call("GET", "/healthz", token: nil)
            #expect(degraded.status == 503)
            #expect(try degraded.json()["missing"] as? [String] == [Self.catalogService])
            #expect(try await stack.call("GET", "/api/v1/stripe/customers", token: token).status == 200)

            try await stack.restartCatalog()
            let after = try await stack.call("GET", "/api/v1/stripe/products?limit=200", token: token)
            #expect(after.status == 200, "\(after.text)")
            #expect(after.text == before, "the refused calls changed nothing")
            #expect(try await stack.call("GET", "/healthz", token: nil).status == 200)
            #expect(try await stack.call("GET", "/readyz", token: nil).json()["ready"] as? Bool == true)
        }
    }
}
