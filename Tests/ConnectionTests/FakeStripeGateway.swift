import Foundation
import StripeClient
import Synchronization
@testable import Connection

/// A scripted Stripe for the domain tests: keys map to accounts, and every call is counted.
final class FakeStripeGateway: StripeAccountGateway {
    struct State {
        var accounts: [String: IdentifiedAccount?] = [:]
        var created: [String] = []
        var deleted: [String] = []
        var failCreate: StripeError?
    }

    let state = Mutex(State())

    init(_ accounts: [String: IdentifiedAccount?] = [:]) {
        state.withLock { $0.accounts = accounts }
    }

    func identify(key: StripeSecretKey, bucket: String) async throws -> IdentifiedAccount? {
        let known = state.withLock { $0.accounts[key.unredactedValue] }
        guard let known else {
            throw StripeError(kind: .authentication, message: "Invalid API Key provided: \(key.description)", httpStatus: 401)
        }
        return known
    }

    func createWebhookEndpoint(key: StripeSecretKey, url: String, connectionId: String, generation: Int64,
                               attempt: String, bucket: String) async throws -> CreatedWebhookEndpoint {
        try state.withLock { state in
            if let failure = state.failCreate { throw failure }
            let id = "we_\(state.created.count + 1)"
            state.created.append(url)
            return CreatedWebhookEndpoint(id: id, secret: "whsec_secret\(id)")
        }
    }

    func deleteWebhookEndpoint(key: StripeSecretKey, id: String, bucket: String) async throws {
        state.withLock { $0.deleted.append(id) }
    }
}

/// Keeps every published change for assertions.
final class RecordingEventSink: ConnectionEventSink {
    let changes = Mutex<[(ConnectionChange, ConnectionDetails)]>([])

    func publish(_ change: ConnectionChange, details: ConnectionDetails) async {
        changes.withLock { $0.append((change, details)) }
    }

    var kinds: [ConnectionChange] { changes.withLock { $0.map(\.0) } }
}
