import Foundation
import TestSupport

/// A running `veles up --demo` as the end-to-end test drives it: the gateway's API with the demo token, Stripe's API
/// on stripe-sim with the demo key, the demo's Stripe account and the dataset's expected answer.
struct DemoSession: Sendable {
    let veles: VelesUp
    let api: HTTPClient
    let stripe: HTTPClient
    let account: String
    let expected: ExpectedAnswer

    /// Polls `probe` every 100 ms until it returns a value; fails after `timeout`.
    @discardableResult
    static func eventually<T>(_ what: String, timeout: Duration = .seconds(20),
                              _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("timed out after \(timeout) waiting for \(what)")
    }

    /// stripe-sim's count of `/v1` requests made with any key of the demo account.
    func stripeRequestCount() async throws -> Int {
        let reply = try await stripe.get("/_sim/requests?account=\(account)")
        guard reply.status == 200, let total = reply.json["total"] as? Int else {
            throw HarnessError("/_sim/requests answered \(reply.status): \(reply.text)")
        }
        return total
    }

    /// The Stripe ids of every row of a gateway list.
    func listedIDs(_ path: String) async throws -> Set<String> {
        Set(try await api.listAll(path).compactMap { $0["stripe_id"] as? String })
    }
}
