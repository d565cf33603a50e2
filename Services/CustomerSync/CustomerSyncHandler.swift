import Bus
import CustomerMatching
import SyncEngine
import VelesAPI

/// The `veles.customers.v1.CustomerSync` RPCs: thin, each one a call into the review, sync or store code.
struct CustomerSyncHandler: Veles_Customers_V1_CustomerSyncHandler {
    let store: CustomerStore
    let review: CustomerReview
    let coordinator: SyncCoordinator
    let intake: CustomerEventIntake

    static let defaultPageSize = 50
    static let maxPageSize = 500

    func upsertVelesCustomers(request: Veles_Customers_V1_UpsertVelesCustomersRequest,
                              context: RPCContext) async throws -> Veles_Customers_V1_UpsertVelesCustomersResponse {
        let workspaceId = try workspace(context)
        let newlyMatched = try review.upsertVelesCustomers(workspaceId: workspaceId, request.customers.map(ProtoMapping.veles))
        var response = Veles_Customers_V1_UpsertVelesCustomersResponse()
        response.upserted = Int32(clamping: request.customers.count)
        response.newlyMatched = Int32(clamping: newlyMatched)
        return response
    }

    func deleteVelesCustomers(request: Veles_Customers_V1_DeleteVelesCustomersRequest,
                              context: RPCContext) async throws -> Veles_Customers_V1_DeleteVelesCustomersResponse {
        var response = Veles_Customers_V1_DeleteVelesCustomersResponse()
        response.deletedIds = try review.deleteVelesCustomers(workspaceId: try workspace(context), ids: request.ids)
        return response
    }

    func getVelesCustomer(request: Veles_Customers_V1_GetVelesCustomerRequest,
                          context: RPCContext) async throws -> Veles_Customers_V1_GetVelesCustomerResponse {
        let workspaceId = try workspace(context)
        guard let customer = try store.velesCustomer(workspaceId: workspaceId, id: request.id) else {
            throw CustomerSyncError.notFound("no Veles customer \(request.id) in this workspace")
        }
        var response = Veles_Customers_V1_GetVelesCustomerResponse()
        response.customer = ProtoMapping.proto(customer)
        if let mode = try review.mode(of: workspaceId) {
            response.stripeCustomerIds = try store.stripeCustomers(linkedTo: customer.id, workspaceId: workspaceId, mode: mode)
                .map(\.stripeId)
        }
        return response
    }

    func listVelesCustomers(request: Veles_Customers_V1_ListVelesCustomersRequest,
                            context: RPCContext) async throws -> Veles_Customers_V1_ListVelesCustomersResponse {
        let limit = try pageSize(request.page.limit)
        let rows = try store.listVelesCustomers(workspaceId: try workspace(context),
                                                after: request.page.cursor.isEmpty ? nil : request.page.cursor, limit: limit + 1)
        var response = Veles_Customers_V1_ListVelesCustomersResponse()
        response.customers = rows.prefix(limit).map(ProtoMapping.proto)
        response.page.hasMore = rows.count > limit
        response.page.nextCursor = rows.count > limit ? (rows[limit - 1].id) : ""
        return response
    }

    func syncNow(request: Veles_Customers_V1_SyncNowRequest,
                 context: RPCContext) async throws -> Veles_Customers_V1_SyncNowResponse {
        let workspaceId = try workspace(context)
        var (run, joined): (SyncRun, Bool)
        do {
            (run, joined) = try await coordinator.requestIfAllowed(workspaceId: workspaceId, pass: .full, trigger: .manual)
        } catch let stop as SyncStop {
            throw CustomerSyncError.failedPrecondition(stop.refusal)
        }
        if request.wait {
            let budget = context.remaining - .milliseconds(200)
            if budget > .zero, let finished = try await coordinator.wait(runId: run.runId, timeout: budget) {
                run = finished
            }
        }
        var response = Veles_Customers_V1_SyncNowResponse()
        response.run = ProtoMapping.proto(run)
        response.joined = joined
        return response
    }

    func listSyncRuns(request: Veles_Customers_V1_ListSyncRunsRequest,
                      context: RPCContext) async throws -> Veles_Customers_V1_ListSyncRunsResponse {
        let limit = request.limit <= 0 ? 20 : min(Int(request.limit), 200)
        let page: SyncRunPage
        do {
            page = try coordinator.ledger.runs(workspaceId: try workspace(context), limit: limit, after: request.cursor)
        } catch let error as SyncRunPage.InvalidCursor {
            throw RPCError(.invalidArgument, error.description)
        }
        var response = Veles_Customers_V1_ListSyncRunsResponse()
        response.runs = page.runs.map(ProtoMapping.proto)
        response.nextCursor = page.nextCursor
        return response
    }

    func handleStripeEvent(request: Veles_Customers_V1_HandleStripeEventRequest,
                           context: RPCContext) async throws -> Veles_Customers_V1_HandleStripeEventResponse {
        let outcome = try await intake.handle(workspaceId: try workspace(context), eventJSON: request.eventJson)
        var response = Veles_Customers_V1_HandleStripeEventResponse()
        response.duplicate = outcome == .duplicate
        response.ignored = outcome == .ignored
        return response
    }

    func listStripeCustomers(request: Veles_Customers_V1_ListStripeCustomersRequest,
                             context: RPCContext) async throws -> Veles_Customers_V1_ListStripeCustomersResponse {
        try Veles_Customers_V1_ListStripeCustomersResponse(serializedBytes: try listStripeCustomersWire(request: request, context: context))
    }

    /// The customers page as reply bytes; the bus serves this one directly (see `busService`).
    func listStripeCustomersWire(request: Veles_Customers_V1_ListStripeCustomersRequest,
                                 context: RPCContext) throws -> [UInt8] {
        let workspaceId = try workspace(context)
        let limit = try pageSize(request.page.limit)
        guard let mode = try review.mode(of: workspaceId) else { return [] }
        let status = ProtoMapping.status(request.matchStatus)
        if request.matchStatus != .unspecified, status == nil {
            throw CustomerSyncError.invalidArgument("match_status must be matched, not_matched or deleted")
        }
        return try store.listReply(workspaceId: workspaceId, mode: mode, status: status, search: request.query,
                                   after: try CustomerCursor.decode(request.page.cursor), limit: limit)
    }

    /// The generated service, with the customers page answered as bytes rather than through its message.
    func busService() -> RPCService {
        let generated = rpcService()
        var handlers = generated.handlers
        handlers[Veles_Customers_V1_CustomerSync.Methods.listStripeCustomers.path] = { bytes, context in
            try listStripeCustomersWire(request: try Veles_Customers_V1_ListStripeCustomersRequest(serializedBytes: bytes),
                                        context: context)
        }
        return RPCService(descriptor: generated.descriptor, handlers: handlers)
    }

    func summary(request: Veles_Customers_V1_SummaryRequest,
                 context: RPCContext) async throws -> Veles_Customers_V1_SummaryResponse {
        let workspaceId = try workspace(context)
        var response = Veles_Customers_V1_SummaryResponse()
        if let mode = try review.mode(of: workspaceId) {
            let counts = try store.summary(workspaceId: workspaceId, mode: mode)
            response.matched = Int32(clamping: counts.matched)
            response.notMatched = Int32(clamping: counts.notMatched)
            response.deleted = Int32(clamping: counts.deleted)
            response.mode = mode
        }
        let ledger = coordinator.ledger
        if let lastSuccess = try ledger.lastRun(workspaceId: workspaceId, status: .succeeded) {
            response.lastSyncedAtMs = lastSuccess.finishedAtMs ?? 0
        }
        if let latest = try ledger.runs(workspaceId: workspaceId, limit: 1).first {
            response.lastRun = ProtoMapping.proto(latest)
        }
        return response
    }

    func linkCustomer(request: Veles_Customers_V1_LinkCustomerRequest,
                      context: RPCContext) async throws -> Veles_Customers_V1_LinkCustomerResponse {
        let workspaceId = try workspace(context)
        let linked = try review.link(workspaceId: workspaceId, stripeId: request.stripeId, velesCustomerId: request.velesCustomerId)
        var response = Veles_Customers_V1_LinkCustomerResponse()
        response.customer = ProtoMapping.proto(linked, mode: try review.mode(of: workspaceId) ?? "")
        return response
    }

    func unlinkCustomer(request: Veles_Customers_V1_UnlinkCustomerRequest,
                        context: RPCContext) async throws -> Veles_Customers_V1_UnlinkCustomerResponse {
        let workspaceId = try workspace(context)
        let unlinked = try review.unlink(workspaceId: workspaceId, stripeId: request.stripeId)
        var response = Veles_Customers_V1_UnlinkCustomerResponse()
        response.customer = ProtoMapping.proto(unlinked, mode: try review.mode(of: workspaceId) ?? "")
        return response
    }

    func createVelesCustomerFromStripe(request: Veles_Customers_V1_CreateVelesCustomerFromStripeRequest,
                                       context: RPCContext) async throws -> Veles_Customers_V1_CreateVelesCustomerFromStripeResponse {
        let workspaceId = try workspace(context)
        let outcome = try review.createVelesCustomer(workspaceId: workspaceId, stripeId: request.stripeId)
        var response = Veles_Customers_V1_CreateVelesCustomerFromStripeResponse()
        response.velesCustomer = ProtoMapping.proto(outcome.veles)
        response.customer = ProtoMapping.proto(outcome.customer, mode: try review.mode(of: workspaceId) ?? "")
        response.created = outcome.created
        return response
    }

    func getStripeCustomerForVeles(request: Veles_Customers_V1_GetStripeCustomerForVelesRequest,
                                   context: RPCContext) async throws -> Veles_Customers_V1_GetStripeCustomerForVelesResponse {
        let workspaceId = try workspace(context)
        guard try store.velesCustomer(workspaceId: workspaceId, id: request.velesCustomerId) != nil else {
            throw CustomerSyncError.notFound("no Veles customer \(request.velesCustomerId) in this workspace")
        }
        guard let mode = try review.mode(of: workspaceId) else {
            throw CustomerSyncError.failedPrecondition("the workspace has not synced Stripe customers yet")
        }
        let linked = try store.stripeCustomers(linkedTo: request.velesCustomerId, workspaceId: workspaceId, mode: mode)
        guard let live = linked.first(where: { !$0.deleted }) else {
            throw CustomerSyncError.notFound("Veles customer \(request.velesCustomerId) has no live Stripe customer linked")
        }
        var response = Veles_Customers_V1_GetStripeCustomerForVelesResponse()
        response.customer = ProtoMapping.proto(live, mode: mode)
        response.allLinked = linked.map { ProtoMapping.proto($0, mode: mode) }
        return response
    }

    private func workspace(_ context: RPCContext) throws -> String {
        let workspaceId = context.metadata.workspaceId
        guard !workspaceId.isEmpty else { throw CustomerSyncError.invalidArgument("workspace id missing from the call's metadata") }
        return workspaceId
    }

    private func pageSize(_ requested: Int32) throws -> Int {
        guard requested >= 0 else { throw CustomerSyncError.invalidArgument("limit must not be negative") }
        return requested == 0 ? Self.defaultPageSize : min(Int(requested), Self.maxPageSize)
    }
}

extension CustomerSyncError: RPCStatusConvertible {
    var rpcError: RPCError {
        switch self {
        case .invalidArgument(let message): RPCError(.invalidArgument, message)
        case .notFound(let message): RPCError(.notFound, message)
        case .failedPrecondition(let message): RPCError(.failedPrecondition, message)
        case .unavailable(let message): RPCError(.unavailable, message)
        }
    }
}
