import Foundation
import Synchronization
@testable import StripeClient

/// A transport that answers from a script and records every request it was given.
final class ScriptedTransport: StripeTransport {
    /// What one attempt gets back.
    enum Reply: Sendable {
        case response(status: Int, headers: [String: String], body: String)
        case networkFailure(String)

        static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Reply {
            .response(status: status, headers: headers.merging(["Content-Type": "application/json"]) { first, _ in first }, body: body)
        }

        static func error(_ status: Int, type: String, code: String? = nil, message: String, headers: [String: String] = [:]) -> Reply {
            let code = code.map { ", \"code\": \"\($0)\"" } ?? ""
            return json(status, #"{"error": {"type": "\#(type)"\#(code), "message": "\#(message)"}}"#, headers: headers)
        }
    }

    private struct State {
        var script: [Reply]
        var fallback: (@Sendable (StripeHTTPRequest) -> Reply)?
        var requests: [StripeHTTPRequest] = []
        var sentAt: [ContinuousClock.Instant] = []
    }

    private let state: Mutex<State>

    init(_ script: [Reply], fallback: (@Sendable (StripeHTTPRequest) -> Reply)? = nil) {
        state = Mutex(State(script: script, fallback: fallback))
    }

    var requests: [StripeHTTPRequest] { state.withLock { $0.requests } }
    var sentAt: [ContinuousClock.Instant] { state.withLock { $0.sentAt } }

    func send(_ request: StripeHTTPRequest) async throws -> StripeHTTPResponse {
        let reply: Reply = state.withLock { state in
            state.requests.append(request)
            state.sentAt.append(.now)
            if !state.script.isEmpty { return state.script.removeFirst() }
            return state.fallback?(request) ?? .error(500, type: "api_error", message: "script exhausted")
        }
        switch reply {
        case let .response(status, headers, body):
            return StripeHTTPResponse(status: status, headers: headers, body: Data(body.utf8))
        case .networkFailure(let reason):
            throw StripeTransportError(reason: reason)
        }
    }
}

/// Records the waits a client asked for instead of sleeping, so retry tests run instantly.
final class RecordingSleeper: Sendable {
    private let waits = Mutex<[Duration]>([])

    var recorded: [Duration] { waits.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in self.waits.withLock { $0.append(duration) } }
    }
}

enum TestKeys {
    static let test = "sk_test_51VelesTestKey0000000000000000000000000000000000000000001234"
    static let live = "sk_live_51VelesLiveKey0000000000000000000000000000000000000000005678"
}

extension StripeClient {
    /// A client over a scripted transport, with recorded sleeps and a fixed jitter, and no rate limit in the way.
    static func scripted(_ transport: ScriptedTransport, sleeper: RecordingSleeper = RecordingSleeper(),
                         retry: StripeRetryPolicy = StripeRetryPolicy(), jitter: Double = 0.5) throws -> StripeClient {
        let configuration = try StripeConfiguration(key: StripeSecretKey(TestKeys.test),
                                                    baseURL: URL(string: "http://127.0.0.1:1")!,
                                                    rateLimit: .unlimited, retryPolicy: retry)
        return StripeClient(configuration: configuration, transport: transport, rateLimiter: nil, logger: nil,
                            sleep: sleeper.sleep, jitter: { jitter })
    }
}
