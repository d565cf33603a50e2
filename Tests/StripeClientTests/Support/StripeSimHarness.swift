import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
@testable import StripeClient

/// A stripe-sim process on a free port, and a client for it: the real emulator as a separate process.
final class StripeSimHarness: Sendable {
    static let testKey = "sk_test_sim_default"

    let child: ChildProcess
    let baseURL: URL

    /// Starts `stripe-sim --port 0` with the given extra flags and waits for its ready line.
    init(arguments: [String] = ["--no-rate-limit"]) async throws {
        child = try ChildProcess("stripe-sim", arguments: ["--port", "0"] + arguments)
        try await child.waitForLog("listening on http://127.0.0.1:", timeout: .seconds(30))
        guard let range = child.log.range(of: #"listening on http://127\.0\.0\.1:\d+"#, options: .regularExpression),
              let url = URL(string: String(child.log[range].dropFirst("listening on ".count))) else {
            throw TestSupportError("stripe-sim printed no address:\n\(child.log)")
        }
        baseURL = url
    }

    deinit {
        child.stop()
    }

    /// A client with the sim's default test key; the rate limit is the test key's ceiling unless given.
    func client(rateLimit: StripeRateLimitSetting = .unlimited,
                retry: StripeRetryPolicy = StripeRetryPolicy(initialBackoff: .milliseconds(50))) throws -> StripeClient {
        let configuration = try StripeConfiguration(key: StripeSecretKey(Self.testKey), baseURL: baseURL,
                                                    rateLimit: rateLimit, requestTimeout: .seconds(5), retryPolicy: retry)
        return StripeClient(configuration: configuration)
    }

    /// Calls a `/_sim/` control endpoint with a JSON body and returns the parsed JSON answer.
    @discardableResult
    func control(_ method: String, _ path: String, json: String? = nil) async throws -> [String: Any] {
        guard let url = URL(string: baseURL.absoluteString + "/" + path) else { throw TestSupportError("bad control path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw TestSupportError("\(method) \(path) failed: \(String(decoding: data, as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
