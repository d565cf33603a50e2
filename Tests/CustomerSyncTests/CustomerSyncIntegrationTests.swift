import Bus
import Foundation
import Testing
import TestSupport
import VelesAPI

/// customer-sync as real processes against stripe-sim, the broker and the connection service.
@Suite(.serialized) struct CustomerSyncIntegrationTests {
    @Test func fullSyncMirrorsEveryCustomerAndMatchesThem() async throws {
        let fixture = try await CustomerSyncFixture.start()
        try await fixture.loadStripeCustomers(CustomerSyncFixture.customerObjects(250, prefix: "full"))
        try await fixture.upsertVeles([("v1", "Full Customer 3 Ltd", [], []), ("v2", "Other Co", ["full7@example.org"], [])])
        try await fixture.connect()
        let run = try await fixture.syncNow()
        #expect(run.status == .succeeded, "\(run.error)\n\(fixture.stack.logs)")
        let rows = try await fixture.allCustomers()
        #expect(rows.count == 250)
        #expect(Set(rows.map(\.stripeId)).count == 250)
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.stripeId, $0) })
        #expect(byId["cus_full00003"]?.velesCustomerId == "v1")
        #expect(byId["cus_full00003"]?.matchMethod == .name)
        #expect(byId["cus_full00007"]?.velesCustomerId == "v2")
        #expect(byId["cus_full00007"]?.matchMethod == .email)
        let summary = try await fixture.customers.summary(.init(), options: fixture.options)
        #expect(summary.matched == 2 && summary.notMatched == 248 && summary.deleted == 0)
        #expect(summary.lastSyncedAtMs > 0)
    }

    @Test func syncKilledAfterItsFirstPageResumesWithoutDuplicates() async throws {
        let fixture = try await CustomerSyncFixture.start(workers: 0)
        try await fixture.loadStripeCustomers(CustomerSyncFixture.customerObjects(250, prefix: "resume"))
        try await fixture.simFaults(["latency_ms": 400, "path_prefix": "/v1/customers"])
        let first = try await fixture.startWorker()
        try await fixture.waitForWorkers(service: Veles_Customers_V1_CustomerSync.descriptor.fullName, count: 1)
        try await fixture.connect()
        let started = try await fixture.syncNow(wait: false)
        var pages = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while pages < 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            pages = Int(try await fixture.latestRun(id: started.runId)?.pages ?? 0)
        }
        first.kill9()
        #expect(pages >= 1 && pages < 3, "killed after \(pages) pages")
        try await fixture.simFaults([:])
        _ = try await fixture.startWorker()
        // The new worker's scheduler finds the abandoned lease once it expires and resumes the same run.
        var run = started
        let resumeDeadline = ContinuousClock.now + .seconds(40)
        while run.status == .running, ContinuousClock.now < resumeDeadline {
            try await Task.sleep(for: .milliseconds(200))
            run = try await fixture.latestRun(id: started.runId) ?? run
        }
        #expect(run.status == .succeeded, "\(run.error)\n\(fixture.stack.logs)")
        #expect(run.created == 250, "every customer counted once across the crash")
        let rows = try await fixture.allCustomers()
        #expect(rows.count == 250 && Set(rows.map(\.stripeId)).count == 250)
    }

    @Test func customersCreatedInTheSameSecondAreAllSynced() async throws {
        let fixture = try await CustomerSyncFixture.start()
        try await fixture.loadStripeCustomers(CustomerSyncFixture.customerObjects(150, prefix: "same", sameSecond: true))
        try await fixture.connect()
        let run = try await fixture.syncNow()
        #expect(run.status == .succeeded, "\(run.error)")
        #expect(try await fixture.allCustomers().count == 150)
    }

    @Test func eventsAreAppliedFromStripesCurrentStateWhateverTheirOrder() async throws {
        let fixture = try await CustomerSyncFixture.start()
        try await fixture.connect()
        #expect(try await fixture.syncNow().status == .succeeded)
        // A customer the sync has never seen arrives through an event.
        let created = try await fixture.createStripeCustomer([("name", "Late Arrival"), ("email", "late@example.org")])
        let id = try #require(created["id"] as? String)
        let creation = try #require(try await fixture.eventsJSON(objectId: id).first)
        #expect(try await fixture.handleEvent(creation).duplicate == false)
        #expect(try await fixture.allCustomers().first { $0.stripeId == id }?.name == "Late Arrival")

        try await fixture.updateStripeCustomer(id, [("name", "Second Name")])
        try await fixture.updateStripeCustomer(id, [("name", "Final Name")])
        let events = try await fixture.eventsJSON(objectId: id)
        #expect(events.count == 3)
        // Newest first, then the older update, then the newest again: the mirror must end as Stripe is now.
        _ = try await fixture.handleEvent(events[2])
        _ = try await fixture.handleEvent(events[1])
        let repeated = try await fixture.handleEvent(events[2])
        #expect(repeated.duplicate)
        #expect(try await fixture.allCustomers().first { $0.stripeId == id }?.name == "Final Name")
    }

    @Test func deletedCustomersAreFlaggedWhetherSeenByEventOrBySweep() async throws {
        let fixture = try await CustomerSyncFixture.start()
        try await fixture.upsertVeles([("v-del", "Doomed Inc", ["doomed@example.org"], [])])
        let doomed = try await fixture.createStripeCustomer([("name", "Doomed"), ("email", "doomed@example.org")])
        let swept = try await fixture.createStripeCustomer([("name", "Swept Away")])
        let doomedId = try #require(doomed["id"] as? String)
        let sweptId = try #require(swept["id"] as? String)
        try await fixture.connect()
        #expect(try await fixture.syncNow().status == .succeeded)
        #expect(try await fixture.allCustomers().first { $0.stripeId == doomedId }?.matchStatus == .matched)

        try await fixture.deleteStripeCustomer(doomedId)
        let deletion = try #require(try await fixture.eventsJSON(objectId: doomedId).last)
        _ = try await fixture.handleEvent(deletion)
        let flagged = try #require(try await fixture.allCustomers().first { $0.stripeId == doomedId })
        #expect(flagged.matchStatus == .deleted)
        #expect(flagged.velesCustomerId == "v-del", "the link is kept")
        #expect(flagged.linkFlag == "deleted_in_stripe")

        // No event for this one: the full pass's sweep retrieves it and gets Stripe's deleted stub.
        try await fixture.deleteStripeCustomer(sweptId)
        let run = try await fixture.syncNow()
        #expect(run.status == .succeeded && run.deleted == 1, "\(run)")
        #expect(try await fixture.allCustomers(status: .deleted).map(\.stripeId).sorted() == [doomedId, sweptId].sorted())
    }

    @Test func rateLimitedAnswersMidSyncAreWaitedOut() async throws {
        let fixture = try await CustomerSyncFixture.start()
        try await fixture.loadStripeCustomers(CustomerSyncFixture.customerObjects(300, prefix: "burst"))
        try await fixture.connect()
        try await fixture.simFaults(["rate_limit_next": 4, "retry_after_s": 1, "path_prefix": "/v1/customers"])
        let run = try await fixture.syncNow()
        #expect(run.status == .succeeded, "\(run.error)")
        #expect(try await fixture.allCustomers().count == 300)
    }

    @Test func disconnectStopsARunningSyncWithinOnePage() async throws {
        let fixture = try await CustomerSyncFixture.start()
        try await fixture.loadStripeCustomers(CustomerSyncFixture.customerObjects(1000, prefix: "stop"))
        try await fixture.simFaults(["latency_ms": 300, "path_prefix": "/v1/customers"])
        try await fixture.connect()
        let started = try await fixture.syncNow(wait: false)
        var pages = 0
        while pages < 2 {
            try await Task.sleep(for: .milliseconds(20))
            pages = Int(try await fixture.latestRun(id: started.runId)?.pages ?? 0)
        }
        try await fixture.disconnect()
        let atDisconnect = Int(try await fixture.latestRun(id: started.runId)?.pages ?? 0)
        var run = started
        let deadline = ContinuousClock.now + .seconds(20)
        while run.status == .running, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            run = try await fixture.latestRun(id: started.runId) ?? run
        }
        #expect(run.status == .stopped, "\(run)")
        #expect(Int(run.pages) <= atDisconnect + 1)
        #expect(run.error.contains("not active"))
        // Everything synced so far stays.
        #expect(try await fixture.allCustomers().count >= 200)
    }

    @Test func twoWorkersAndTwoSyncRequestsMakeOneRun() async throws {
        let fixture = try await CustomerSyncFixture.start(workers: 2)
        try await fixture.loadStripeCustomers(CustomerSyncFixture.customerObjects(300, prefix: "pair"))
        try await fixture.simFaults(["latency_ms": 100, "path_prefix": "/v1/customers"])
        try await fixture.connect()
        async let first = fixture.syncNow(wait: false)
        async let second = fixture.syncNow(wait: false)
        let (a, b) = try await (first, second)
        #expect(a.runId == b.runId)
        var run = a
        let deadline = ContinuousClock.now + .seconds(40)
        while run.status == .running, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            run = try await fixture.latestRun(id: a.runId) ?? run
        }
        #expect(run.status == .succeeded)
        let runs = try await fixture.runs()
        #expect(runs.filter { $0.pass == "full" }.count == 1, "\(runs.map(\.runId))")
        #expect(try await fixture.allCustomers().count == 300)
    }
}
