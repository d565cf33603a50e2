import Foundation
import HTTPServer
@testable import StripeSim
import Testing

/// The emulator's pure parts: parameter trees, the list index, decimals, change diffs, JSON and datasets.
@Suite("stripe-sim internals")
struct SimUnitTests {
    private func tree(_ query: String) throws -> FormValue {
        try FormValue.tree(from: #require(URLEncodedForm.parse(query)))
    }

    @Test func bracketSyntaxBuildsNestedParameters() throws {
        let value = try tree("metadata[plan]=pro&tiers[0][up_to]=10&tiers[1][up_to]=inf&expand[]=a&expand[]=b&name=x")
        let reader = ParamReader(value)
        var metadata: [String: String] = [:]
        try reader.applyMetadata(to: &metadata)
        #expect(metadata == ["plan": "pro"])
        let tiers = try #require(try reader.hashList("tiers"))
        #expect(try tiers.map { try $0.string("up_to") } == ["10", "inf"])
        #expect(try reader.stringList("expand") == ["a", "b"])
        #expect(try reader.string("name") == "x")
        try reader.finish()
    }

    @Test func unknownParametersAreNamedWithTheirFullPath() throws {
        let reader = ParamReader(try tree("address[city]=Oslo&address[planet]=Mars"))
        let address = try #require(try reader.hash("address"))
        _ = try address.string("city")
        #expect(throws: StripeError.self) { try reader.finish() }
        do {
            try reader.finish()
        } catch {
            #expect(error.code == "parameter_unknown")
            #expect(error.param == "address[planet]")
        }
    }

    @Test func malformedParametersAreRefused() {
        #expect(throws: StripeError.self) { _ = try tree("a=1&a[b]=2") }
        #expect(throws: StripeError.self) { _ = try tree("a[b=1") }
        #expect(throws: StripeError.self) { _ = try ParamReader(tree("limit=ten")).int("limit") }
        #expect(throws: StripeError.self) { _ = try ParamReader(tree("active=yes")).bool("active") }
    }

    @Test func sameParametersInAnotherOrderHaveTheSameCanonicalForm() throws {
        #expect(try tree("a=1&b[x]=2&b[y]=3").canonical == tree("b[y]=3&a=1&b[x]=2").canonical)
        #expect(try tree("a=1").canonical != tree("a=2").canonical)
    }

    private struct Item: StoredResource {
        let id: String
        let created: Int
        func render(into writer: inout JSONWriter, livemode: Bool) {
            writer.beginObject(); writer.key("id"); writer.string(id); writer.endObject()
        }
    }

    @Test func tablePagesNewestFirstWithCursorsBothWaysAndTies() {
        var table = ResourceTable<Item>()
        // Created out of order, with ties: insertion order breaks ties.
        for (index, created) in [5, 1, 5, 3, 9, 5].enumerated() {
            table.insert(Item(id: "i\(index)", created: created), livemode: false)
        }
        let all = table.page(limit: 10, startingAfter: nil, endingBefore: nil, created: nil) { _ in true }
        #expect(all.entries.map(\.resource.id) == ["i4", "i5", "i2", "i0", "i3", "i1"])
        #expect(all.hasMore == false)
        let second = table.page(limit: 2, startingAfter: table.cursorKey("i5"), endingBefore: nil, created: nil) { _ in true }
        #expect(second.entries.map(\.resource.id) == ["i2", "i0"])
        #expect(second.hasMore)
        let before = table.page(limit: 2, startingAfter: nil, endingBefore: table.cursorKey("i3"), created: nil) { _ in true }
        #expect(before.entries.map(\.resource.id) == ["i2", "i0"])
        #expect(before.hasMore)
        let ranged = table.page(limit: 10, startingAfter: nil, endingBefore: nil, created: IntRange(lowest: 3, highest: 5)) { _ in true }
        #expect(ranged.entries.map(\.resource.id) == ["i5", "i2", "i0", "i3"])
        table.remove("i2")
        let afterRemoved = table.page(limit: 10, startingAfter: table.cursorKey("i2"), endingBefore: nil, created: nil) { _ in true }
        #expect(afterRemoved.entries.map(\.resource.id) == ["i0", "i3", "i1"])
        #expect(table.isKnown("i2") && !table.contains("i2"))
    }

    @Test func decimalsNormalizeAndWholeOnesGiveAnInteger() {
        #expect(DecimalAmount.normalize("1250.500") == "1250.5")
        #expect(DecimalAmount.normalize("007") == "7")
        #expect(DecimalAmount.normalize("0.000000000001") == "0.000000000001")
        #expect(DecimalAmount.normalize("1.0000000000001") == nil)
        #expect(DecimalAmount.normalize("1e3") == nil)
        #expect(DecimalAmount.normalize(".5") == nil)
        #expect(DecimalAmount.wholeValue("1250") == 1250)
        #expect(DecimalAmount.wholeValue("12.5") == nil)
    }

    @Test func previousAttributesListOldValuesAndAddedKeysAsNull() {
        let old = Array(#"{"id":"cus_1","name":"A","metadata":{"a":"1"},"email":null}"#.utf8)
        let new = Array(#"{"id":"cus_1","name":"B","metadata":{"a":"1","b":"2"},"email":null}"#.utf8)
        let diff = Event.previousAttributes(old: old, new: new)
        #expect(diff == .object([("name", .string("A")), ("metadata", .object([("b", .null)]))]))
        #expect(Event.previousAttributes(old: old, new: old) == nil)
    }

    @Test func eventTypePatternsMatchWildcards() {
        #expect(Event.type("invoice.paid", matches: "invoice.*"))
        #expect(Event.type("invoice.paid", matches: "*"))
        #expect(!Event.type("invoiceitem.created", matches: "invoice.*"))
        #expect(!Event.type("customer.created", matches: "customer.updated"))
    }

    @Test func jsonRoundTripsAndRejectsMalformedInput() throws {
        let text = #"{"a":[1,-2.5,true,null,"\u00e9\n\"x\""],"b":{"c":"😀"}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(try JSONParser.parse(value.encoded) == value)
        #expect(value["b"]?["c"]?.stringValue == "😀")
        for bad in ["{", "[1,]", "{\"a\" 1}", "\"\\x\"", "01x", "[" + String(repeating: "[", count: 300)] {
            #expect(throws: JSONParser.Failure.self) { _ = try JSONParser.parse(Array(bad.utf8)) }
        }
    }

    @Test func webhookSignatureIsHMACOfTimestampDotPayload() {
        // Reference value computed with Python's hmac module for this secret, time and body.
        let header = WebhookSignature.header(payload: Array(#"{"id":"evt_1"}"#.utf8), secret: "whsec_test", timestamp: 1_700_000_000)
        #expect(header == "t=1700000000,v1=" + referenceSignature)
    }

    private let referenceSignature = "c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925"

    @Test func datasetLoadChecksReferencesAndDuplicates() throws {
        let store = SimStore(accounts: [testAccount], clock: SimClock())
        let good = #"{"customers":[{"id":"cus_a","name":"A","created":10},{"id":"cus_b","deleted":true,"created":11}],"#
            + #""products":[{"id":"prod_a","name":"P"}],"prices":[{"id":"price_a","product":"prod_a","currency":"usd","#
            + #""billing_scheme":"tiered","tiers_mode":"volume","tiers":[{"up_to":5,"unit_amount":100},{"up_to":null,"flat_amount":7}]}]}"#
        let summary = try DatasetLoader.load(Array(good.utf8), into: store)
        #expect(summary.counts["customers"] == 2 && summary.counts["prices"] == 1)
        let box = try #require(store.box(LedgerKey(account: testAccount.id, mode: .test)))
        let (deleted, tiers) = box.state.withLock { ($0.customers.resource("cus_b")?.deleted, $0.prices.resource("price_a")?.tiers) }
        #expect(deleted == true)
        #expect(tiers?.count == 2 && tiers?.last?.upTo == nil && tiers?.last?.flatAmountDecimal == "7")
        #expect(throws: DatasetError.self) {
            _ = try DatasetLoader.load(Array(#"{"customers":[{"id":"cus_a"}]}"#.utf8), into: store)
        }
        #expect(throws: DatasetError.self) {
            _ = try DatasetLoader.load(Array(#"{"prices":[{"product":"prod_missing","currency":"usd","unit_amount":1}]}"#.utf8), into: store)
        }
        #expect(throws: DatasetError.self) {
            _ = try DatasetLoader.load(Array(#"{"products":[{"id":"prod_x"}]}"#.utf8), into: store)
        }
    }

    @Test func datasetObjectsWithoutIdsGetFreshOnes() throws {
        let store = SimStore(accounts: [testAccount], clock: SimClock())
        let dataset = #"{"customers":[{"name":"No Id"},{"name":"Also None","email":"b@example.com"}],"products":[{"name":"P"}],"#
            + #""meters":[{"display_name":"M","event_name":"m"}]}"#
        let summary = try DatasetLoader.load(Array(dataset.utf8), into: store)
        #expect(summary.counts["customers"] == 2 && summary.counts["products"] == 1 && summary.counts["meters"] == 1)
        let box = try #require(store.box(LedgerKey(account: testAccount.id, mode: .test)))
        let ids = box.state.withLock { ledger in ledger.customers.allOldestFirst.map(\.resource.id) }
        #expect(ids.count == 2 && Set(ids).count == 2 && ids.allSatisfy { $0.hasPrefix("cus_") })
    }

    @Test func snapshotRestoresObjectsSecretsAndTheClock() throws {
        let store = SimStore(accounts: [testAccount], clock: SimClock())
        let key = LedgerKey(account: testAccount.id, mode: .live)
        store.clock.advance(by: 3600)
        try #require(store.box(key)).state.withLock { ledger in
            var customer = Customer(id: "cus_gone", created: 5, invoicePrefix: "ABC123")
            customer.name = "Gone"
            customer.deleted = true
            ledger.customers.insert(customer, livemode: true)
            var price = Price(id: "price_t", created: 6, currency: "eur", product: "prod_t")
            price.billingScheme = "tiered"
            price.tiersMode = "graduated"
            price.tiers = [Price.Tier(flatAmountDecimal: nil, unitAmountDecimal: "1.5", upTo: nil)]
            ledger.products.insert(Product(id: "prod_t", created: 6, name: "T"), livemode: true)
            ledger.prices.insert(price, livemode: true)
            ledger.webhookEndpoints.insert(WebhookEndpoint(id: "we_1", created: 7, url: "http://127.0.0.1:1/x", enabledEvents: ["*"],
                                                           secret: "whsec_keep"), livemode: true)
            ledger.emit("customer.deleted", object: Array(#"{"id":"cus_gone"}"#.utf8), call: nil)
        }
        let bytes = Snapshot.encode(store)
        let restored = SimStore(accounts: [testAccount], clock: SimClock())
        let summary = try DatasetLoader.load(bytes, into: restored)
        #expect(summary.clockOffsetSeconds == 3600)
        try #require(restored.box(key)).state.withLock { ledger in
            #expect(ledger.customers.resource("cus_gone")?.name == "Gone")
            #expect(ledger.customers.resource("cus_gone")?.deleted == true)
            #expect(ledger.prices.resource("price_t")?.tiers?.first?.unitAmountDecimal == "1.5")
            #expect(ledger.webhookEndpoints.resource("we_1")?.secret == "whsec_keep")
            #expect(ledger.events.count == 1)
        }
    }

    private var testAccount: AccountConfig {
        AccountConfig(id: "acct_test", name: "Test", email: nil, country: "US", defaultCurrency: "usd", created: 0,
                      keys: [APIKey(key: "sk_test_x", account: "acct_test")!])
    }
}
