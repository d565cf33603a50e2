import Bus
import Foundation
import HTTPServer
import StripeClient
import Support
import VelesAPI

/// Receives Stripe webhooks at `/webhooks/stripe/{connection_id}`: checks the signature on the raw body with that
/// connection's secret, refuses an event of the other mode, and hands the event to the service that owns its type.
///
/// It answers 2xx only once the owning service has stored the event, so Stripe retries anything not stored; a failed
/// signature check is a 400 that says nothing about which part failed or whether the connection exists.
struct WebhookReceiver: Sendable {
    let connection: Veles_Connection_V1_ConnectionClient
    let customers: Veles_Customers_V1_CustomerSyncClient
    let catalog: Veles_Catalog_V1_CatalogClient
    let logger: Logger

    static let refusedSignature = APIError(status: 400, code: "invalid_signature",
                                           message: "the webhook signature could not be verified")

    func receive(_ request: HTTPRequest) async -> HTTPResponse {
        let connectionId = request.pathParameters["connection_id"] ?? ""
        do {
            let json = try await handle(request, connectionId: connectionId)
            return .json(200, JSONOutput.encode(json))
        } catch let error as APIError {
            return error.response
        } catch let error as RPCError {
            // Anything the owning service could not store is retried by Stripe; a refusal of the event itself is not.
            let mapped = APIError(rpc: error)
            logger.warning("webhook not applied", ["connection": connectionId, "status": String(mapped.status),
                                                   "error": error.message])
            return mapped.response
        } catch {
            logger.error("webhook failed", ["connection": connectionId, "error": String(describing: error)])
            return APIError(status: 500, code: "internal", message: "the webhook could not be processed").response
        }
    }

    private func handle(_ request: HTTPRequest, connectionId: String) async throws -> [String: Any] {
        guard !connectionId.isEmpty, connectionId.count <= 128, let header = request.headers["Stripe-Signature"] else {
            throw Self.refusedSignature
        }
        var lookup = Veles_Connection_V1_GetWebhookSecretRequest()
        lookup.connectionId = connectionId
        let secret: Veles_Connection_V1_GetWebhookSecretResponse
        do {
            secret = try await connection.getWebhookSecret(lookup)
        } catch let error as RPCError where error.code == .notFound || error.code == .failedPrecondition {
            throw Self.refusedSignature
        }
        guard !secret.webhookSecret.isEmpty else { throw Self.refusedSignature }
        do {
            try StripeWebhookSignature.verify(payload: request.body, header: header,
                                              secrets: [StripeWebhookSecret(secret.webhookSecret)])
        } catch {
            logger.info("webhook signature refused", ["connection": connectionId])
            throw Self.refusedSignature
        }
        // Only the envelope is read here: the owning service decodes the object, so a type the gateway does not
        // model (invoices before billing lands) is still acknowledged rather than refused.
        let event = try Self.envelope(request.body)
        let connectionIsLive = secret.mode == .live
        guard event.livemode == connectionIsLive else {
            throw APIError(status: 400, code: "mode_mismatch",
                           message: "event \(event.id) is a \(event.livemode ? "live" : "test") mode event; this connection is in \(connectionIsLive ? "live" : "test") mode")
        }
        guard secret.status == .connected else {
            // Sync is stopped for this workspace: acknowledge so Stripe stops retrying, apply nothing.
            return ["received": true, "applied": false, "reason": "the connection is not active"]
        }
        let options = CallOptions(workspaceId: secret.workspaceId)
        if event.type.hasPrefix("customer.") {
            var forward = Veles_Customers_V1_HandleStripeEventRequest()
            forward.eventJson = request.body
            let reply = try await customers.handleStripeEvent(forward, options: options)
            return ["received": true, "applied": !(reply.duplicate || reply.ignored), "duplicate": reply.duplicate]
        }
        if event.type.hasPrefix("product.") || event.type.hasPrefix("price.") {
            var forward = Veles_Catalog_V1_HandleStripeEventRequest()
            forward.eventJson = String(decoding: request.body, as: UTF8.self)
            let reply = try await catalog.handleStripeEvent(forward, options: options)
            return ["received": true, "applied": !reply.duplicate, "duplicate": reply.duplicate]
        }
        return ["received": true, "applied": false, "reason": "event type \(event.type) is not handled yet"]
    }

    /// The fields of a verified event the gateway routes by.
    struct Envelope {
        let id: String
        let type: String
        let livemode: Bool
    }

    static func envelope(_ body: [UInt8]) throws -> Envelope {
        let refused = APIError(status: 400, code: "invalid_event", message: "the body is not a Stripe event (id, type, livemode)")
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let id = object["id"] as? String, !id.isEmpty, let type = object["type"] as? String,
              let livemode = object["livemode"], JSONInput.isBoolean(livemode), let live = livemode as? Bool else {
            throw refused
        }
        return Envelope(id: id, type: type, livemode: live)
    }
}
