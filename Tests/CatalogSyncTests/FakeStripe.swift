import Synchronization
import SyncEngine
@testable import CatalogSync

/// An in-memory Stripe catalog for job tests: lists in Stripe's order, events, a failure switch and a connection
/// switch, so the sync's resumption, gating and event handling can be checked without processes.
final class FakeStripe: CatalogStripeSource, StripeAccess {
    struct State {
        var products: [StripeProductRecord] = []
        var prices: [StripePriceRecord] = []
        var events: [CatalogEvent] = []
        var connected = true
        var mode = StripeDataMode.test
        var failAfterPages: Int?
        var pagesServed = 0
        var fetches: [String] = []
    }

    let state = Mutex(State())
    let pageSize: Int

    init(pageSize: Int = 3) { self.pageSize = pageSize }

    struct Injected: Error {}

    private func servePage() throws {
        try state.withLock { state in
            if let limit = state.failAfterPages, state.pagesServed >= limit { throw Injected() }
            state.pagesServed += 1
        }
    }

    private func page<T>(_ items: [T], after: String?, id: (T) -> String) -> CatalogPage<T> {
        let start = after.flatMap { cursor in items.firstIndex { id($0) == cursor }.map { $0 + 1 } } ?? 0
        let slice = Array(items.dropFirst(start).prefix(pageSize))
        return CatalogPage(items: slice, hasMore: start + slice.count < items.count)
    }

    func products(startingAfter: String?) async throws -> CatalogPage<StripeProductRecord> {
        try servePage()
        let items = state.withLock { $0.products.filter { !$0.deleted }.sorted { $0.createdS > $1.createdS } }
        return page(items, after: startingAfter) { $0.id }
    }

    func prices(startingAfter: String?) async throws -> CatalogPage<StripePriceRecord> {
        try servePage()
        let items = state.withLock { $0.prices.sorted { $0.createdS > $1.createdS } }
        return page(items, after: startingAfter) { $0.id }
    }

    func product(id: String) async throws -> StripeProductRecord {
        state.withLock { state in
            state.fetches.append(id)
            return state.products.first { $0.id == id } ?? .deletedStub(id: id)
        }
    }

    func price(id: String) async throws -> StripePriceRecord? {
        state.withLock { state in
            state.fetches.append(id)
            return state.prices.first { $0.id == id }
        }
    }

    func events(after eventId: String?) async throws -> CatalogPage<CatalogEvent> {
        let events = state.withLock { $0.events }
        let start = eventId.flatMap { cursor in events.firstIndex { $0.id == cursor }.map { $0 + 1 } } ?? 0
        let slice = Array(events.dropFirst(start).prefix(pageSize))
        return CatalogPage(items: slice, hasMore: start + slice.count < events.count)
    }

    func newestEventId() async throws -> String? { state.withLock { $0.events.last?.id } }

    func session(workspaceId: String) async throws -> StripeSession {
        try await check(workspaceId: workspaceId)
        return StripeSession(mode: state.withLock { $0.mode }, generation: 1, source: self)
    }

    func check(workspaceId: String) async throws {
        if !state.withLock({ $0.connected }) { throw SyncStop.disconnected("disconnected in the test") }
    }

    func event(_ id: String, _ type: String, subject: CatalogEvent.Subject) -> CatalogEvent {
        CatalogEvent(id: id, type: type, livemode: false, created: 0, subject: subject, deletesObject: type.hasSuffix(".deleted"))
    }
}
