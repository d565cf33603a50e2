import Crypto
import Foundation
import StripeClient
import Support

/// The connection service's rules: connect, rotate, disconnect, and what the other services may have.
///
/// State lives only in the store, so any number of connection processes can serve the same workspaces; Stripe is
/// called before a change is written, and the write re-checks what the call assumed.
struct ConnectionManager: Sendable {
    let store: ConnectionStore
    let permits: RatePermitStore
    let sealer: SecretSealer
    let stripe: any StripeAccountGateway
    let events: any ConnectionEventSink
    let ratePolicy: RateBudgetPolicy
    /// The gateway's public base URL (or a URL template with `{connection_id}`); nil: no webhook, poll `/v1/events`.
    let webhookPublicURL: String?
    let logger: Logger
    let nowMs: @Sendable () -> Int64

    init(store: ConnectionStore, sealer: SecretSealer, stripe: any StripeAccountGateway, events: any ConnectionEventSink,
         ratePolicy: RateBudgetPolicy, webhookPublicURL: String?, logger: Logger,
         nowMs: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.permits = RatePermitStore(database: store.database)
        self.sealer = sealer
        self.stripe = stripe
        self.events = events
        self.ratePolicy = ratePolicy
        self.webhookPublicURL = webhookPublicURL.flatMap { $0.isEmpty ? nil : $0 }
        self.logger = logger
        self.nowMs = nowMs
    }

    // MARK: Lifecycle

    /// Validates the key with Stripe, registers the webhook endpoint when a public URL is set, and stores it all.
    func connect(workspaceId: String, apiKey: String, accountId: String, accountName: String) async throws -> ConnectionDetails {
        let workspaceId = try Self.required(workspaceId)
        let key = try Self.parse(apiKey)
        if let existing = try store.connection(workspaceId: workspaceId), existing.status.holdsKey {
            throw ConnectionError.alreadyConnected(accountId: existing.accountId)
        }
        let givenId = accountId.trimmingCharacters(in: .whitespaces)
        let bucket = givenId.isEmpty ? "connect:\(key.mode.rawValue)" : "\(givenId):\(key.mode.rawValue)"
        let account = try await stripeCall { try await stripe.identify(key: key, bucket: bucket) }
        let identity: IdentifiedAccount
        if let account {
            if !givenId.isEmpty, givenId != account.id {
                throw ConnectionError.invalidArgument("the key belongs to Stripe account \(account.id), not \(givenId)")
            }
            identity = account
        } else {
            guard !givenId.isEmpty else { throw ConnectionError.accountIdRequired }
            let name = accountName.trimmingCharacters(in: .whitespaces)
            identity = IdentifiedAccount(id: givenId, name: name.isEmpty ? givenId : name)
        }
        let connectionId = "conn_" + (try SecureRandom.hexToken(byteCount: 12))
        let accountBucket = "\(identity.id):\(key.mode.rawValue)"
        let previousGeneration = try store.connection(workspaceId: workspaceId)?.generation ?? 0
        var endpoint: CreatedWebhookEndpoint?
        var webhookProblem: String?
        if let url = webhookURL(connectionId: connectionId) {
            do {
                endpoint = try await stripe.createWebhookEndpoint(key: key, url: url, connectionId: connectionId,
                                                                  generation: previousGeneration + 1, attempt: "create",
                                                                  bucket: accountBucket)
            } catch let error as StripeError where Self.leavesConnectWithoutWebhook(error) {
                // Stripe accepts only public URLs and a restricted key may lack the permission; neither is worth
                // refusing the connection for, since the scheduled syncs read every change from /v1/events anyway.
                webhookProblem = Self.webhookProblem(url: url, error)
                logger.warning("connecting without a webhook endpoint; changes arrive with the scheduled syncs",
                               ["workspace": workspaceId, "url": url, "stripe": error.message])
            } catch let error as StripeError {
                throw Self.translate(error)
            }
        }
        let new = NewConnection(
            workspaceId: workspaceId, connectionId: connectionId, accountId: identity.id, accountName: identity.name,
            mode: key.mode, apiKeyLast4: key.lastFour,
            sealedApiKey: try sealer.seal(key.unredactedValue, workspaceId: workspaceId),
            webhookEndpointId: endpoint?.id,
            sealedWebhookSecret: try endpoint.map { try sealer.seal($0.secret, workspaceId: workspaceId) },
            webhookProblem: webhookProblem)
        let record: ConnectionRecord
        do {
            record = try store.connect(new, nowMs: nowMs())
        } catch {
            // Another request connected the workspace meanwhile: the endpoint made for this attempt must not linger.
            if let endpoint { try? await stripe.deleteWebhookEndpoint(key: key, id: endpoint.id, bucket: accountBucket) }
            throw error
        }
        logger.info("connected", ["workspace": workspaceId, "account": record.accountId, "mode": record.mode.rawValue,
                                  "key": Redact.maskedKey(key.unredactedValue), "generation": String(record.generation),
                                  "webhook": endpoint != nil ? "created" : webhookProblem == nil ? "none" : "refused by Stripe",
                                  "links_need_review": String(record.linksNeedReview)])
        let details = try details(workspaceId: workspaceId)
        await events.publish(.connected, details: details)
        return details
    }

    /// Replaces the key with another of the same account and mode; the old key stays in use if anything fails.
    func updateApiKey(workspaceId: String, apiKey: String) async throws -> ConnectionDetails {
        let workspaceId = try Self.required(workspaceId)
        let key = try Self.parse(apiKey)
        guard let current = try store.connection(workspaceId: workspaceId) else { throw ConnectionError.neverConnected }
        guard current.status.holdsKey else { throw ConnectionError.disconnected }
        guard key.mode == current.mode else {
            throw ConnectionError.otherMode(current: current.mode.rawValue, offered: key.mode.rawValue)
        }
        // The key in use offered again (a retried request, or a form sent twice) changes nothing and is no rotation.
        // Under key_invalid it goes through Stripe's check like any key: it may have been restored in Stripe.
        if current.status == .connected, try isKeyInUse(key, workspaceId: workspaceId) {
            return try details(workspaceId: workspaceId)
        }
        guard let account = try await stripeCall({ try await stripe.identify(key: key, bucket: current.rateBucket) }) else {
            throw ConnectionError.stripeRefused("the new key may not read the Stripe account, so it cannot be shown to belong to \(current.accountId); use a secret key or a restricted key with account read access")
        }
        try KeyRotationRule.check(current: current, offeredAccountId: account.id, offeredMode: key.mode)
        let record = try store.rotateKey(
            workspaceId: workspaceId, expectedKeyVersion: current.keyVersion, newKeyLast4: key.lastFour,
            sealedApiKey: try sealer.seal(key.unredactedValue, workspaceId: workspaceId), nowMs: nowMs())
        logger.info("api key rotated", ["workspace": workspaceId, "account": record.accountId,
                                        "from": current.apiKeyLast4, "to": key.lastFour,
                                        "key_version": String(record.keyVersion)])
        await retryWebhookEndpoint(record, key: key)
        let details = try details(workspaceId: workspaceId)
        await events.publish(.keyRotated, details: details)
        return details
    }

    /// After a rotation, asks Stripe again for the endpoint Connect could not get: the new key may hold the permission
    /// the old one lacked. The rotation stands whatever happens here; a refusal only updates the problem shown.
    private func retryWebhookEndpoint(_ record: ConnectionRecord, key: StripeSecretKey) async {
        guard record.webhookEndpointId == nil, let url = webhookURL(connectionId: record.connectionId) else { return }
        let fields = ["workspace": record.workspaceId, "url": url]
        do {
            let endpoint = try await stripe.createWebhookEndpoint(
                key: key, url: url, connectionId: record.connectionId, generation: record.generation,
                attempt: "create:key\(record.keyVersion)", bucket: record.rateBucket)
            let attached = (try? store.attachWebhook(workspaceId: record.workspaceId, generation: record.generation,
                                                     endpointId: endpoint.id,
                                                     sealedSecret: try sealer.seal(endpoint.secret, workspaceId: record.workspaceId))) ?? false
            guard attached else {
                // Disconnected or connected again meanwhile, or the store failed: the endpoint belongs to nothing
                // and must not linger in Stripe.
                try? await stripe.deleteWebhookEndpoint(key: key, id: endpoint.id, bucket: record.rateBucket)
                logger.warning("the webhook endpoint created with the new key was not kept", fields)
                return
            }
            logger.info("webhook endpoint created with the new key", fields)
        } catch let error as StripeError where Self.leavesConnectWithoutWebhook(error) {
            _ = try? store.recordWebhookProblem(workspaceId: record.workspaceId, generation: record.generation,
                                                problem: Self.webhookProblem(url: url, error))
            logger.warning("still no webhook endpoint after the key rotation", fields.merging(["stripe": error.message]) { a, _ in a })
        } catch {
            logger.warning("could not retry the webhook endpoint after the key rotation; the next rotation or a reconnect tries again",
                           fields.merging(["error": String(describing: error)]) { a, _ in a })
        }
    }

    /// Whether `key` is the stored one. A stored key that no longer opens (the master key was replaced) is not: the
    /// rotation that mends exactly that case must go on.
    private func isKeyInUse(_ key: StripeSecretKey, workspaceId: String) throws -> Bool {
        guard let secrets = try store.secrets(workspaceId: workspaceId),
              let stored = try? openSecret(secrets.sealedApiKey, workspaceId: workspaceId) else { return false }
        return Digest.constantTimeEquals(Array(stored.utf8), Array(key.unredactedValue.utf8))
    }

    /// Disconnects: removes the Stripe webhook endpoint while the key still works, then erases every secret and
    /// checkpoints so no copy survives in the WAL. Disconnecting twice changes nothing.
    func disconnect(workspaceId: String) async throws -> (details: ConnectionDetails, endpointRemoved: Bool) {
        let workspaceId = try Self.required(workspaceId)
        guard let current = try store.connection(workspaceId: workspaceId) else { throw ConnectionError.neverConnected }
        guard current.status.holdsKey else { return (try details(workspaceId: workspaceId), false) }
        var removed = false
        if let endpointId = current.webhookEndpointId, let secrets = try store.secrets(workspaceId: workspaceId) {
            do {
                let key = try StripeSecretKey(try openSecret(secrets.sealedApiKey, workspaceId: workspaceId))
                try await stripe.deleteWebhookEndpoint(key: key, id: endpointId, bucket: current.rateBucket)
                removed = true
            } catch {
                logger.warning("the Stripe webhook endpoint could not be removed; delete it in the Stripe Dashboard",
                               ["workspace": workspaceId, "endpoint": endpointId, "error": String(describing: error)])
            }
        }
        guard try store.disconnect(workspaceId: workspaceId, nowMs: nowMs()) != nil else {
            return (try details(workspaceId: workspaceId), removed)
        }
        if !(try await store.checkpoint()) {
            logger.warning("the WAL could not be fully checkpointed after erasing secrets; it will be on the next write",
                           ["workspace": workspaceId])
        }
        logger.info("disconnected", ["workspace": workspaceId, "account": current.accountId,
                                     "webhook_removed": String(removed)])
        let details = try details(workspaceId: workspaceId)
        await events.publish(.disconnected, details: details)
        return (details, removed)
    }

    func details(workspaceId: String) throws -> ConnectionDetails {
        let workspaceId = try Self.required(workspaceId)
        guard let details = try store.details(workspaceId: workspaceId) else { throw ConnectionError.neverConnected }
        return details
    }

    // MARK: Helpers

    func webhookURL(connectionId: String) -> String? {
        guard let base = webhookPublicURL else { return nil }
        if base.contains("{connection_id}") { return base.replacingOccurrences(of: "{connection_id}", with: connectionId) }
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return "\(trimmed)/webhooks/stripe/\(connectionId)"
    }

    static func required(_ workspaceId: String) throws(ConnectionError) -> String {
        let trimmed = workspaceId.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .workspaceMissing }
        return trimmed
    }

    static func parse(_ apiKey: String) throws(ConnectionError) -> StripeSecretKey {
        do {
            return try StripeSecretKey(apiKey)
        } catch {
            throw .invalidKey(error.message)
        }
    }

    /// Runs a Stripe call, turning Stripe's failures into the connection's own errors.
    func stripeCall<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StripeError {
            throw Self.translate(error)
        }
    }

    /// Stripe's refusals of a webhook endpoint that Connect goes on without: the URL itself (400 on `url`, for one
    /// that is not public or not https in live mode) or the key's permissions (403). Anything else (Stripe down, the
    /// key revoked, a parameter of ours Stripe no longer takes) fails the Connect as any call would, so a fault on
    /// this side is not hidden behind a connection without webhooks.
    static func leavesConnectWithoutWebhook(_ error: StripeError) -> Bool {
        if error.kind == .permission { return true }
        return error.kind == .invalidRequest && error.httpStatus == 400 && (error.param == "url" || error.code == "url_invalid")
    }

    /// What the connection shows as `webhook_problem` when Stripe refused its endpoint.
    static func webhookProblem(url: String, _ error: StripeError) -> String {
        "Stripe refused the webhook endpoint \(url): \(error.message)"
    }

    static func translate(_ error: StripeError) -> ConnectionError {
        switch error.kind {
        case .authentication: .keyRejected(error.message)
        case .network, .server, .rateLimited: .stripeUnavailable(error.message)
        case .invalidKey: .invalidKey(error.message)
        default: .stripeRefused(error.message)
        }
    }
}
