import CustomerMatching
import Foundation
import Store
import StripeClient
import Support
import SyncEngine

/// Walks a workspace's Stripe customers into the mirror and matches them.
///
/// A full pass pages through `/v1/customers` (each page stored with its cursor, so a crash resumes after the last stored
/// page), then checks every mirrored customer the walk did not see — deleted in Stripe, or missed — one by one. An
/// incremental pass reads `/v1/events` forward from the last event applied. Either way a customer's state is always
/// Stripe's current object, fetched, never an event's payload, so a late or repeated event cannot move it backwards.
struct CustomerSyncJob: SyncJob {
    let kind = "customers"
    let store: CustomerStore
    let stripe: any StripeAccessProvider

    static let backfillCursor = "backfill"
    static let eventsCursor = "events"
    /// Stored as the events cursor when no customer event existed at backfill: read every event since then.
    static let eventsFromStart = "start:"

    func run(_ context: SyncContext) async throws {
        try await context.ensureAllowed()
        let access = try await stripe.access(workspaceId: context.workspaceId)
        try store.setWorkspaceMode(workspaceId: context.workspaceId, mode: access.mode.rawValue, accountId: access.accountId)
        // Links made against another Stripe account may not hold for this one: the admin reviews them.
        try store.noteAccount(workspaceId: context.workspaceId, accountId: access.accountId, ledger: context.ledger)
        if context.run.pass == .incremental, let cursor = try context.cursor(Self.eventsCursor) {
            do {
                try await catchUp(context, access: access, from: cursor)
                return
            } catch let error as StripeError where error.kind == .invalidRequest || error.kind == .notFound {
                // The cursor's event is past Stripe's retention: only a full pass can be sure of the state now.
            }
        }
        try await fullPass(context, access: access)
    }

    // MARK: Full pass

    private func fullPass(_ context: SyncContext, access: WorkspaceStripeAccess) async throws {
        let workspaceId = context.workspaceId
        let mode = access.mode.rawValue
        var eventsStart: String?
        if try context.cursor(Self.eventsCursor) == nil {
            // Where the event stream stands before the walk, so the next catch-up starts from here and misses nothing.
            var newest = access.client.pages("/v1/events", filter: StripeListFilter(limit: 1, type: "customer.*"),
                                             as: StripeEvent.self).makeAsyncIterator()
            let latest = try await newest.next()?.data.first
            eventsStart = latest?.id ?? Self.eventsFromStart + String(Int64(Date().timeIntervalSince1970) - 1)
        }
        let resumeAfter = try context.cursor(Self.backfillCursor)
        var lastId = resumeAfter
        // Pages are read (and the connection checked after each) by a child task running ahead of this one, which
        // matches and stores whatever has arrived, so neither Stripe's latency nor the connection service's adds to
        // our work, and when storing is the slower side several pages share one transaction.
        let readAhead = ReadAheadBuffer<ReadPage>(capacity: Self.readAheadPages)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await readPages(after: resumeAfter, into: readAhead, context: context, access: access) }
            do {
                while true {
                    let pages = try await readAhead.takeAll()
                    // The reader stops at a shutdown too, but a page already read must not be stored after it.
                    if Task.isCancelled { throw SyncStop.shuttingDown }
                    guard !pages.isEmpty else { break }
                    lastId = pages.last { $0.lastId != nil }?.lastId ?? lastId
                    let pendingEventsStart = eventsStart
                    try apply(pages.flatMap(\.customers), keys: pages.flatMap(\.keys), pages: pages.count,
                              context: context, mode: mode, cursorName: Self.backfillCursor, cursor: lastId,
                              seenRun: context.run.runId) { connection in
                        if let pendingEventsStart {
                            try context.ledger.setCursor(connection, workspaceId: workspaceId, name: Self.eventsCursor,
                                                         value: pendingEventsStart)
                        }
                    }
                    eventsStart = nil
                }
            } catch {
                await readAhead.close()
                // A shutdown cancels the reader too, whose Stripe call may then fail as a network error: still a shutdown.
                if Task.isCancelled { throw SyncStop.shuttingDown }
                throw error
            }
            try await group.waitForAll()
        }
        if let eventsStart {
            // An empty account still records where its events start.
            try context.commitPage(cursorName: Self.backfillCursor, cursor: lastId) { connection in
                try context.ledger.setCursor(connection, workspaceId: workspaceId, name: Self.eventsCursor, value: eventsStart)
                return SyncCounts()
            }
        }
        try await sweepUnseen(context, access: access, cursor: lastId)
        try context.commitPage(cursorName: Self.backfillCursor, cursor: nil) { _ in SyncCounts() }
    }

    /// Pages the reader may hold ahead of the store: 2,000 customers, so one transaction takes at most that many.
    static let readAheadPages = 20

    /// A page of `/v1/customers` as the mirror takes it, with the customers' match keys already computed (on the
    /// reader's side, off the path of the transaction).
    struct ReadPage: Sendable {
        let customers: [MirroredCustomer]
        let keys: [MatchKeys]
        let lastId: String?
    }

    /// Reads `/v1/customers` from after `id` (from the start when nil) to the end into `buffer`, checking the
    /// connection after each page, so a page is handed over only if the workspace was still connected after it was
    /// read (a disconnect stops the run within one page). Stops early when the storer closes the buffer.
    private func readPages(after id: String?, into buffer: ReadAheadBuffer<ReadPage>, context: SyncContext,
                           access: WorkspaceStripeAccess) async {
        var after = id
        do {
            while true {
                let body = try await access.client.getBody("/v1/customers", query: StripeListFilter(startingAfter: after).pageQuery)
                try await context.ensureAllowed()
                let page = try CustomerListReader.decode(body, path: "/v1/customers")
                let customers = page.data.map(MirroredCustomer.init(record:))
                let keys = customers.map { MatchKeys(of: $0.snapshot, resolver: store.resolver) }
                guard await buffer.put(ReadPage(customers: customers, keys: keys, lastId: page.data.last?.id)) else { return }
                guard page.hasMore, let last = page.data.last?.id else { break }
                after = last
            }
            await buffer.finish()
        } catch {
            await buffer.fail(error)
        }
    }

    /// Checks each mirrored customer the walk did not see: deleted in Stripe (a stub or a 404) is marked deleted;
    /// one that exists (created during the walk, behind the cursor) is stored like any other.
    private func sweepUnseen(_ context: SyncContext, access: WorkspaceStripeAccess, cursor: String?) async throws {
        let mode = access.mode.rawValue
        let unseen = try store.notSeen(workspaceId: context.workspaceId, mode: mode, run: context.run.runId)
        var start = 0
        while start < unseen.count {
            let chunk = unseen[start..<min(start + 100, unseen.count)]
            start += chunk.count
            var found: [MirroredCustomer] = []
            for id in chunk {
                try await context.ensureAllowed()
                found.append(try await current(id, access: access))
            }
            try apply(found, context: context, mode: mode, cursorName: Self.backfillCursor, cursor: cursor,
                      seenRun: context.run.runId) { _ in }
        }
    }

    // MARK: Events catch-up

    private func catchUp(_ context: SyncContext, access: WorkspaceStripeAccess, from storedCursor: String) async throws {
        var cursor = storedCursor
        if cursor.hasPrefix(Self.eventsFromStart) {
            let since = Int64(cursor.dropFirst(Self.eventsFromStart.count)) ?? 0
            let events = try await access.client.listEvents(
                StripeListFilter(limit: 100, created: StripeTimeRange(greaterThanOrEqual: since), type: "customer.*")).collect()
            guard !events.isEmpty else { return }
            try await applyEvents(events.reversed(), context: context, access: access, newestId: events[0].id)
            cursor = events[0].id
        }
        while true {
            try await context.ensureAllowed()
            // `ending_before` pages towards newer events: each page holds the events right after the cursor.
            var newer = StripeForm()
            newer["ending_before"] = .string(cursor)
            var pages = access.client.pages("/v1/events", filter: StripeListFilter(limit: 100, type: "customer.*", extra: newer),
                                            as: StripeEvent.self).makeAsyncIterator()
            guard let page = try await pages.next(), let newest = page.data.first else { return }
            try await applyEvents(page.data.reversed(), context: context, access: access, newestId: newest.id)
            cursor = newest.id
            if !page.hasMore { return }
        }
    }

    /// Applies events oldest first; each customer they name is fetched once, as it is now.
    private func applyEvents(_ events: some Sequence<StripeEvent>, context: SyncContext, access: WorkspaceStripeAccess,
                             newestId: String) async throws {
        var ids: [String] = []
        var eventIds: [String] = []
        for event in events where event.livemode == (access.mode == .live) {
            eventIds.append(event.id)
            guard Self.isCustomerObjectEvent(event.type), !ids.contains(event.object.id) else { continue }
            ids.append(event.object.id)
        }
        var found: [MirroredCustomer] = []
        for id in ids {
            try await context.ensureAllowed()
            found.append(try await current(id, access: access))
        }
        let workspaceId = context.workspaceId
        try apply(found, context: context, mode: access.mode.rawValue, cursorName: Self.eventsCursor,
                  cursor: newestId, seenRun: nil) { connection in
            for eventId in eventIds {
                _ = try context.ledger.markEventProcessed(connection, workspaceId: workspaceId, eventId: eventId)
            }
        }
    }

    /// `customer.created|updated|deleted`; the customer's sub-resources (`customer.subscription.*`, sources, tax ids,
    /// discounts) belong to billing and are not customer changes.
    static func isCustomerObjectEvent(_ type: String) -> Bool {
        ["customer.created", "customer.updated", "customer.deleted"].contains(type)
    }

    // MARK: Storing

    /// Stripe's current state of one customer; a deleted stub or a 404 is a deleted customer.
    func current(_ id: String, access: WorkspaceStripeAccess) async throws -> MirroredCustomer {
        do {
            switch try await access.client.retrieveCustomer(id) {
            case .live(let customer): return MirroredCustomer(stripe: customer)
            case .deleted: return MirroredCustomer(stripeId: id, deleted: true)
            }
        } catch let error as StripeError where error.kind == .notFound {
            return MirroredCustomer(stripeId: id, deleted: true)
        }
    }

    /// Matches customers (of `pages` Stripe pages; their keys computed here unless given) and stores them with the
    /// cursor in one transaction, counting what changed.
    private func apply(_ customers: [MirroredCustomer], keys: [MatchKeys]? = nil, pages: Int = 1, context: SyncContext,
                       mode: String, cursorName: String, cursor: String?, seenRun: String?,
                       extra: (Connection) throws -> Void) throws {
        let workspaceId = context.workspaceId
        let keys = keys ?? customers.map { MatchKeys(of: $0.snapshot, resolver: store.resolver) }
        try context.commitPage(cursorName: cursorName, cursor: cursor, pages: pages) { connection in
            let counts = try store.matchAndStore(customers, keys: keys, connection: connection, workspaceId: workspaceId,
                                                 mode: mode, seenRun: seenRun)
            try extra(connection)
            return counts
        }
    }
}
