import Foundation
import Store
import Support
import SyncEngine

/// The products kind of sync: a full pass walks every product and price (backfill and reconcile), an incremental
/// pass applies the catalog events since the last one seen. Every page is stored with its cursor in one
/// transaction, so a crash or a handed-over lease resumes where it stopped.
struct CatalogSyncJob: SyncJob {
    let kind = CatalogSyncJob.kindName
    static let kindName = "products"

    let store: CatalogStore
    let access: any StripeAccess
    let applier: CatalogEventApplier
    /// Products without their prices (`--products-only`, for an emulator without the Prices API): a full pass skips
    /// the prices walk and leaves stored prices as they are.
    var productsOnly = false

    func run(_ context: SyncContext) async throws {
        try await context.ensureAllowed()
        let session = try await access.session(workspaceId: context.workspaceId)
        try store.noteAccount(workspaceId: context.workspaceId, accountId: session.accountId, ledger: context.ledger)
        switch context.run.pass {
        case .full: try await fullPass(context, mode: session.mode)
        case .incremental:
            // Without a finished backfill there is no event position to catch up from: do the full pass instead.
            if try context.cursor(Self.eventsCursor(session.mode)) == nil {
                try await fullPass(context, mode: session.mode)
            } else {
                try await incrementalPass(context, mode: session.mode)
            }
        }
    }

    // MARK: Full pass

    /// Where a full pass stands; stored as the pass's cursor after every page.
    struct FullPassCursor: Codable, Sendable, Equatable {
        /// Which list is being walked.
        enum Phase: String, Codable, Sendable { case products, prices, sweep }

        /// Marks every object the pass saw; whatever is unmarked at the end is gone from Stripe.
        var passId: String
        var phase: Phase
        var after: String?
    }

    static func fullCursor(_ mode: StripeDataMode) -> String { "\(mode.rawValue).full" }
    static func eventsCursor(_ mode: StripeDataMode) -> String { "\(mode.rawValue).events" }
    /// The events cursor's value when no catalog event existed as the backfill began.
    static let noEventsYet = ""

    /// One fetched page of a full pass, and where the pass stands after it.
    private enum FetchedPage: Sendable {
        case products(CatalogPage<StripeProductRecord>)
        case prices(CatalogPage<StripePriceRecord>)
        case sweep

        func next(after position: FullPassCursor, productsOnly: Bool) -> FullPassCursor {
            var next = position
            switch self {
            case .products(let page):
                next.after = page.items.last?.id
                if !page.hasMore || page.items.isEmpty { next.phase = productsOnly ? .sweep : .prices; next.after = nil }
            case .prices(let page):
                next.after = page.items.last?.id
                if !page.hasMore || page.items.isEmpty { next.phase = .sweep; next.after = nil }
            case .sweep:
                break
            }
            return next
        }
    }

    private static func fetch(_ position: FullPassCursor, from source: any CatalogStripeSource) async throws -> FetchedPage {
        switch position.phase {
        case .products: .products(try await source.products(startingAfter: position.after))
        case .prices: .prices(try await source.prices(startingAfter: position.after))
        case .sweep: .sweep
        }
    }

    /// Walks products, then prices, then sweeps what was not seen. The next page is fetched while the current one is
    /// stored, so Stripe's latency and the store's writes overlap; the gate is still asked before each page is used,
    /// so a disconnect stops the run within one page.
    private func fullPass(_ context: SyncContext, mode: StripeDataMode) async throws {
        let cursorName = Self.fullCursor(mode)
        let workspaceId = context.workspaceId
        var position = try context.cursor(cursorName).flatMap { try? JSONDecoder().decode(FullPassCursor.self, from: Data($0.utf8)) }
            ?? FullPassCursor(passId: UUID().uuidString.lowercased(), phase: .products, after: nil)
        // Events after this point are caught up by the next incremental pass; those before are covered by the walk.
        var eventsStart: String??
        if try context.cursor(Self.eventsCursor(mode)) == nil {
            let session = try await access.session(workspaceId: workspaceId)
            eventsStart = .some(try await session.source.newestEventId())
        }
        var prefetched: Task<FetchedPage, any Error>?
        defer { prefetched?.cancel() }
        while true {
            try await context.ensureAllowed()
            let session = try await requireSession(context, mode: mode)
            let page = try await (prefetched ?? Task { [position] in try await Self.fetch(position, from: session.source) }).value
            let next = page.next(after: position, productsOnly: productsOnly)
            let finished = position.phase == .sweep
            prefetched = finished ? nil : Task { [next] in try await Self.fetch(next, from: session.source) }
            let encoded = finished ? nil : String(decoding: try JSONEncoder().encode(next), as: UTF8.self)
            let start = eventsStart
            let pass = position.passId
            try context.commitPage(cursorName: cursorName, cursor: encoded) { connection in
                try store.setMode(connection, workspaceId: workspaceId, mode: mode)
                if let start {
                    try context.ledger.setCursor(connection, workspaceId: workspaceId, name: Self.eventsCursor(mode),
                                                 value: start ?? Self.noEventsYet)
                }
                switch page {
                case .products(let page):
                    return try store.storeProducts(connection, workspaceId: workspaceId, mode: mode, page.items, pass: pass)
                case .prices(let page):
                    return try store.storePrices(connection, workspaceId: workspaceId, mode: mode, page.items, pass: pass)
                case .sweep:
                    return SyncCounts(deleted: try store.sweepUnseen(connection, workspaceId: workspaceId, mode: mode, pass: pass,
                                                                     includingPrices: !productsOnly))
                }
            }
            eventsStart = nil
            if finished { return }
            position = next
        }
    }

    /// The session for the next page; a run whose connection switched mode stops rather than mixing data.
    private func requireSession(_ context: SyncContext, mode: StripeDataMode) async throws -> StripeSession {
        let session = try await access.session(workspaceId: context.workspaceId)
        guard session.mode == mode else {
            throw SyncStop.disconnected("the connection switched from \(mode.rawValue) to \(session.mode.rawValue) mode; the next run syncs the new mode")
        }
        return session
    }

    // MARK: Incremental pass

    private func incrementalPass(_ context: SyncContext, mode: StripeDataMode) async throws {
        let cursorName = Self.eventsCursor(mode)
        let workspaceId = context.workspaceId
        while true {
            try await context.ensureAllowed()
            let session = try await requireSession(context, mode: mode)
            let stored = try context.cursor(cursorName)
            let page = try await session.source.events(after: stored == Self.noEventsYet ? nil : stored)
            var changes: [CatalogEventApplier.Change] = []
            for event in page.items {
                changes.append(try await applier.fetch(event, session: session, workspaceId: workspaceId))
            }
            let newest = page.items.last?.id ?? stored
            try context.commitPage(cursorName: cursorName, cursor: newest) { connection in
                var counts = SyncCounts()
                for change in changes {
                    counts += try applier.apply(change, connection: connection, workspaceId: workspaceId, ledger: context.ledger) ?? SyncCounts()
                }
                return counts
            }
            if !page.hasMore || page.items.isEmpty { return }
        }
    }
}
