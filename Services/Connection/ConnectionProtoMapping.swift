import StripeClient
import VelesAPI

/// Conversions between the domain's values and the `veles.connection.v1` messages.
enum ConnectionProtoMapping {
    static func mode(_ mode: StripeMode) -> Veles_Connection_V1_Mode {
        mode == .test ? .test : .live
    }

    static func status(_ status: ConnectionStatus) -> Veles_Connection_V1_ConnectionStatus {
        switch status {
        case .connected: .connected
        case .disconnected: .disconnected
        case .keyInvalid: .keyInvalid
        }
    }

    static func change(_ change: ConnectionChange) -> Veles_Connection_V1_ChangeKind {
        switch change {
        case .connected: .connected
        case .keyRotated: .keyRotated
        case .disconnected: .disconnected
        case .keyInvalid: .keyInvalid
        }
    }

    static func kind(_ kind: Veles_Connection_V1_SyncKind) throws(ConnectionError) -> SyncKind {
        switch kind {
        case .customers: return .customers
        case .products: return .products
        default: throw .invalidArgument("kind must be SYNC_KIND_CUSTOMERS or SYNC_KIND_PRODUCTS")
        }
    }

    static func kind(_ kind: SyncKind) -> Veles_Connection_V1_SyncKind {
        kind == .customers ? .customers : .products
    }

    static func outcome(_ outcome: Veles_Connection_V1_SyncOutcome) throws(ConnectionError) -> SyncOutcome {
        switch outcome {
        case .succeeded: return .succeeded
        case .failed: return .failed
        default: throw .invalidArgument("outcome must be SYNC_OUTCOME_SUCCEEDED or SYNC_OUTCOME_FAILED")
        }
    }

    static func outcome(_ outcome: SyncOutcome) -> Veles_Connection_V1_SyncOutcome {
        switch outcome {
        case .none: .unspecified
        case .succeeded: .succeeded
        case .failed: .failed
        }
    }

    static func syncState(_ state: SyncState) -> Veles_Connection_V1_SyncState {
        var message = Veles_Connection_V1_SyncState()
        message.kind = kind(state.kind)
        message.lastSyncedAtMs = state.lastSyncedAtMs
        message.lastAttemptAtMs = state.lastAttemptAtMs
        message.lastOutcome = outcome(state.lastOutcome)
        message.lastError = state.lastError
        return message
    }

    static func connection(_ details: ConnectionDetails) -> Veles_Connection_V1_StripeConnection {
        let record = details.record
        var message = Veles_Connection_V1_StripeConnection()
        message.connectionId = record.connectionId
        message.accountId = record.accountId
        message.accountName = record.accountName
        message.mode = mode(record.mode)
        message.status = status(record.status)
        message.connectedAtMs = record.connectedAtMs
        message.customersLastSyncedAtMs = details.sync(.customers).lastSyncedAtMs
        message.productsLastSyncedAtMs = details.sync(.products).lastSyncedAtMs
        message.apiKeyLast4 = record.apiKeyLast4
        message.generation = record.generation
        message.keyVersion = record.keyVersion
        message.webhookConfigured = record.webhookEndpointId != nil
        message.webhookProblem = record.webhookProblem ?? ""
        message.linksNeedReview = record.linksNeedReview
        message.previousAccountId = record.previousAccountId ?? ""
        message.disconnectedAtMs = record.disconnectedAtMs ?? 0
        message.keyInvalidReason = record.keyInvalidReason ?? ""
        message.rotations = details.rotations.map { rotation in
            var item = Veles_Connection_V1_KeyRotation()
            item.rotatedAtMs = rotation.rotatedAtMs
            item.previousKeyLast4 = rotation.previousKeyLast4
            item.newKeyLast4 = rotation.newKeyLast4
            return item
        }
        message.syncs = SyncKind.allCases.map { syncState(details.sync($0)) }
        return message
    }

    static func changed(_ change: ConnectionChange, details: ConnectionDetails, atMs: Int64) -> Veles_Connection_V1_ConnectionChanged {
        var message = Veles_Connection_V1_ConnectionChanged()
        message.workspaceId = details.record.workspaceId
        message.change = self.change(change)
        message.connection = connection(details)
        message.changedAtMs = atMs
        return message
    }
}
