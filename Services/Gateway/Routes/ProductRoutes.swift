import Foundation
import HTTPServer
import Bus
import VelesAPI

/// The Products tab: `/api/v1/stripe/products…`.
extension GatewayAPI {
    var productRoutes: [Route] {
        [
            Route(method: .get, pattern: "/api/v1/stripe/products",
                  handler: authenticated(calling: Self.catalogService,
                                         query: Self.pageQuery.union(["q", "match_status", "active", "flagged", "sort"])) { caller in
                var request = Veles_Catalog_V1_ListStripeProductsRequest()
                request.page = try Self.paging(caller.request)
                request.query = caller.request.query("q") ?? ""
                if let statuses = caller.request.query("match_status"), !statuses.isEmpty {
                    request.matchStatuses = try statuses.split(separator: ",").map { try Self.productStatus(String($0)) }
                }
                switch caller.request.query("active") {
                case nil, "": break
                case "true": request.active = .active
                case "false": request.active = .inactive
                case let other?: throw APIError.queryValue("active", other, mustBe: ["true", "false"])
                }
                switch caller.request.query("flagged") {
                case nil, "", "false": break
                case "true": request.flaggedLinksOnly = true
                case let other?: throw APIError.queryValue("flagged", other, mustBe: ["true", "false"])
                }
                switch caller.request.query("sort") {
                case nil, "", "-created": request.sort = .newestFirst
                case "created": request.sort = .oldestFirst
                case let other?: throw APIError.queryValue("sort", other, mustBe: ["created", "-created"])
                }
                let reply = try await catalog.listStripeProducts(request, options: caller.options)
                return .json(200, JSONOutput.encode(JSONOutput.page(reply.products.map(Self.stripeProductJSON),
                                                                    hasMore: reply.page.hasMore, nextCursor: reply.page.nextCursor)))
            }),
            Route(method: .get, pattern: "/api/v1/stripe/products/summary", handler: authenticated(calling: Self.catalogService) { caller in
                let reply = try await catalog.summary(.init(), options: caller.options)
                let json: [String: Any] = [
                    "needs_review": reply.needsReview, "name_match": reply.nameMatch, "import": reply.import,
                    "manual": reply.manual, "not_matched": reply.notMatched, "ignored": reply.ignored,
                    "inactive": reply.inactive, "deleted": reply.deleted, "total": reply.total,
                    "last_synced_at": JSONOutput.time(reply.lastSyncedAtMs), "syncing": reply.syncing,
                    "last_run": reply.hasLastRun ? Self.runJSON(reply.lastRun) : NSNull(),
                    "mode": Self.modeName(reply.mode), "links_need_review": reply.linksNeedReview,
                ]
                return .json(200, JSONOutput.encode(json))
            }),
            // Before `{stripe_id}`, which would otherwise take "sync-runs" for a product id.
            Route(method: .get, pattern: "/api/v1/stripe/products/sync-runs",
                  handler: authenticated(calling: Self.catalogService, query: Self.pageQuery) { caller in
                var request = Veles_Catalog_V1_ListSyncRunsRequest()
                let paging = try Self.paging(caller.request)
                request.limit = paging.limit
                request.cursor = paging.cursor
                let reply = try await catalog.listSyncRuns(request, options: caller.options)
                return .json(200, Self.syncRunsPage(reply.runs, nextCursor: reply.nextCursor))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/products/sync", handler: authenticated(calling: Self.catalogService) { caller in
                let body = try JSONInput(caller.request, allowEmpty: true)
                try body.onlyFields(["wait", "full"])
                var request = Veles_Catalog_V1_SyncNowRequest()
                request.full = try body.optionalBool("full") ?? true
                let wait = try body.optionalBool("wait") ?? false
                var options = caller.options
                if wait {
                    request.waitMs = 25_000
                    options = options.with(timeout: .seconds(30))
                }
                let reply = try await catalog.syncNow(request, options: options)
                var json = Self.runJSON(reply.run)
                json["joined"] = reply.joined
                return .json(reply.run.status == .running ? 202 : 200, JSONOutput.encode(json))
            }),
            Route(method: .get, pattern: "/api/v1/stripe/products/{stripe_id}", handler: authenticated(calling: Self.catalogService) { caller in
                var request = Veles_Catalog_V1_GetStripeProductRequest()
                request.stripeProductId = try Self.identifier(caller.request, "stripe_id")
                let reply = try await catalog.getStripeProduct(request, options: caller.options)
                var json = Self.stripeProductJSON(reply.product)
                json["prices"] = reply.prices.map { price -> [String: Any] in
                    ["id": price.id, "active": price.active, "currency": price.currency, "type": price.type,
                     "billing_scheme": price.billingScheme, "tiers_mode": JSONOutput.optional(price.tiersMode),
                     "nickname": JSONOutput.optional(price.nickname), "created": JSONOutput.time(price.createdAtMs),
                     "plans": price.plans.map(Self.planJSON), "refusal": JSONOutput.optional(price.refusal)]
                }
                json["differences"] = reply.differences.map { ["stripe_price_id": JSONOutput.optional($0.stripePriceId),
                                                               "veles_plan_id": JSONOutput.optional($0.velesPlanId),
                                                               "message": $0.message] as [String: Any] }
                return .json(200, JSONOutput.encode(json))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/products/{stripe_id}/match", handler: authenticated(calling: Self.catalogService) { caller in
                let body = try JSONInput(caller.request)
                try body.onlyFields(["veles_product_id"])
                var request = Veles_Catalog_V1_MatchProductRequest()
                request.stripeProductId = try Self.identifier(caller.request, "stripe_id")
                request.velesProductId = try body.requiredString("veles_product_id")
                let reply = try await catalog.matchProduct(request, options: caller.options)
                return .json(200, JSONOutput.encode(Self.stripeProductJSON(reply.product)))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/products/{stripe_id}/import", handler: authenticated(calling: Self.catalogService) { caller in
                var request = Veles_Catalog_V1_ImportProductRequest()
                request.stripeProductId = try Self.identifier(caller.request, "stripe_id")
                let reply = try await catalog.importProduct(request, options: caller.options)
                let json: [String: Any] = ["product": Self.velesProductJSON(reply.product),
                                           "stripe_product": Self.stripeProductJSON(reply.stripeProduct),
                                           "created": reply.created, "requested_sku": reply.requestedSku,
                                           "sku_adjusted": reply.skuAdjusted]
                return .json(reply.created ? 201 : 200, JSONOutput.encode(json))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/products/{stripe_id}/ignore", handler: authenticated(calling: Self.catalogService) { caller in
                var request = Veles_Catalog_V1_IgnoreProductRequest()
                request.stripeProductId = try Self.identifier(caller.request, "stripe_id")
                let reply = try await catalog.ignoreProduct(request, options: caller.options)
                return .json(200, JSONOutput.encode(Self.stripeProductJSON(reply.product)))
            }),
            Route(method: .post, pattern: "/api/v1/stripe/products/{stripe_id}/unignore", handler: authenticated(calling: Self.catalogService) { caller in
                var request = Veles_Catalog_V1_UnignoreProductRequest()
                request.stripeProductId = try Self.identifier(caller.request, "stripe_id")
                let reply = try await catalog.unignoreProduct(request, options: caller.options)
                return .json(200, JSONOutput.encode(Self.stripeProductJSON(reply.product)))
            }),
            Route(method: .delete, pattern: "/api/v1/stripe/products/{stripe_id}/link", handler: authenticated(calling: Self.catalogService) { caller in
                var request = Veles_Catalog_V1_UnlinkProductRequest()
                request.stripeProductId = try Self.identifier(caller.request, "stripe_id")
                let reply = try await catalog.unlinkProduct(request, options: caller.options)
                var json = Self.stripeProductJSON(reply.product)
                json["rejected_veles_product_id"] = JSONOutput.optional(reply.rejectedVelesProductId)
                return .json(200, JSONOutput.encode(json))
            }),
        ]
    }

    /// One value of the products list's `match_status` (which takes several, comma-separated).
    static func productStatus(_ name: String) throws -> Veles_Catalog_V1_MatchStatus {
        switch name {
        case "name_match": .nameMatch
        case "import": .import
        case "manual": .manual
        case "not_matched": .notMatched
        case "ignored": .ignored
        default:
            throw APIError.queryValue("match_status", name, mustBe: ["name_match", "import", "manual", "not_matched", "ignored"])
        }
    }

    static func productStatusName(_ status: Veles_Catalog_V1_MatchStatus) -> String {
        switch status {
        case .nameMatch: "name_match"
        case .import: "import"
        case .manual: "manual"
        case .notMatched: "not_matched"
        case .ignored: "ignored"
        default: "unknown"
        }
    }

    static func stripeProductJSON(_ row: Veles_Catalog_V1_StripeProductRow) -> [String: Any] {
        [
            "stripe_id": row.stripeId, "name": row.name, "description": JSONOutput.optional(row.description),
            "active": row.active, "deleted": row.deleted, "match_status": productStatusName(row.matchStatus),
            "veles_product_id": JSONOutput.optional(row.velesProductId),
            "veles_product_name": JSONOutput.optional(row.velesProductName),
            "created": JSONOutput.time(row.createdAtMs), "linked_at": JSONOutput.time(row.linkedAtMs),
            "import_problems": JSONOutput.optional(row.importProblems), "mode": modeName(row.mode),
            "link_flag": JSONOutput.optional(row.linkFlag),
        ]
    }

}

extension CallOptions {
    /// The same options with another timeout.
    func with(timeout: Duration) -> CallOptions {
        var copy = self
        copy.timeout = timeout
        return copy
    }
}
