import Bus
import Foundation
import Store
import Testing
import TestSupport
import VelesAPI

/// The connection service as a process, over the real broker, validating keys against stripe-sim.
@Suite("Connection service over the bus against stripe-sim", .serialized)
struct ConnectionServiceIntegrationTests {
    @Test func testKeyConnectsAsTestModeWithTheAccountNameFromStripe() async throws {
        let stack = try await ConnectionStack(connectionArguments: ["--webhook-public-url", "http://127.0.0.1:9/veles"])
        defer { stack.stop() }
        let connection = try await stack.connect("ws-acme", key: ConnectionStack.keyA1)
        #expect(connection.mode == .test)
        #expect(connection.status == .connected)
        #expect(connection.accountId == ConnectionStack.accountA)
        #expect(connection.accountName == "Acme Test Company")
        #expect(connection.apiKeyLast4 == "0001")
        #expect(connection.generation == 1)
        #expect(connection.webhookConfigured)
        #expect(connection.connectedAtMs > 0)
        let fetched = try await stack.client.getConnection(Veles_Connection_V1_GetConnectionRequest(), options: stack.call("ws-acme")).connection
        #expect(fetched.connectionId == connection.connectionId)
        #expect(fetched.accountName == "Acme Test Company")
        // The endpoint exists at Stripe, pointing at the gateway's URL for this connection.
        let endpoints = try await stack.stripeGet("v1/webhook_endpoints", key: ConnectionStack.keyA1)
        let urls = (endpoints.json["data"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
        #expect(urls == ["http://127.0.0.1:9/veles/webhooks/stripe/\(connection.connectionId)"])
        var lookup = Veles_Connection_V1_GetWebhookSecretRequest()
        lookup.connectionId = connection.connectionId
        let secret = try await stack.client.getWebhookSecret(lookup, options: CallOptions(timeout: .seconds(5)))
        #expect(secret.workspaceId == "ws-acme")
        #expect(secret.webhookSecret.hasPrefix("whsec_"))
        #expect(!stack.connectionLogs.contains(ConnectionStack.keyA1))
        #expect(!stack.connectionLogs.contains(secret.webhookSecret))
    }

    @Test func wrongKeyIsUnauthenticatedWithStripesMessageAndStoresNothing() async throws {
        let stack = try await ConnectionStack()
        defer { stack.stop() }
        let wrongKey = "sk_test_notAKeyStripeKnows0099"
        let error = await #expect(throws: RPCError.self) { try await stack.connect("ws-acme", key: wrongKey) }
        #expect(error?.code == .unauthenticated)
        #expect(error?.message.contains("Invalid API Key provided") == true)
        #expect(error?.message.contains(wrongKey) == false)
        let missing = await #expect(throws: RPCError.self) {
            try await stack.client.getConnection(Veles_Connection_V1_GetConnectionRequest(), options: stack.call("ws-acme"))
        }
        #expect(missing?.code == .notFound)
        #expect(!StoreFiles.anyContains(Array(wrongKey.utf8), under: stack.dataDirectory))
        #expect(!stack.connectionLogs.contains(wrongKey))
    }

    @Test func publishableKeyIsInvalidArgument() async throws {
        let stack = try await ConnectionStack()
        defer { stack.stop() }
        let error = await #expect(throws: RPCError.self) { try await stack.connect("ws-acme", key: "pk_test_publishableKey000000001") }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("secret key") == true)
        let missingWorkspace = await #expect(throws: RPCError.self) { try await stack.connect("", key: ConnectionStack.keyA1) }
        #expect(missingWorkspace?.code == .invalidArgument)
        #expect(missingWorkspace?.message.contains("workspace id missing") == true)
    }

    @Test func restrictedKeyWithoutAccountAccessConnectsWithTheGivenAccount() async throws {
        let stack = try await ConnectionStack()
        defer { stack.stop() }
        let refused = await #expect(throws: RPCError.self) { try await stack.connect("ws-acme", key: ConnectionStack.restrictedA) }
        #expect(refused?.code == .invalidArgument)
        #expect(refused?.message.contains("account_id") == true)
        let connection = try await stack.connect("ws-acme", key: ConnectionStack.restrictedA,
                                                 accountId: ConnectionStack.accountA, accountName: "Acme (restricted)")
        #expect(connection.accountId == ConnectionStack.accountA)
        #expect(connection.accountName == "Acme (restricted)")
        #expect(!connection.webhookConfigured)
        let again = await #expect(throws: RPCError.self) { try await stack.connect("ws-acme", key: ConnectionStack.keyA1) }
        #expect(again?.code == .alreadyExists)
    }

    @Test func rotatingToAnotherAccountFailsAndTheOldKeyStillWorks() async throws {
        let stack = try await ConnectionStack()
        defer { stack.stop() }
        _ = try await stack.connect("ws-acme", key: ConnectionStack.keyA1)
        var rotate = Veles_Connection_V1_UpdateApiKeyRequest()
        rotate.apiKey = ConnectionStack.keyB
        let error = await #expect(throws: RPCError.self) { try await stack.client.updateApiKey(rotate, options: stack.call("ws-acme")) }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message.contains(ConnectionStack.accountA) == true)
        #expect(error?.message.contains(ConnectionStack.accountB) == true)
        rotate.apiKey = ConnectionStack.liveKeyA
        let modeError = await #expect(throws: RPCError.self) { try await stack.client.updateApiKey(rotate, options: stack.call("ws-acme")) }
        #expect(modeError?.code == .failedPrecondition)
        #expect(modeError?.message.contains("live") == true)
        let credentials = try await stack.credentials("ws-acme")
        #expect(credentials.apiKey == ConnectionStack.keyA1)
        let list = try await stack.stripeGet("v1/customers", key: credentials.apiKey)
        #expect(list.status == 200)
    }

    @Test func rotatingWithinTheAccountKeepsDataAndSyncState() async throws {
        let stack = try await ConnectionStack()
        defer { stack.stop() }
        let connected = try await stack.connect("ws-acme", key: ConnectionStack.keyA1)
        var sync = Veles_Connection_V1_RecordSyncRequest()
        sync.kind = .customers
        sync.atMs = 1_765_000_000_000
        sync.outcome = .succeeded
        sync.generation = connected.generation
        _ = try await stack.client.recordSync(sync, options: stack.call("ws-acme"))
        var rotate = Veles_Connection_V1_UpdateApiKeyRequest()
        rotate.apiKey = ConnectionStack.keyA2
        let rotated = try await stack.client.updateApiKey(rotate, options: stack.call("ws-acme")).connection
        #expect(rotated.connectionId == connected.connectionId)
        #expect(rotated.generation == connected.generation)
        #expect(rotated.keyVersion == connected.keyVersion + 1)
        #expect(rotated.apiKeyLast4 == "0002")
        #expect(rotated.customersLastSyncedAtMs == 1_765_000_000_000)
        #expect(rotated.rotations.map(\.previousKeyLast4) == ["0001"])
        #expect(rotated.accountName == connected.accountName)
        let credentials = try await stack.credentials("ws-acme")
        #expect(credentials.apiKey == ConnectionStack.keyA2)
        #expect(credentials.keyVersion == rotated.keyVersion)
    }

    @Test func disconnectLeavesNoKeyOrCiphertextInAnyFileOfTheDataDirectory() async throws {
        // Two connection processes share the store: the other one's open handle must not keep a copy alive.
        let stack = try await ConnectionStack(connectionArguments: ["--webhook-public-url", "http://127.0.0.1:9"], connectionProcesses: 2)
        defer { stack.stop() }
        let connection = try await stack.connect("ws-acme", key: ConnectionStack.keyA1)
        for _ in 0..<6 { _ = try await stack.credentials("ws-acme") }
        let storePath = stack.dataDirectory.appendingPathComponent("connection/connection.sqlite").path
        let (keyBox, secretBox) = try Self.sealedSecrets(storePath: storePath, workspace: "ws-acme")
        #expect(StoreFiles.anyContains(keyBox, under: stack.dataDirectory), "the search finds the ciphertext while connected")
        let events = stack.bus.subscribe(topicPrefix: "connection.changed")
        let response = try await stack.client.disconnect(Veles_Connection_V1_DisconnectRequest(), options: stack.call("ws-acme"))
        #expect(response.connection.status == .disconnected)
        #expect(response.webhookEndpointRemoved)
        let found = StoreFiles.files(containing: keyBox, under: stack.dataDirectory)
            + StoreFiles.files(containing: secretBox, under: stack.dataDirectory)
            + StoreFiles.files(containing: Array(ConnectionStack.keyA1.utf8), under: stack.dataDirectory)
        #expect(found.isEmpty, "secret material left in \(found)")
        let endpoints = try await stack.stripeGet("v1/webhook_endpoints", key: ConnectionStack.keyA1)
        #expect((endpoints.json["data"] as? [Any])?.isEmpty == true)
        let refused = await #expect(throws: RPCError.self) { try await stack.credentials("ws-acme") }
        #expect(refused?.code == .failedPrecondition)
        var check = Veles_Connection_V1_CheckConnectionRequest()
        check.generation = connection.generation
        #expect(try await stack.client.checkConnection(check, options: stack.call("ws-acme")).active == false)
        let changed = try await Self.first(events, .disconnected, within: .seconds(5))
        #expect(changed.workspaceId == "ws-acme")
        #expect(changed.connection.apiKeyLast4 == "0001")
    }

    @Test func reconnectingWithAnotherAccountFlagsLinksForReview() async throws {
        let stack = try await ConnectionStack()
        defer { stack.stop() }
        _ = try await stack.connect("ws-acme", key: ConnectionStack.keyA1)
        _ = try await stack.client.disconnect(Veles_Connection_V1_DisconnectRequest(), options: stack.call("ws-acme"))
        let events = stack.bus.subscribe(topicPrefix: "connection.")
        let other = try await stack.connect("ws-acme", key: ConnectionStack.keyB)
        #expect(other.generation == 2)
        #expect(other.linksNeedReview)
        #expect(other.previousAccountId == ConnectionStack.accountA)
        let changed = try await Self.first(events, .connected, within: .seconds(5))
        #expect(changed.connection.linksNeedReview)
        #expect(changed.connection.generation == 2)
    }

    // MARK: Helpers

    /// Reads the sealed key and webhook secret straight from the store file, closing it again before returning.
    static func sealedSecrets(storePath: String, workspace: String) throws -> ([UInt8], [UInt8]) {
        let database = try Database(path: storePath, migrations: [])
        let row = try #require(try database.queryOne("SELECT * FROM connection_secrets WHERE workspace_id = ?", workspace))
        return (try #require(row.blob("api_key_box")), try #require(row.blob("webhook_secret_box")))
    }

    /// The first `connection.changed` event of the given kind (events of earlier changes may still be in flight).
    static func first(_ events: AsyncStream<ReceivedEvent>, _ change: Veles_Connection_V1_ChangeKind,
                      within timeout: Duration) async throws -> Veles_Connection_V1_ConnectionChanged {
        try await withThrowingTaskGroup(of: Veles_Connection_V1_ConnectionChanged?.self) { group in
            group.addTask {
                for await event in events {
                    if let changed = try? event.payload(as: Veles_Connection_V1_ConnectionChanged.self), changed.change == change {
                        return changed
                    }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let event = try await group.next() ?? nil else { throw TestSupportError("no event within \(timeout)") }
            return event
        }
    }
}
