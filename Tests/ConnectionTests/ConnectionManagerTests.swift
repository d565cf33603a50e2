import Foundation
import StripeClient
import Testing
@testable import Connection

@Suite("Connection lifecycle rules")
struct ConnectionManagerTests {
    @Test func testKeyConnectsInTestModeWithStripesAccountName() async throws {
        let fixture = try ManagerFixture()
        let details = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        #expect(details.record.mode == .test)
        #expect(details.record.accountId == "acct_A")
        #expect(details.record.accountName == "Acme Test")
        #expect(details.record.status == .connected)
        #expect(details.record.apiKeyLast4 == "0001")
        #expect(details.record.generation == 1)
        #expect(details.record.webhookEndpointId == "we_1")
        #expect(fixture.stripe.state.withLock { $0.created } == ["https://veles.example.com/webhooks/stripe/\(details.record.connectionId)"])
        #expect(fixture.events.kinds == [.connected])
        let credentials = try fixture.manager.credentials(workspaceId: "ws1")
        #expect(credentials.apiKey == ManagerFixture.testKeyA)
        #expect(credentials.webhookSecret == "whsec_secretwe_1")
    }

    @Test func publishableKeyIsRefusedAsInvalidArgumentNamingTheSecretKey() async throws {
        let fixture = try ManagerFixture()
        let error = await #expect(throws: ConnectionError.self) {
            try await fixture.manager.connect(workspaceId: "ws1", apiKey: "pk_test_abcdefghijklmnop", accountId: "", accountName: "")
        }
        #expect(error?.statusName == "INVALID_ARGUMENT")
        #expect(error?.description.contains("secret key") == true)
        #expect(try fixture.store.connection(workspaceId: "ws1") == nil)
    }

    @Test func wrongKeyIsUnauthenticatedAndStoresNothing() async throws {
        let fixture = try ManagerFixture()
        let error = await #expect(throws: ConnectionError.self) {
            try await fixture.manager.connect(workspaceId: "ws1", apiKey: "sk_test_unknownkey99999", accountId: "", accountName: "")
        }
        #expect(error?.statusName == "UNAUTHENTICATED")
        #expect(error?.description.contains("Invalid API Key provided") == true)
        #expect(try fixture.store.connection(workspaceId: "ws1") == nil)
        #expect(fixture.stripe.state.withLock { $0.created }.isEmpty)
        #expect(fixture.events.kinds.isEmpty)
    }

    @Test func connectingAConnectedWorkspaceIsAlreadyExists() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        let error = await #expect(throws: ConnectionError.self) {
            try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyB, accountId: "", accountName: "")
        }
        #expect(error?.statusName == "ALREADY_EXISTS")
        #expect(try fixture.manager.credentials(workspaceId: "ws1").apiKey == ManagerFixture.testKeyA)
    }

    @Test func missingWorkspaceIsInvalidArgument() async throws {
        let fixture = try ManagerFixture()
        let error = await #expect(throws: ConnectionError.self) {
            try await fixture.manager.connect(workspaceId: " ", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        }
        #expect(error == .workspaceMissing)
    }

    @Test func restrictedKeyWithoutAccountAccessNeedsTheAccountIdFromTheAdmin() async throws {
        let fixture = try ManagerFixture(webhookURL: nil)
        let error = await #expect(throws: ConnectionError.self) {
            try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.restrictedKey, accountId: "", accountName: "")
        }
        #expect(error == .accountIdRequired)
        let details = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.restrictedKey,
                                                        accountId: "acct_R", accountName: "Restricted Co")
        #expect(details.record.accountId == "acct_R")
        #expect(details.record.accountName == "Restricted Co")
        #expect(details.record.webhookEndpointId == nil)
    }

    @Test func rotationToAnotherAccountFailsNamingBothAndTheOldKeyStays() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        let error = await #expect(throws: ConnectionError.self) {
            try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyB)
        }
        #expect(error?.statusName == "FAILED_PRECONDITION")
        #expect(error?.description.contains("acct_A") == true)
        #expect(error?.description.contains("acct_B") == true)
        #expect(try fixture.manager.credentials(workspaceId: "ws1").apiKey == ManagerFixture.testKeyA)
        #expect(try fixture.manager.details(workspaceId: "ws1").rotations.isEmpty)
    }

    @Test func rotationToTheOtherModeFailsNamingBoth() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        let error = await #expect(throws: ConnectionError.self) {
            try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.liveKeyA)
        }
        #expect(error == .otherMode(current: "test", offered: "live"))
    }

    @Test func rotationWithinTheAccountKeepsSyncStateAndRecordsLastFour() async throws {
        let fixture = try ManagerFixture()
        let connected = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        _ = try fixture.manager.recordSync(workspaceId: "ws1", generation: 1, kind: .customers, atMs: 1_000, outcome: .succeeded, error: "")
        let rotated = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA2)
        #expect(rotated.record.connectionId == connected.record.connectionId)
        #expect(rotated.record.generation == 1)
        #expect(rotated.record.keyVersion == 2)
        #expect(rotated.record.apiKeyLast4 == "0002")
        #expect(rotated.sync(.customers).lastSyncedAtMs == 1_000)
        #expect(rotated.rotations.map(\.previousKeyLast4) == ["0001"])
        #expect(rotated.rotations.map(\.newKeyLast4) == ["0002"])
        #expect(try fixture.manager.credentials(workspaceId: "ws1").apiKey == ManagerFixture.testKeyA2)
        #expect(fixture.events.kinds == [.connected, .keyRotated])
    }

    @Test func aStoredKeyThatNoLongerOpensCanStillBeRotatedAway() async throws {
        // Without a webhook endpoint the key is the only secret, so a new key mends the connection entirely.
        let before = try ManagerFixture(webhookURL: nil)
        _ = try await before.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        // The service restarted with another master key: the stored key cannot be opened, and a new key must mend it.
        let after = try ManagerFixture(webhookURL: nil, folder: before.folder, masterKeyByte: 9)
        #expect(throws: ConnectionError.self) { try after.manager.credentials(workspaceId: "ws1") }
        let rotated = try await after.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA2)
        #expect(rotated.record.keyVersion == 2)
        #expect(try after.manager.credentials(workspaceId: "ws1").apiKey == ManagerFixture.testKeyA2)
    }

    @Test func offeringTheKeyInUseAgainIsNoRotation() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        let same = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA)
        #expect(same.record.keyVersion == 1)
        #expect(same.rotations.isEmpty)
        #expect(fixture.events.kinds == [.connected])
        // A real rotation after it is still recorded as the first.
        let rotated = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA2)
        #expect(rotated.record.keyVersion == 2)
        #expect(rotated.rotations.map(\.previousKeyLast4) == ["0001"])
    }

    @Test func disconnectErasesSecretsRemovesEndpointAndIsIdempotent() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        let (details, removed) = try await fixture.manager.disconnect(workspaceId: "ws1")
        #expect(removed)
        #expect(details.record.status == .disconnected)
        #expect(fixture.stripe.state.withLock { $0.deleted } == ["we_1"])
        #expect(try fixture.store.secrets(workspaceId: "ws1") == nil)
        #expect(throws: ConnectionError.disconnected) { try fixture.manager.credentials(workspaceId: "ws1") }
        let again = try await fixture.manager.disconnect(workspaceId: "ws1")
        #expect(again.details.record.status == .disconnected)
        #expect(!again.endpointRemoved)
        #expect(fixture.events.kinds == [.connected, .disconnected])
    }

    @Test func reconnectWithAnotherAccountFlagsLinksAndBumpsGeneration() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        _ = try fixture.manager.recordSync(workspaceId: "ws1", generation: 1, kind: .products, atMs: 5_000, outcome: .succeeded, error: "")
        _ = try await fixture.manager.disconnect(workspaceId: "ws1")
        let same = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        #expect(same.record.generation == 2)
        #expect(!same.record.linksNeedReview)
        #expect(same.sync(.products).lastSyncedAtMs == 5_000)
        _ = try await fixture.manager.disconnect(workspaceId: "ws1")
        let other = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyB, accountId: "", accountName: "")
        #expect(other.record.generation == 3)
        #expect(other.record.linksNeedReview)
        #expect(other.record.previousAccountId == "acct_A")
        #expect(other.sync(.products).lastSyncedAtMs == 0)
        let published = fixture.events.changes.withLock { $0.last }
        #expect(published?.0 == .connected)
        #expect(published?.1.record.linksNeedReview == true)
    }

    @Test func keyInvalidReportStopsCredentialsUntilANewKeyIsSet() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        let stale = try await fixture.manager.reportKeyInvalid(workspaceId: "ws1", generation: 1, keyVersion: 9, message: "old key")
        #expect(!stale.1)
        let (record, applied) = try await fixture.manager.reportKeyInvalid(workspaceId: "ws1", generation: 1, keyVersion: 1,
                                                                           message: "Invalid API Key provided")
        #expect(applied)
        #expect(record.status == .keyInvalid)
        let error = #expect(throws: ConnectionError.self) { try fixture.manager.credentials(workspaceId: "ws1") }
        #expect(error?.statusName == "FAILED_PRECONDITION")
        #expect(!(try fixture.manager.check(workspaceId: "ws1", generation: 1, keyVersion: 1).active))
        let fixed = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA2)
        #expect(fixed.record.status == .connected)
        #expect(try fixture.manager.check(workspaceId: "ws1", generation: 1, keyVersion: 1).stale)
        #expect(fixture.events.kinds == [.connected, .keyInvalid, .keyRotated])
    }

    @Test func syncReportOfAnOlderGenerationIsRefused() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        _ = try await fixture.manager.disconnect(workspaceId: "ws1")
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        #expect(throws: ConnectionError.staleGeneration(current: 2, offered: 1)) {
            try fixture.manager.recordSync(workspaceId: "ws1", generation: 1, kind: .customers, atMs: 9, outcome: .succeeded, error: "")
        }
        let failed = try fixture.manager.recordSync(workspaceId: "ws1", generation: 2, kind: .customers, atMs: 10, outcome: .failed, error: "boom")
        #expect(failed.lastSyncedAtMs == 0)
        #expect(failed.lastOutcome == .failed)
        #expect(failed.lastError == "boom")
        let later = try fixture.manager.recordSync(workspaceId: "ws1", generation: 2, kind: .customers, atMs: 20, outcome: .succeeded, error: "")
        #expect(later.lastSyncedAtMs == 20)
        #expect(later.lastError == "")
    }

    @Test func webhookSecretIsFoundByConnectionIdUntilDisconnect() async throws {
        let fixture = try ManagerFixture()
        let details = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        let found = try fixture.manager.webhookSecret(connectionId: details.record.connectionId)
        #expect(found.record.workspaceId == "ws1")
        #expect(found.secret == "whsec_secretwe_1")
        #expect(throws: ConnectionError.unknownConnectionId("conn_nope")) { try fixture.manager.webhookSecret(connectionId: "conn_nope") }
        _ = try await fixture.manager.disconnect(workspaceId: "ws1")
        #expect(throws: ConnectionError.disconnected) { try fixture.manager.webhookSecret(connectionId: details.record.connectionId) }
    }

    @Test func refusedWebhookURLConnectsWithoutEndpointAndSaysWhy() async throws {
        let fixture = try ManagerFixture()
        fixture.stripe.state.withLock {
            $0.failCreate = StripeError(kind: .invalidRequest, message: "Invalid URL: URL must be publicly accessible.", httpStatus: 400,
                                        type: "invalid_request_error", param: "url")
        }
        let details = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        #expect(details.record.status == .connected)
        #expect(details.record.webhookEndpointId == nil)
        #expect(details.record.webhookProblem?.contains("URL must be publicly accessible") == true)
        #expect(ConnectionProtoMapping.connection(details).webhookConfigured == false)
        #expect(ConnectionProtoMapping.connection(details).webhookProblem.contains("Stripe refused the webhook endpoint") == true)
        #expect(throws: ConnectionError.self) { try fixture.manager.webhookSecret(connectionId: details.record.connectionId) }

        // A later Connect whose endpoint Stripe accepts clears the problem.
        _ = try await fixture.manager.disconnect(workspaceId: "ws1")
        fixture.stripe.state.withLock { $0.failCreate = nil }
        let again = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        #expect(again.record.webhookEndpointId != nil)
        #expect(again.record.webhookProblem == nil)
    }

    /// Stripe's answer to a restricted key without write access to webhook endpoints.
    static let permissionRefusal = StripeError(kind: .permission, message: "The provided key does not have the required permissions",
                                               httpStatus: 403)

    @Test func aKeyWithoutPermissionForWebhookEndpointsConnectsWithoutOne() async throws {
        let fixture = try ManagerFixture()
        fixture.stripe.state.withLock { $0.failCreate = Self.permissionRefusal }
        let details = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        #expect(details.record.webhookEndpointId == nil)
        #expect(details.record.webhookProblem?.contains("required permissions") == true)
    }

    /// A key rotation asks again for the endpoint Connect could not get (the new key may hold the permission the old
    /// one lacked); the rotation stands whether or not Stripe agrees this time.
    @Test func aRotationRetriesTheWebhookEndpointConnectCouldNotGet() async throws {
        let fixture = try ManagerFixture()
        fixture.stripe.state.withLock { $0.failCreate = Self.permissionRefusal }
        let connected = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        #expect(connected.record.webhookEndpointId == nil)

        // Stripe down during the retry: the rotation stands and the problem stays as it was.
        fixture.stripe.state.withLock { $0.failCreate = StripeError(kind: .server, message: "Stripe is having trouble", httpStatus: 503) }
        let first = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA2)
        #expect(first.record.keyVersion == 2)
        #expect(first.record.webhookEndpointId == nil)
        #expect(first.record.webhookProblem?.contains("required permissions") == true)

        // Refused again for another reason: the problem shown is the new one.
        fixture.stripe.state.withLock {
            $0.failCreate = StripeError(kind: .invalidRequest, message: "Invalid URL: URL must be publicly accessible.",
                                        httpStatus: 400, type: "invalid_request_error", param: "url")
        }
        let second = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA)
        #expect(second.record.keyVersion == 3)
        #expect(second.record.webhookProblem?.contains("publicly accessible") == true)

        // Accepted: the endpoint and its secret are kept and the problem is gone.
        fixture.stripe.state.withLock { $0.failCreate = nil }
        let third = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA2)
        #expect(third.record.webhookEndpointId != nil)
        #expect(third.record.webhookProblem == nil)
        #expect(try fixture.manager.webhookSecret(connectionId: third.record.connectionId).secret.hasPrefix("whsec_"))
        #expect(try fixture.manager.credentials(workspaceId: "ws1").webhookSecret?.hasPrefix("whsec_") == true)

        // With an endpoint in place, a rotation creates none.
        _ = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA)
        #expect(fixture.stripe.state.withLock { $0.created.count } == 1)
    }

    /// Only a refusal of the URL itself or of the key's permissions lets Connect go on without webhooks; Stripe down,
    /// or a parameter of ours Stripe refuses, fails it and stores nothing, so a fault here is not hidden.
    @Test(arguments: [
        StripeError(kind: .server, message: "Stripe is having trouble", httpStatus: 503),
        StripeError(kind: .invalidRequest, message: "Invalid enabled_events: nope.created", httpStatus: 400,
                    type: "invalid_request_error", param: "enabled_events"),
        StripeError(kind: .invalidRequest, message: "Conflict", httpStatus: 409, type: "invalid_request_error"),
    ])
    func webhookCreationFailingForAnotherReasonFailsConnectAndStoresNothing(failure: StripeError) async throws {
        let fixture = try ManagerFixture()
        fixture.stripe.state.withLock { $0.failCreate = failure }
        let error = await #expect(throws: ConnectionError.self) {
            try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        }
        #expect(error?.description.contains(failure.message) == true, "\(String(describing: error))")
        #expect(try fixture.store.connection(workspaceId: "ws1") == nil)
    }
}

@Suite("Connected workspace listing")
struct ConnectedWorkspaceListingTests {
    @Test func listsOnlyConnectedWorkspacesPageByPage() async throws {
        let fixture = try ManagerFixture(webhookURL: nil)
        for index in 1...5 {
            _ = try await fixture.manager.connect(workspaceId: "ws\(index)", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        }
        _ = try await fixture.manager.disconnect(workspaceId: "ws2")
        let first = try fixture.manager.connectedWorkspaces(limit: 2, cursor: "")
        #expect(first.records.map(\.workspaceId) == ["ws1", "ws3"])
        let second = try fixture.manager.connectedWorkspaces(limit: 2, cursor: try #require(first.nextCursor))
        #expect(second.records.map(\.workspaceId) == ["ws4", "ws5"])
        #expect(second.nextCursor == nil)
    }
}
