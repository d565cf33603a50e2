import StripeClient

/// What the other services ask of the connection: credentials, the liveness check, rate permits, sync reports and
/// key failures, and the gateway's webhook lookup.
extension ConnectionManager {
    /// The decrypted key, only while the connection is usable.
    func credentials(workspaceId: String) throws -> StripeCredentials {
        let workspaceId = try Self.required(workspaceId)
        guard let record = try store.connection(workspaceId: workspaceId) else { throw ConnectionError.neverConnected }
        try Self.requireUsable(record)
        guard let secrets = try store.secrets(workspaceId: workspaceId) else { throw ConnectionError.disconnected }
        return StripeCredentials(
            record: secrets.record,
            apiKey: try openSecret(secrets.sealedApiKey, workspaceId: workspaceId),
            webhookSecret: try secrets.sealedWebhookSecret.map { try openSecret($0, workspaceId: workspaceId) })
    }

    /// Whether a caller holding credentials of `generation` / `keyVersion` may keep calling Stripe.
    func check(workspaceId: String, generation: Int64, keyVersion: Int64) throws -> (record: ConnectionRecord, active: Bool, stale: Bool) {
        let workspaceId = try Self.required(workspaceId)
        guard let record = try store.connection(workspaceId: workspaceId) else { throw ConnectionError.neverConnected }
        let active = record.status == .connected && (generation == 0 || generation == record.generation)
        let stale = generation != 0 && generation != record.generation || keyVersion != 0 && keyVersion != record.keyVersion
        return (record, active, stale)
    }

    /// Leases permits from the budget of the workspace's Stripe account and mode.
    func acquirePermits(workspaceId: String, count: Int, returnedLeaseId: Int64, returnedUnused: Int,
                        nowUs: Int64) throws -> RatePermitGrant {
        let workspaceId = try Self.required(workspaceId)
        guard let record = try store.connection(workspaceId: workspaceId) else { throw ConnectionError.neverConnected }
        try Self.requireUsable(record)
        guard let limit = ratePolicy.limit(for: record.mode) else {
            return RatePermitGrant(leaseId: 0, granted: max(count, 1), validForUs: RateBudgetPolicy.permitValidityUs,
                                   retryAfterUs: 0, limitPerSecond: nil)
        }
        let grant = try permits.acquire(
            bucket: record.rateBucket, requested: min(max(count, 1), limit), limit: limit, nowUs: nowUs,
            windowUs: RateBudgetPolicy.windowUs, returnedLeaseId: returnedLeaseId, returnedUnused: max(returnedUnused, 0))
        return RatePermitGrant(leaseId: grant.leaseId, granted: grant.granted, validForUs: RateBudgetPolicy.permitValidityUs,
                               retryAfterUs: grant.retryAfterUs, limitPerSecond: limit)
    }

    func recordSync(workspaceId: String, generation: Int64, kind: SyncKind, atMs: Int64, outcome: SyncOutcome,
                    error: String) throws -> SyncState {
        let workspaceId = try Self.required(workspaceId)
        guard outcome != .none else { throw ConnectionError.invalidArgument("outcome must be succeeded or failed") }
        guard atMs > 0 else { throw ConnectionError.invalidArgument("at_ms must be the run's end time in Unix milliseconds") }
        let state = try store.recordSync(workspaceId: workspaceId, generation: generation, kind: kind, atMs: atMs,
                                         outcome: outcome, error: String(error.prefix(2_000)))
        logger.info("sync recorded", ["workspace": workspaceId, "kind": kind.rawValue, "outcome": outcome.rawValue])
        return state
    }

    /// Marks the key invalid after a 401 elsewhere, unless the report is about an older key or connection.
    func reportKeyInvalid(workspaceId: String, generation: Int64, keyVersion: Int64, message: String) async throws -> (ConnectionRecord, Bool) {
        let workspaceId = try Self.required(workspaceId)
        let reason = message.isEmpty ? "Stripe answered 401" : String(message.prefix(500))
        let (record, applied) = try store.markKeyInvalid(workspaceId: workspaceId, generation: generation,
                                                         keyVersion: keyVersion, reason: reason, nowMs: nowMs())
        if applied {
            logger.warning("Stripe refused the API key; syncing stops until a working key is set",
                           ["workspace": workspaceId, "account": record.accountId, "key": record.apiKeyLast4])
            await events.publish(.keyInvalid, details: try details(workspaceId: workspaceId))
        }
        return (record, applied)
    }

    /// The signing secret for a webhook URL's connection id; refused once disconnected or without an endpoint.
    func webhookSecret(connectionId: String) throws -> WebhookVerification {
        let id = connectionId.trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty else { throw ConnectionError.invalidArgument("connection_id is required") }
        guard let record = try store.connection(connectionId: id) else { throw ConnectionError.unknownConnectionId(id) }
        guard record.status.holdsKey else { throw ConnectionError.disconnected }
        guard let secrets = try store.secrets(workspaceId: record.workspaceId), let box = secrets.sealedWebhookSecret else {
            throw ConnectionError.noWebhookEndpoint(connectionId: id)
        }
        return WebhookVerification(record: record, secret: try openSecret(box, workspaceId: record.workspaceId))
    }

    /// One page of connected workspaces; the cursor is the last workspace id of the previous page.
    func connectedWorkspaces(limit: Int, cursor: String) throws -> (records: [ConnectionRecord], nextCursor: String?) {
        let size = limit <= 0 ? 500 : min(limit, 1_000)
        let records = try store.connectedWorkspaces(afterWorkspaceId: cursor, limit: size + 1)
        guard records.count > size else { return (records, nil) }
        let page = Array(records.prefix(size))
        return (page, page.last?.workspaceId)
    }

    /// Opens a stored secret; a failure means the master key is not the one the secret was sealed with.
    func openSecret(_ box: [UInt8], workspaceId: String) throws(ConnectionError) -> String {
        do {
            return try sealer.open(box, workspaceId: workspaceId)
        } catch {
            throw .storage("the stored Stripe secret of workspace \(workspaceId) cannot be decrypted: the master key differs from the one it was stored with (restore VELES_MASTER_KEY or the key file)")
        }
    }

    static func requireUsable(_ record: ConnectionRecord) throws(ConnectionError) {
        switch record.status {
        case .connected: return
        case .disconnected: throw .disconnected
        case .keyInvalid: throw .keyInvalid(reason: record.keyInvalidReason ?? "Stripe answered 401")
        }
    }
}
