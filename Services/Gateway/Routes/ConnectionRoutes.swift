import Bus
import Foundation
import HTTPServer
import VelesAPI

/// The General tab: `/api/v1/stripe/connection`.
extension GatewayAPI {
    var connectionRoutes: [Route] {
        [
            Route(method: .get, pattern: "/api/v1/stripe/connection", handler: authenticated(calling: Self.connectionService) { caller in
                let reply = try await connection.getConnection(.init(), options: caller.options)
                return .json(200, JSONOutput.encode(Self.connectionJSON(reply.connection)))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/connection", handler: authenticated(calling: Self.connectionService) { caller in
                let body = try JSONInput(caller.request)
                try body.onlyFields(["api_key", "account_id", "account_name"])
                var request = Veles_Connection_V1_ConnectRequest()
                request.apiKey = try body.requiredString("api_key")
                request.accountId = try body.optionalString("account_id") ?? ""
                request.accountName = try body.optionalString("account_name") ?? ""
                let reply = try await Self.submittingKey { try await connection.connect(request, options: caller.options) }
                return .json(201, JSONOutput.encode(Self.connectionJSON(reply.connection)))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/connection/api-key", handler: authenticated(calling: Self.connectionService) { caller in
                let body = try JSONInput(caller.request)
                try body.onlyFields(["api_key"])
                var request = Veles_Connection_V1_UpdateApiKeyRequest()
                request.apiKey = try body.requiredString("api_key")
                let reply = try await Self.submittingKey { try await connection.updateApiKey(request, options: caller.options) }
                return .json(200, JSONOutput.encode(Self.connectionJSON(reply.connection)))
            }),
            Route(method: .delete, pattern: "/api/v1/stripe/connection", handler: authenticated(calling: Self.connectionService) { caller in
                let reply = try await connection.disconnect(.init(), options: caller.options)
                var json = Self.connectionJSON(reply.connection)
                json["webhook_endpoint_removed"] = reply.webhookEndpointRemoved
                return .json(200, JSONOutput.encode(json))
            }),
        ]
    }

    /// Runs a call that hands Stripe a key from the request body. Stripe refusing that key comes back as
    /// UNAUTHENTICATED, but here it is a bad field value, not a bad caller: a 401 would tell the client its own API
    /// token failed. So it is a 400 naming `api_key` (the message is Stripe's, which never repeats the key).
    static func submittingKey<T: Sendable>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let error as RPCError where error.code == .unauthenticated {
            throw APIError(status: 400, code: "api_key_rejected", message: "field 'api_key': \(error.message)")
        }
    }

    static func connectionJSON(_ connection: Veles_Connection_V1_StripeConnection) -> [String: Any] {
        [
            "connection_id": connection.connectionId,
            "account_id": connection.accountId,
            "account_name": connection.accountName,
            "mode": modeName(connection.mode),
            "status": statusName(connection.status),
            "connected_at": JSONOutput.time(connection.connectedAtMs),
            "customers_last_synced_at": JSONOutput.time(connection.customersLastSyncedAtMs),
            "products_last_synced_at": JSONOutput.time(connection.productsLastSyncedAtMs),
            "api_key_last4": connection.apiKeyLast4,
            "webhook_configured": connection.webhookConfigured,
            "webhook_problem": JSONOutput.optional(connection.webhookProblem),
            "links_need_review": connection.linksNeedReview,
            "disconnected_at": JSONOutput.time(connection.disconnectedAtMs),
            "key_invalid_reason": JSONOutput.optional(connection.keyInvalidReason),
            "key_rotations": connection.rotations.map { rotation in
                ["rotated_at": JSONOutput.time(rotation.rotatedAtMs), "previous_key_last4": rotation.previousKeyLast4,
                 "new_key_last4": rotation.newKeyLast4] as [String: Any]
            },
        ]
    }

    static func modeName(_ mode: Veles_Connection_V1_Mode) -> Any {
        switch mode {
        case .test: "test"
        case .live: "live"
        default: NSNull()
        }
    }

    static func statusName(_ status: Veles_Connection_V1_ConnectionStatus) -> String {
        switch status {
        case .connected: "connected"
        case .disconnected: "disconnected"
        case .keyInvalid: "key_invalid"
        default: "unknown"
        }
    }
}
