import Foundation
import Synchronization
import Support
import Testing
@testable import StripeClient

@Suite("The key never reaches the logs")
struct KeyLoggingTests {
    @Test func retriesAndFailuresLogWithoutTheKey() async throws {
        let lines = Mutex<[String]>([])
        let logger = Logger(process: "test", level: .debug) { line in lines.withLock { $0.append(line) } }
        let transport = ScriptedTransport([
            .error(500, type: "api_error", message: "upstream failed for key \(TestKeys.live)"),
            .networkFailure("connection reset while sending Bearer \(TestKeys.live)"),
            .json(200, #"{"id": "acct_1"}"#),
            .error(401, type: "invalid_request_error", message: "Invalid API Key provided: \(TestKeys.live)"),
        ])
        let configuration = try StripeConfiguration(key: StripeSecretKey(TestKeys.live), baseURL: URL(string: "http://127.0.0.1:1")!,
                                                    rateLimit: .unlimited)
        let client = StripeClient(configuration: configuration, transport: transport, rateLimiter: nil, logger: logger,
                                  sleep: { _ in }, jitter: { 0 })
        _ = try await client.retrieveAccount()
        let error = await #expect(throws: StripeError.self) { _ = try await client.retrieveAccount() }
        let logged = lines.withLock { $0 }
        #expect(logged.count >= 3, "the retries and the success are logged: \(logged)")
        for line in logged + ["\(String(describing: error))"] {
            #expect(!line.contains(TestKeys.live))
            #expect(!line.contains("51VelesLive"))
        }
    }
}
