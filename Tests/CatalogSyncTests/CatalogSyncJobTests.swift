import Synchronization
import Store
import Support
import SyncEngine
import Testing
@testable import CatalogSync

/// Collects finished runs.
private final class Reporter: SyncReporter {
    let runs = Mutex<[SyncRun]>([])
    func runFinished(_ run: SyncRun) async { runs.withLock { $0.append(run) } }
}

@Suite struct CatalogSyncJobTests {
    let harness: StoreHarness
    let stripe = FakeStripe()
    let coordinator: SyncCoordinator

    init() throws {
        harness = try StoreHarness()
        let ledger = SyncLedger(database: harness.store.database, kind: CatalogSyncJob.kindName, owner: "test")
        let job = CatalogSyncJob(store: harness.store, access: stripe, applier: CatalogEventApplier(store: harness.store))
        coordinator = SyncCoordinator(job: job, ledger: ledger, gate: stripe, reporter: Reporter(),
                                      logger: Logger(process: "test", level: .error))
    }

    private func run(_ pass: SyncRun.Pass = .full) async throws -> SyncRun {
        let (run, _) = try await coordinator.request(workspaceId: harness.workspace, pass: pass, trigger: .manual)
        return try #require(try await coordinator.wait(runId: run.runId, timeout: .seconds(10)))
    }

    private func seed(products: Int, pricesEach: Int) {
        stripe.state.withLock { state in
            for index in 0..<products {
                state.products.append(Fixtures.product("prod_\(index)", name: "Product \(index)", created: Int64(index)))
                for p in 0..<pricesEach {
                    state.prices.append(Fixtures.price("price_\(index)_\(p)", product: "prod_\(index)", unitAmount: Int64(100 * (p + 1)),
                                                       created: Int64(index * 10 + p)))
                }
            }
        }
    }

    private func count(_ table: String) throws -> Int {
        try harness.store.database.queryOne("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? -1
    }

    @Test func fullPassStoresEveryProductAndPrice() async throws {
        seed(products: 10, pricesEach: 2)
        let run = try await run()
        #expect(run.status == .succeeded)
        #expect(run.counts.created == 30)
        #expect(try count("stripe_products") == 10 && count("stripe_prices") == 20)
        #expect(try harness.store.mode(workspaceId: harness.workspace) == .test)
    }

    @Test func crashedPassResumesWhereItStoppedWithoutDuplicates() async throws {
        seed(products: 10, pricesEach: 1)
        stripe.state.withLock { $0.failAfterPages = 2 }
        let failed = try await run()
        #expect(failed.status == .failed)
        #expect(try count("stripe_products") == 6)
        stripe.state.withLock { $0.failAfterPages = nil; $0.pagesServed = 0 }
        let resumed = try await run()
        #expect(resumed.status == .succeeded)
        // The second run starts after the stored page: 4 products left (2 pages), 10 prices (4 pages), no repeats.
        #expect(stripe.state.withLock { $0.pagesServed } == 6)
        #expect(resumed.counts.created == 14)
        #expect(try count("stripe_products") == 10 && count("stripe_prices") == 10)
        // Nothing seen by the first, failed run is swept as deleted by the resumed one.
        #expect(try harness.store.database.queryOne("SELECT COUNT(*) AS n FROM stripe_products WHERE deleted = 1")?.int("n") == 0)
    }

    @Test func productsOnlyPassNeverListsPricesAndLeavesStoredPricesAlone() async throws {
        seed(products: 4, pricesEach: 2)
        _ = try await run()
        let ledger = SyncLedger(database: harness.store.database, kind: CatalogSyncJob.kindName, owner: "products-only")
        let job = CatalogSyncJob(store: harness.store, access: stripe, applier: CatalogEventApplier(store: harness.store),
                                 productsOnly: true)
        let productsOnly = SyncCoordinator(job: job, ledger: ledger, gate: stripe, reporter: Reporter(),
                                           logger: Logger(process: "test", level: .error))
        stripe.state.withLock { state in
            state.pagesServed = 0
            state.products.append(Fixtures.product("prod_new", name: "New", created: 99))
        }
        let (started, _) = try await productsOnly.request(workspaceId: harness.workspace, pass: .full, trigger: .manual)
        let done = try #require(try await productsOnly.wait(runId: started.runId, timeout: .seconds(10)))
        #expect(done.status == .succeeded && done.counts.created == 1)
        // Five products at three a page: two pages, and not one prices page.
        #expect(stripe.state.withLock { $0.pagesServed } == 2)
        #expect(try harness.store.database.queryOne("SELECT COUNT(*) AS n FROM stripe_prices WHERE deleted = 0")?.int("n") == 8)
    }

    @Test func productsGoneFromStripeAreMarkedDeletedByTheNextFullPass() async throws {
        seed(products: 4, pricesEach: 1)
        _ = try await run()
        stripe.state.withLock { state in state.products.removeAll { $0.id == "prod_2" } }
        let second = try await run()
        #expect(second.counts.deleted == 1)
        #expect(try harness.store.stripeProduct(workspaceId: harness.workspace, mode: .test, id: "prod_2")?.product.deleted == true)
    }

    @Test func disconnectStopsTheRun() async throws {
        seed(products: 10, pricesEach: 0)
        stripe.state.withLock { $0.connected = false }
        let run = try await run()
        #expect(run.status == .stopped)
        #expect(try count("stripe_products") == 0)
    }

    @Test func eventsAreCaughtUpOnceAndTieredPricesAreRefetchedWithTiers() async throws {
        seed(products: 1, pricesEach: 0)
        _ = try await run()
        let tiered = Fixtures.price("price_t", product: "prod_0", scheme: "tiered", tiersMode: "volume",
                                    tiers: [Fixtures.tier(10, unit: 500), Fixtures.tier(nil, unit: 400)])
        stripe.state.withLock { state in
            state.prices.append(tiered)
            state.products[0].name = "Renamed"
            state.events += [stripe.event("evt_1", "price.created", subject: .price(id: "price_t")),
                             stripe.event("evt_2", "product.updated", subject: .product(id: "prod_0")),
                             stripe.event("evt_3", "product.updated", subject: .product(id: "prod_0"))]
        }
        let incremental = try await run(.incremental)
        #expect(incremental.status == .succeeded)
        let stored = try #require(try harness.store.price(workspaceId: harness.workspace, mode: .test, id: "price_t"))
        #expect(stored.tiers?.count == 2)
        #expect(try harness.store.stripeProduct(workspaceId: harness.workspace, mode: .test, id: "prod_0")?.product.name == "Renamed")
        // A second catch-up finds nothing new and fetches nothing.
        let fetchesBefore = stripe.state.withLock { $0.fetches.count }
        _ = try await run(.incremental)
        #expect(stripe.state.withLock { $0.fetches.count } == fetchesBefore)
    }

    @Test func priceEventForAnUnknownProductStoresBoth() async throws {
        _ = try await run()
        stripe.state.withLock { state in
            state.products.append(Fixtures.product("prod_new", name: "New"))
            state.prices.append(Fixtures.price("price_new", product: "prod_new", unitAmount: 5))
            state.events.append(stripe.event("evt_p", "price.created", subject: .price(id: "price_new")))
        }
        _ = try await run(.incremental)
        #expect(try harness.store.stripeProduct(workspaceId: harness.workspace, mode: .test, id: "prod_new")?.state.status == .notMatched)
    }
}
