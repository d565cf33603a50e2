import Bus
import Foundation
import HTTPServer
import Support
import VelesAPI

/// The HTTP API: every route, its authentication, and the one place RPC failures become JSON errors.
///
/// Calls made for an HTTP client go out under the caller name "gateway", which the services refuse for internal
/// methods; the gateway's own lookups (webhook secrets, health) use a second identity that may call them.
struct GatewayAPI: Sendable {
    /// One documented route; the OpenAPI document and the router are both checked against this list.
    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: String
        let handler: HTTPHandler
    }

    let store: GatewayStore
    let connection: Veles_Connection_V1_ConnectionClient
    let customers: Veles_Customers_V1_CustomerSyncClient
    let catalog: Veles_Catalog_V1_CatalogClient
    let webhooks: WebhookReceiver
    let health: HealthProbe
    let availability: ServiceAvailability
    let logger: Logger

    /// The services the routes call, by their bus names.
    static let connectionService = Veles_Connection_V1_Connection.descriptor.fullName
    static let customersService = Veles_Customers_V1_CustomerSync.descriptor.fullName
    static let catalogService = Veles_Catalog_V1_Catalog.descriptor.fullName

    /// The request passed to an authenticated route: whose workspace it acts for, and the RPC options that carry it.
    struct Caller: Sendable {
        let workspaceId: String
        let request: HTTPRequest
        var options: CallOptions { CallOptions(workspaceId: workspaceId) }
    }

    var routes: [Route] {
        connectionRoutes + customerRoutes + productRoutes + velesRoutes + [
            Route(method: .get, pattern: "/healthz") { _ in await health.healthz() },
            Route(method: .get, pattern: "/readyz") { _ in await health.readyz() },
            Route(method: .get, pattern: "/api/v1/openapi.json") { _ in .json(200, OpenAPIDocument.bytes) },
            Route(method: .post, pattern: "/webhooks/stripe/{connection_id}") { request in
                await webhooks.receive(request)
            },
        ]
    }

    var router: Router {
        var router = Router()
        for route in routes { router.add(route.method, route.pattern, route.handler) }
        router.notFound = { request in
            APIError.notFound("no route \(request.method.rawValue) \(request.path)").response
        }
        router.methodNotAllowed = { request in
            APIError(status: 405, code: "method_not_allowed",
                     message: "\(request.method.rawValue) is not served at \(request.path)").response
        }
        return router
    }

    /// Wraps a route that needs a token and calls `service`: 401 without a valid token, 400 for a query parameter
    /// not in `query` (the names the route reads), 503 at once while the service is known to be down, then errors
    /// mapped to their HTTP form.
    func authenticated(calling service: String, query accepted: Set<String> = [],
                       _ body: @escaping @Sendable (Caller) async throws -> HTTPResponse) -> HTTPHandler {
        let store = self.store
        let logger = self.logger
        let availability = self.availability
        return { request in
            do {
                let workspaceId: String
                switch BearerCredentials(header: request.headers["Authorization"]) {
                case .absent: throw APIError.unauthenticated
                case .malformed: throw APIError.invalidToken
                case .token(let token):
                    guard let known = try store.workspaceId(forToken: token) else { throw APIError.invalidToken }
                    workspaceId = known
                }
                // A query that cannot be decoded would read as no parameters at all, filters silently dropped.
                guard let items = request.queryItems else {
                    throw APIError.badRequest("the query string is not valid URL encoding: each '%' needs two hex digits and the decoded text must be UTF-8")
                }
                // Like an unknown body field: a misspelt filter must not pass silently and list everything.
                if let unknown = items.first(where: { !accepted.contains($0.name) }) {
                    throw APIError.unknownQueryParameter(unknown.name, accepted: accepted)
                }
                try await availability.checkBeforeCall(to: service)
                do {
                    return try await body(Caller(workspaceId: workspaceId, request: request))
                } catch {
                    throw await availability.explain(error, calling: service)
                }
            } catch {
                let apiError = APIError(from: error)
                if apiError.status >= 500 {
                    logger.warning("request failed", ["path": request.path, "method": request.method.rawValue,
                                                      "status": String(apiError.status), "error": apiError.message])
                }
                return apiError.response
            }
        }
    }

    /// The query parameters `paging` reads.
    static let pageQuery: Set<String> = ["limit", "cursor"]

    /// A page size from `limit` (1–200, default 50) and the opaque `cursor`.
    static func paging(_ request: HTTPRequest) throws -> Veles_Common_V1_PageRequest {
        var page = Veles_Common_V1_PageRequest()
        if let text = request.query("limit") {
            guard let limit = Int32(text), (1...200).contains(limit) else {
                throw APIError.badRequest("query parameter 'limit' must be a whole number from 1 to 200")
            }
            page.limit = limit
        } else {
            page.limit = 50
        }
        page.cursor = request.query("cursor") ?? ""
        return page
    }

    /// A path capture that names a Stripe or Veles object; empty or oversized ids are refused before any RPC.
    static func identifier(_ request: HTTPRequest, _ name: String) throws -> String {
        guard let value = request.pathParameters[name], !value.isEmpty, value.count <= 255 else {
            throw APIError.badRequest("path parameter '\(name)' is missing or too long")
        }
        return value
    }
}
