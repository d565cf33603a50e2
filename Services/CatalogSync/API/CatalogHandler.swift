import Bus
import Store
import SyncEngine
import VelesAPI

/// The `veles.catalog.v1.Catalog` service: checks each request, calls the store or the sync machinery, and answers.
/// The rules live in the domain files and the store; nothing here decides anything of its own.
struct CatalogHandler: Veles_Catalog_V1_CatalogHandler {
    let store: CatalogStore
    let coordinator: SyncCoordinator
    let intake: WebhookIntake

    static let maximumBatch = 500

    // MARK: Veles side

    func upsertProducts(request: Veles_Catalog_V1_UpsertProductsRequest, context: RPCContext) async throws -> Veles_Catalog_V1_UpsertProductsResponse {
        let workspaceId = try workspace(context)
        guard !request.products.isEmpty else { throw CatalogError.invalid("products is empty") }
        guard request.products.count <= Self.maximumBatch else { throw CatalogError.invalid("at most \(Self.maximumBatch) products per call") }
        var products: [VelesProduct] = []
        for (index, message) in request.products.enumerated() { products.append(try ProtoMapping.product(message, index: index)) }
        let result = try mapped { try store.upsertProducts(workspaceId: workspaceId, products) }
        var response = Veles_Catalog_V1_UpsertProductsResponse()
        response.products = result.products.map(ProtoMapping.product)
        response.rematched = Int32(clamping: result.rematched)
        return response
    }

    func getProduct(request: Veles_Catalog_V1_GetProductRequest, context: RPCContext) async throws -> Veles_Catalog_V1_GetProductResponse {
        let workspaceId = try workspace(context)
        guard !request.id.isEmpty else { throw CatalogError.invalid("id is required") }
        guard let product = try mapped({ try store.velesProduct(workspaceId: workspaceId, id: request.id) }) else {
            throw CatalogError.notFound("Veles product \(request.id) does not exist")
        }
        var response = Veles_Catalog_V1_GetProductResponse()
        response.product = ProtoMapping.product(product)
        return response
    }

    func listProducts(request: Veles_Catalog_V1_ListProductsRequest, context: RPCContext) async throws -> Veles_Catalog_V1_ListProductsResponse {
        let workspaceId = try workspace(context)
        let status: VelesProduct.Status? = switch request.status {
        case .active: .active
        case .inactive: .inactive
        default: nil
        }
        let page = try mapped {
            try store.listVelesProducts(workspaceId: workspaceId, query: request.query, status: status,
                                        after: request.page.cursor, limit: try limit(request.page.limit))
        }
        var response = Veles_Catalog_V1_ListProductsResponse()
        response.products = page.products.map(ProtoMapping.product)
        response.page = pageInfo(page.nextCursor)
        return response
    }

    func updateUnitLabel(request: Veles_Catalog_V1_UpdateUnitLabelRequest, context: RPCContext) async throws -> Veles_Catalog_V1_UpdateUnitLabelResponse {
        let workspaceId = try workspace(context)
        guard !request.id.isEmpty else { throw CatalogError.invalid("id is required") }
        var response = Veles_Catalog_V1_UpdateUnitLabelResponse()
        response.product = ProtoMapping.product(try mapped { try store.updateUnitLabel(workspaceId: workspaceId, id: request.id, label: request.unitLabel) })
        return response
    }

    // MARK: Review

    func listStripeProducts(request: Veles_Catalog_V1_ListStripeProductsRequest, context: RPCContext) async throws -> Veles_Catalog_V1_ListStripeProductsResponse {
        let workspaceId = try workspace(context)
        var filter = CatalogStore.ProductFilter()
        filter.limit = try limit(request.page.limit)
        filter.cursor = request.page.cursor
        guard filter.cursor.isEmpty || CatalogStore.decodeCursor(filter.cursor) != nil else {
            throw CatalogError.invalid("page.cursor is not a cursor this list returned")
        }
        filter.query = request.query
        for status in request.matchStatuses { filter.statuses.insert(try ProtoMapping.matchStatus(status)) }
        filter.active = switch request.active {
        case .active: true
        case .inactive: false
        default: nil
        }
        filter.presence = switch request.deleted {
        case .exclude: .present
        case .only: .deletedOnly
        default: .all
        }
        filter.flaggedOnly = request.flaggedLinksOnly
        filter.newestFirst = request.sort != .oldestFirst
        var response = Veles_Catalog_V1_ListStripeProductsResponse()
        guard let mode = try mapped({ try store.mode(workspaceId: workspaceId) }) else { return response }
        let page = try mapped { try store.listStripeProducts(workspaceId: workspaceId, mode: mode, filter) }
        response.products = page.rows.map { ProtoMapping.row($0.mirrored, velesName: $0.velesProductName, mode: mode) }
        response.page = pageInfo(page.nextCursor)
        response.mode = ProtoMapping.mode(mode)
        return response
    }

    func getStripeProduct(request: Veles_Catalog_V1_GetStripeProductRequest, context: RPCContext) async throws -> Veles_Catalog_V1_GetStripeProductResponse {
        let (workspaceId, mode) = try reviewScope(context, stripeProductId: request.stripeProductId)
        guard let mirrored = try mapped({ try store.stripeProduct(workspaceId: workspaceId, mode: mode, id: request.stripeProductId) }) else {
            throw CatalogError.notFound("Stripe product \(request.stripeProductId) is not known; it may not have been synced yet")
        }
        let prices = try mapped { try store.prices(workspaceId: workspaceId, mode: mode, productId: mirrored.product.id) }
        let linked = try mapped { try mirrored.state.velesProductId.flatMap { try store.velesProduct(workspaceId: workspaceId, id: $0) } }
        var response = Veles_Catalog_V1_GetStripeProductResponse()
        response.product = ProtoMapping.row(mirrored, velesName: linked?.name ?? "", mode: mode)
        response.prices = prices.map(ProtoMapping.price)
        if mirrored.state.status == .manual || mirrored.state.status == .nameMatch, let linked {
            response.differences = PlanComparator.differences(prices: prices, plans: linked.plans).map(ProtoMapping.difference)
        }
        return response
    }

    func summary(request: Veles_Catalog_V1_SummaryRequest, context: RPCContext) async throws -> Veles_Catalog_V1_SummaryResponse {
        let workspaceId = try workspace(context)
        let ledger = coordinator.ledger
        var response = Veles_Catalog_V1_SummaryResponse()
        let (lastSuccess, lastRun, active) = try mapped {
            (try ledger.lastRun(workspaceId: workspaceId, status: .succeeded), try ledger.runs(workspaceId: workspaceId, limit: 1).first,
             try ledger.activeRun(workspaceId: workspaceId))
        }
        response.lastSyncedAtMs = lastSuccess?.finishedAtMs ?? 0
        if let lastRun { response.lastRun = ProtoMapping.run(lastRun) }
        response.syncing = active != nil
        guard let mode = try mapped({ try store.mode(workspaceId: workspaceId) }) else { return response }
        let counts = try mapped { try store.counts(workspaceId: workspaceId, mode: mode) }
        response.mode = ProtoMapping.mode(mode)
        response.needsReview = Int32(clamping: counts.needingReview)
        response.nameMatch = Int32(clamping: counts.byStatus[.nameMatch] ?? 0)
        response.import = Int32(clamping: counts.byStatus[.imported] ?? 0)
        response.manual = Int32(clamping: counts.byStatus[.manual] ?? 0)
        response.notMatched = Int32(clamping: counts.byStatus[.notMatched] ?? 0)
        response.ignored = Int32(clamping: counts.byStatus[.ignored] ?? 0)
        response.inactive = Int32(clamping: counts.inactive)
        response.deleted = Int32(clamping: counts.deleted)
        response.total = Int32(clamping: counts.total)
        response.linksNeedReview = Int32(clamping: counts.flaggedLinks)
        return response
    }

    func matchProduct(request: Veles_Catalog_V1_MatchProductRequest, context: RPCContext) async throws -> Veles_Catalog_V1_MatchProductResponse {
        let (workspaceId, mode) = try reviewScope(context, stripeProductId: request.stripeProductId)
        guard !request.velesProductId.isEmpty else { throw CatalogError.invalid("veles_product_id is required") }
        let mirrored = try mapped {
            try store.matchProduct(workspaceId: workspaceId, mode: mode, stripeProductId: request.stripeProductId, velesProductId: request.velesProductId)
        }
        var response = Veles_Catalog_V1_MatchProductResponse()
        response.product = try row(mirrored, workspaceId: workspaceId, mode: mode)
        return response
    }

    func unlinkProduct(request: Veles_Catalog_V1_UnlinkProductRequest, context: RPCContext) async throws -> Veles_Catalog_V1_UnlinkProductResponse {
        let (workspaceId, mode) = try reviewScope(context, stripeProductId: request.stripeProductId)
        let before = try mapped { try store.stripeProduct(workspaceId: workspaceId, mode: mode, id: request.stripeProductId) }
        let mirrored = try mapped { try store.unlinkProduct(workspaceId: workspaceId, mode: mode, stripeProductId: request.stripeProductId) }
        var response = Veles_Catalog_V1_UnlinkProductResponse()
        response.product = try row(mirrored, workspaceId: workspaceId, mode: mode)
        if let before, before.state.status.isLinked { response.rejectedVelesProductId = before.state.velesProductId ?? "" }
        return response
    }

    func ignoreProduct(request: Veles_Catalog_V1_IgnoreProductRequest, context: RPCContext) async throws -> Veles_Catalog_V1_IgnoreProductResponse {
        let (workspaceId, mode) = try reviewScope(context, stripeProductId: request.stripeProductId)
        let mirrored = try mapped { try store.ignoreProduct(workspaceId: workspaceId, mode: mode, stripeProductId: request.stripeProductId) }
        var response = Veles_Catalog_V1_IgnoreProductResponse()
        response.product = try row(mirrored, workspaceId: workspaceId, mode: mode)
        return response
    }

    func unignoreProduct(request: Veles_Catalog_V1_UnignoreProductRequest, context: RPCContext) async throws -> Veles_Catalog_V1_UnignoreProductResponse {
        let (workspaceId, mode) = try reviewScope(context, stripeProductId: request.stripeProductId)
        let mirrored = try mapped { try store.unignoreProduct(workspaceId: workspaceId, mode: mode, stripeProductId: request.stripeProductId) }
        var response = Veles_Catalog_V1_UnignoreProductResponse()
        response.product = try row(mirrored, workspaceId: workspaceId, mode: mode)
        return response
    }

    func importProduct(request: Veles_Catalog_V1_ImportProductRequest, context: RPCContext) async throws -> Veles_Catalog_V1_ImportProductResponse {
        let (workspaceId, mode) = try reviewScope(context, stripeProductId: request.stripeProductId)
        let result = try mapped { try store.importProduct(workspaceId: workspaceId, mode: mode, stripeProductId: request.stripeProductId) }
        var response = Veles_Catalog_V1_ImportProductResponse()
        response.product = ProtoMapping.product(result.product)
        response.stripeProduct = ProtoMapping.row(result.mirrored, velesName: result.product.name, mode: mode)
        response.created = result.created
        response.requestedSku = result.sku.wanted
        response.skuAdjusted = result.sku.adjusted
        return response
    }

    func syncNow(request: Veles_Catalog_V1_SyncNowRequest, context: RPCContext) async throws -> Veles_Catalog_V1_SyncNowResponse {
        let workspaceId = try workspace(context)
        let ledger = coordinator.ledger
        let hasFull = try mapped { try ledger.lastRun(workspaceId: workspaceId, status: .succeeded, pass: .full) != nil }
        let pass: SyncRun.Pass = request.full || !hasFull ? .full : .incremental
        let (run, joined): (SyncRun, Bool)
        do {
            (run, joined) = try await mappedAsync {
                try await coordinator.requestIfAllowed(workspaceId: workspaceId, pass: pass, trigger: .manual)
            }
        } catch let stop as SyncStop {
            throw CatalogError.precondition(stop.refusal)
        }
        var latest = run
        if request.waitMs > 0 {
            let wait = min(Duration.milliseconds(request.waitMs), context.remaining - .milliseconds(200))
            if wait > .zero, let ended = try await coordinator.wait(runId: run.runId, timeout: wait) { latest = ended }
        }
        var response = Veles_Catalog_V1_SyncNowResponse()
        response.run = ProtoMapping.run(latest)
        response.joined = joined
        return response
    }

    func listSyncRuns(request: Veles_Catalog_V1_ListSyncRunsRequest, context: RPCContext) async throws -> Veles_Catalog_V1_ListSyncRunsResponse {
        let workspaceId = try workspace(context)
        guard (0...200).contains(request.limit) else { throw CatalogError.invalid("limit must be between 1 and 200") }
        let page: SyncRunPage
        do {
            page = try mapped {
                try coordinator.ledger.runs(workspaceId: workspaceId, limit: request.limit == 0 ? 20 : Int(request.limit), after: request.cursor)
            }
        } catch let error as SyncRunPage.InvalidCursor {
            throw CatalogError.invalid(error.description)
        }
        var response = Veles_Catalog_V1_ListSyncRunsResponse()
        response.runs = page.runs.map(ProtoMapping.run)
        response.nextCursor = page.nextCursor
        return response
    }

    // MARK: Internal

    func handleStripeEvent(request: Veles_Catalog_V1_HandleStripeEventRequest, context: RPCContext) async throws -> Veles_Catalog_V1_HandleStripeEventResponse {
        let workspaceId = try workspace(context)
        guard !request.eventJson.isEmpty else { throw CatalogError.invalid("event_json is required") }
        let outcome = try await mappedAsync { try await intake.handle(eventJSON: request.eventJson, workspaceId: workspaceId) }
        var response = Veles_Catalog_V1_HandleStripeEventResponse()
        response.eventId = outcome.eventId
        response.applied = outcome.applied
        response.duplicate = !outcome.applied
        return response
    }

    func getStripePriceForPlan(request: Veles_Catalog_V1_GetStripePriceForPlanRequest, context: RPCContext) async throws -> Veles_Catalog_V1_GetStripePriceForPlanResponse {
        let workspaceId = try workspace(context)
        guard !request.planId.isEmpty else { throw CatalogError.invalid("plan_id is required") }
        guard let found = try mapped({ try store.stripePrice(forPlan: request.planId, workspaceId: workspaceId) }) else {
            throw CatalogError.notFound("pricing plan \(request.planId) does not exist")
        }
        guard !found.priceId.isEmpty else {
            throw CatalogError.precondition("pricing plan \(request.planId) was made in Veles and has no Stripe price")
        }
        guard let mode = try mapped({ try store.mode(workspaceId: workspaceId) }),
              let price = try mapped({ try store.price(workspaceId: workspaceId, mode: mode, id: found.priceId) }) else {
            throw CatalogError.precondition("the Stripe price \(found.priceId) of plan \(request.planId) is not in the connected Stripe mode")
        }
        let plan = try mapped { try store.velesProduct(workspaceId: workspaceId, id: found.productId)?.plans.first { $0.id == request.planId } }
        var response = Veles_Catalog_V1_GetStripePriceForPlanResponse()
        response.stripePriceId = price.id
        response.stripeProductId = price.productId
        response.velesProductId = found.productId
        response.currency = found.currency
        response.mode = ProtoMapping.mode(mode)
        response.planActive = plan?.active ?? false
        response.priceActive = price.active && !price.deleted
        return response
    }

    // MARK: Helpers

    private func workspace(_ context: RPCContext) throws -> String {
        guard !context.metadata.workspaceId.isEmpty else { throw RPCError(.invalidArgument, "workspace id missing") }
        return context.metadata.workspaceId
    }

    /// The workspace and the mode whose Stripe data an admin action works on.
    private func reviewScope(_ context: RPCContext, stripeProductId: String) throws -> (String, StripeDataMode) {
        let workspaceId = try workspace(context)
        guard !stripeProductId.isEmpty else { throw CatalogError.invalid("stripe_product_id is required") }
        guard let mode = try mapped({ try store.mode(workspaceId: workspaceId) }) else {
            throw CatalogError.notFound("Stripe product \(stripeProductId) is not known: this workspace has no synced Stripe data yet")
        }
        return (workspaceId, mode)
    }

    private func row(_ mirrored: CatalogStore.MirroredProduct, workspaceId: String, mode: StripeDataMode) throws -> Veles_Catalog_V1_StripeProductRow {
        let name = try mapped { try mirrored.state.velesProductId.flatMap { try store.velesProduct(workspaceId: workspaceId, id: $0)?.name } }
        return ProtoMapping.row(mirrored, velesName: name ?? "", mode: mode)
    }

    private func limit(_ requested: Int32) throws -> Int {
        guard (0...200).contains(requested) else { throw CatalogError.invalid("page.limit must be between 1 and 200") }
        return requested == 0 ? 50 : Int(requested)
    }

    private func pageInfo(_ next: String?) -> Veles_Common_V1_PageInfo {
        var info = Veles_Common_V1_PageInfo()
        info.hasMore = next != nil
        info.nextCursor = next ?? ""
        return info
    }

    /// Runs a store call, turning SQLite's failures into statuses a caller can act on.
    private func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw Self.status(of: error)
        }
    }

    private func mappedAsync<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw Self.status(of: error)
        }
    }

    private static func status(of error: StoreError) -> RPCError {
        switch error.kind {
        case .busy: RPCError(.unavailable, "the catalog store is busy; try again")
        case .constraint: RPCError(.alreadyExists, "the change conflicts with stored data: \(error.message)")
        default: RPCError(.internal, "the catalog store failed: \(error.message)")
        }
    }
}

extension CatalogError: RPCStatusConvertible {
    var rpcError: RPCError {
        switch code {
        case .invalidArgument: RPCError(.invalidArgument, message)
        case .notFound: RPCError(.notFound, message)
        case .alreadyExists: RPCError(.alreadyExists, message)
        case .failedPrecondition: RPCError(.failedPrecondition, message)
        case .unavailable: RPCError(.unavailable, message)
        case .internal: RPCError(.internal, message)
        }
    }
}
