import Foundation
import HTTPServer
import VelesAPI

/// The Customers tab: `/api/v1/stripe/customers…`.
extension GatewayAPI {
    var customerRoutes: [Route] {
        [
            // The hottest route: rendered from the reply's wire bytes rather than through `[String: Any]`.
            Route(method: .get, pattern: "/api/v1/stripe/customers",
                  handler: authenticated(calling: Self.customersService, query: Self.pageQuery.union(["q", "match_status"])) { caller in
                var request = Veles_Customers_V1_ListStripeCustomersRequest()
                request.page = try Self.paging(caller.request)
                request.query = caller.request.query("q") ?? ""
                switch caller.request.query("match_status") {
                case nil, "": break
                case "matched": request.matchStatus = .matched
                case "not_matched": request.matchStatus = .notMatched
                case "deleted": request.matchStatus = .deleted
                case let other?:
                    throw APIError.queryValue("match_status", other, mustBe: ["matched", "not_matched", "deleted"])
                }
                // The reply's bytes go straight into the body, never decoded into messages (see StripeCustomerJSON).
                let reply = try await customers.channel.unary(method: Veles_Customers_V1_CustomerSync.Methods.listStripeCustomers,
                                                              request: request.serializedBytes(), options: caller.options)
                return .json(200, try StripeCustomerJSON.page(wire: reply))
            }),
            Route(method: .get, pattern: "/api/v1/stripe/customers/summary", handler: authenticated(calling: Self.customersService) { caller in
                let reply = try await customers.summary(.init(), options: caller.options)
                let json: [String: Any] = [
                    "matched": reply.matched, "not_matched": reply.notMatched, "deleted": reply.deleted,
                    "last_synced_at": JSONOutput.time(reply.lastSyncedAtMs),
                    "last_run": reply.hasLastRun ? Self.runJSON(reply.lastRun) : NSNull(),
                    "mode": JSONOutput.optional(reply.mode),
                ]
                return .json(200, JSONOutput.encode(json))
            }),
            Route(method: .get, pattern: "/api/v1/stripe/customers/sync-runs",
                  handler: authenticated(calling: Self.customersService, query: Self.pageQuery) { caller in
                var request = Veles_Customers_V1_ListSyncRunsRequest()
                let paging = try Self.paging(caller.request)
                request.limit = paging.limit
                request.cursor = paging.cursor
                let reply = try await customers.listSyncRuns(request, options: caller.options)
                return .json(200, Self.syncRunsPage(reply.runs, nextCursor: reply.nextCursor))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/customers/sync", handler: authenticated(calling: Self.customersService) { caller in
                let body = try JSONInput(caller.request, allowEmpty: true)
                try body.onlyFields(["wait"])
                var request = Veles_Customers_V1_SyncNowRequest()
                request.wait = try body.optionalBool("wait") ?? false
                let reply = try await customers.syncNow(request, options: caller.options)
                var json = Self.runJSON(reply.run)
                json["joined"] = reply.joined
                return .json(reply.run.status == .running ? 202 : 200, JSONOutput.encode(json))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/customers/{stripe_id}/link", handler: authenticated(calling: Self.customersService) { caller in
                let body = try JSONInput(caller.request)
                try body.onlyFields(["veles_customer_id"])
                var request = Veles_Customers_V1_LinkCustomerRequest()
                request.stripeId = try Self.identifier(caller.request, "stripe_id")
                request.velesCustomerId = try body.requiredString("veles_customer_id")
                let reply = try await customers.linkCustomer(request, options: caller.options)
                return .json(200, JSONOutput.encode(try Self.customerJSON(reply.customer)))
            }),
            Route(method: .delete, pattern: "/api/v1/stripe/customers/{stripe_id}/link", handler: authenticated(calling: Self.customersService) { caller in
                var request = Veles_Customers_V1_UnlinkCustomerRequest()
                request.stripeId = try Self.identifier(caller.request, "stripe_id")
                let reply = try await customers.unlinkCustomer(request, options: caller.options)
                return .json(200, JSONOutput.encode(try Self.customerJSON(reply.customer)))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/customers/{stripe_id}/create-customer", handler: authenticated(calling: Self.customersService) { caller in
                var request = Veles_Customers_V1_CreateVelesCustomerFromStripeRequest()
                request.stripeId = try Self.identifier(caller.request, "stripe_id")
                let reply = try await customers.createVelesCustomerFromStripe(request, options: caller.options)
                let json: [String: Any] = ["customer": try Self.customerJSON(reply.customer),
                                           "veles_customer": Self.velesCustomerJSON(reply.velesCustomer),
                                           "created": reply.created]
                return .json(reply.created ? 201 : 200, JSONOutput.encode(json))
            }),
        ]
    }

    /// A customer row as every customer route shows it.
    static func customerJSON(_ customer: Veles_Customers_V1_StripeCustomer) throws -> JSONFragment {
        try StripeCustomerJSON.row(customer)
    }

    static func velesCustomerJSON(_ customer: Veles_Customers_V1_VelesCustomer) -> [String: Any] {
        ["id": customer.id, "name": customer.name, "domains": customer.domains, "contact_emails": customer.contactEmails,
         "billing_email": JSONOutput.optional(customer.billingEmail)]
    }


    static func matchStatusName(_ status: Veles_Customers_V1_MatchStatus) -> String {
        switch status {
        case .matched: "matched"
        case .notMatched: "not_matched"
        case .deleted: "deleted"
        default: "unknown"
        }
    }

    static func matchMethodName(_ method: Veles_Customers_V1_MatchMethod) -> String? {
        switch method {
        case .manual: "manual"
        case .created: "created"
        case .metadata: "metadata"
        case .email: "email"
        case .domain: "domain"
        case .name: "name"
        default: nil
        }
    }
}
