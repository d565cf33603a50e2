import Bus
import Foundation
import VelesAPI

/// Serves `veles.connection.v1.Connection` on the bus: decodes requests into domain calls and results into replies.
struct ConnectionHandler: Veles_Connection_V1_ConnectionHandler {
    let manager: ConnectionManager

    func connect(request: Veles_Connection_V1_ConnectRequest, context: RPCContext) async throws -> Veles_Connection_V1_ConnectResponse {
        let details = try await manager.connect(workspaceId: context.metadata.workspaceId, apiKey: request.apiKey,
                                                accountId: request.accountId, accountName: request.accountName)
        var response = Veles_Connection_V1_ConnectResponse()
        response.connection = ConnectionProtoMapping.connection(details)
        return response
    }

    func updateApiKey(request: Veles_Connection_V1_UpdateApiKeyRequest, context: RPCContext) async throws -> Veles_Connection_V1_UpdateApiKeyResponse {
        let details = try await manager.updateApiKey(workspaceId: context.metadata.workspaceId, apiKey: request.apiKey)
        var response = Veles_Connection_V1_UpdateApiKeyResponse()
        response.connection = ConnectionProtoMapping.connection(details)
        return response
    }

    func disconnect(request: Veles_Connection_V1_DisconnectRequest, context: RPCContext) async throws -> Veles_Connection_V1_DisconnectResponse {
        let (details, removed) = try await manager.disconnect(workspaceId: context.metadata.workspaceId)
        var response = Veles_Connection_V1_DisconnectResponse()
        response.connection = ConnectionProtoMapping.connection(details)
        response.webhookEndpointRemoved = removed
        return response
    }

    func getConnection(request: Veles_Connection_V1_GetConnectionRequest, context: RPCContext) async throws -> Veles_Connection_V1_GetConnectionResponse {
        var response = Veles_Connection_V1_GetConnectionResponse()
        response.connection = ConnectionProtoMapping.connection(try manager.details(workspaceId: context.metadata.workspaceId))
        return response
    }

    func getStripeCredentials(request: Veles_Connection_V1_GetStripeCredentialsRequest, context: RPCContext) async throws -> Veles_Connection_V1_GetStripeCredentialsResponse {
        let credentials = try manager.credentials(workspaceId: context.metadata.workspaceId)
        var response = Veles_Connection_V1_GetStripeCredentialsResponse()
        response.apiKey = credentials.apiKey
        response.generation = credentials.record.generation
        response.keyVersion = credentials.record.keyVersion
        response.mode = ConnectionProtoMapping.mode(credentials.record.mode)
        response.accountId = credentials.record.accountId
        response.webhookSecret = credentials.webhookSecret ?? ""
        response.status = ConnectionProtoMapping.status(credentials.record.status)
        response.connectionId = credentials.record.connectionId
        return response
    }

    func checkConnection(request: Veles_Connection_V1_CheckConnectionRequest, context: RPCContext) async throws -> Veles_Connection_V1_CheckConnectionResponse {
        let check = try manager.check(workspaceId: context.metadata.workspaceId, generation: request.generation,
                                      keyVersion: request.keyVersion)
        var response = Veles_Connection_V1_CheckConnectionResponse()
        response.active = check.active
        response.status = ConnectionProtoMapping.status(check.record.status)
        response.generation = check.record.generation
        response.keyVersion = check.record.keyVersion
        response.credentialsStale = check.stale
        return response
    }

    func acquireRatePermits(request: Veles_Connection_V1_AcquireRatePermitsRequest, context: RPCContext) async throws -> Veles_Connection_V1_AcquireRatePermitsResponse {
        let grant = try manager.acquirePermits(
            workspaceId: context.metadata.workspaceId, count: Int(request.count), returnedLeaseId: request.returnedLeaseId,
            returnedUnused: Int(request.returnedUnused), nowUs: Int64(Date().timeIntervalSince1970 * 1_000_000))
        var response = Veles_Connection_V1_AcquireRatePermitsResponse()
        response.granted = Int32(grant.granted)
        response.leaseId = grant.leaseId
        response.validForUs = grant.validForUs
        response.retryAfterUs = grant.retryAfterUs
        response.unlimited = grant.limitPerSecond == nil
        response.limitPerSecond = Int32(grant.limitPerSecond ?? 0)
        return response
    }

    func recordSync(request: Veles_Connection_V1_RecordSyncRequest, context: RPCContext) async throws -> Veles_Connection_V1_RecordSyncResponse {
        let state = try manager.recordSync(
            workspaceId: context.metadata.workspaceId, generation: request.generation,
            kind: try ConnectionProtoMapping.kind(request.kind), atMs: request.atMs,
            outcome: try ConnectionProtoMapping.outcome(request.outcome), error: request.error)
        var response = Veles_Connection_V1_RecordSyncResponse()
        response.state = ConnectionProtoMapping.syncState(state)
        return response
    }

    func reportKeyInvalid(request: Veles_Connection_V1_ReportKeyInvalidRequest, context: RPCContext) async throws -> Veles_Connection_V1_ReportKeyInvalidResponse {
        let (record, applied) = try await manager.reportKeyInvalid(
            workspaceId: context.metadata.workspaceId, generation: request.generation, keyVersion: request.keyVersion,
            message: request.stripeMessage)
        var response = Veles_Connection_V1_ReportKeyInvalidResponse()
        response.status = ConnectionProtoMapping.status(record.status)
        response.applied = applied
        return response
    }

    func listConnectedWorkspaces(request: Veles_Connection_V1_ListConnectedWorkspacesRequest, context: RPCContext) async throws -> Veles_Connection_V1_ListConnectedWorkspacesResponse {
        let page = try manager.connectedWorkspaces(limit: Int(request.page.limit), cursor: request.page.cursor)
        var response = Veles_Connection_V1_ListConnectedWorkspacesResponse()
        response.workspaces = page.records.map { record in
            var item = Veles_Connection_V1_ConnectedWorkspace()
            item.workspaceId = record.workspaceId
            item.connectionId = record.connectionId
            item.mode = ConnectionProtoMapping.mode(record.mode)
            item.generation = record.generation
            return item
        }
        response.page.hasMore = page.nextCursor != nil
        response.page.nextCursor = page.nextCursor ?? ""
        return response
    }

    func getWebhookSecret(request: Veles_Connection_V1_GetWebhookSecretRequest, context: RPCContext) async throws -> Veles_Connection_V1_GetWebhookSecretResponse {
        let found = try manager.webhookSecret(connectionId: request.connectionId)
        var response = Veles_Connection_V1_GetWebhookSecretResponse()
        response.workspaceId = found.record.workspaceId
        response.webhookSecret = found.secret
        response.mode = ConnectionProtoMapping.mode(found.record.mode)
        response.status = ConnectionProtoMapping.status(found.record.status)
        response.accountId = found.record.accountId
        response.generation = found.record.generation
        return response
    }
}
