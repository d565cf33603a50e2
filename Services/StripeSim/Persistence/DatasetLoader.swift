/// Loads a dataset (or a snapshot) of Stripe-shaped objects into ledgers in bulk: decoded, checked, then inserted
/// with one index sort per table, so 100,000 customers load in about a second.
///
/// Format: `{"ledgers": [{"account": "acct_…", "mode": "test", "customers": […], "products": […], "prices": […],
/// "meters": […], "webhook_endpoints": […], "events": […]}]}`, or one such ledger object at the top level.
/// Each object is shaped as the API returns it; only a product's `name` and a price's `product` and `currency` are
/// required, and missing ids and `created` times are filled in.
enum DatasetLoader {
    /// How many objects of each kind were loaded.
    struct Summary: Sendable {
        var counts: [String: Int] = [:]
        var clockOffsetSeconds: Int?

        var description: String {
            counts.keys.sorted().map { "\($0)=\(counts[$0] ?? 0)" }.joined(separator: " ")
        }
    }

    static func load(_ bytes: [UInt8], into store: SimStore, account defaultAccount: String? = nil,
                     mode defaultMode: Mode = .test) throws(DatasetError) -> Summary {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw DatasetError("dataset: \(error)")
        }
        guard document.objectMembers != nil else { throw DatasetError("dataset: the document must be a JSON object") }
        var summary = Summary()
        summary.clockOffsetSeconds = document["clock_offset_s"]?.intValue
        let ledgers: [JSONValue] = document["ledgers"]?.arrayValue ?? [document]
        for (index, ledgerJSON) in ledgers.enumerated() {
            let path = document["ledgers"] == nil ? "dataset" : "ledgers[\(index)]"
            guard let accountID = ledgerJSON["account"]?.stringValue ?? defaultAccount ?? store.accounts.first?.id else {
                throw DatasetError("\(path): no account configured")
            }
            let modeText = ledgerJSON["mode"]?.stringValue ?? defaultMode.rawValue
            guard let mode = Mode(rawValue: modeText) else { throw DatasetError("\(path).mode: must be test or live") }
            guard let box = store.box(LedgerKey(account: accountID, mode: mode)) else {
                throw DatasetError("\(path).account: \(accountID) is not a configured account")
            }
            let counts = try load(ledgerJSON, at: path, into: box, now: store.clock.now)
            for (kind, count) in counts { summary.counts[kind, default: 0] += count }
        }
        return summary
    }

    private static func load(_ json: JSONValue, at path: String, into box: LedgerBox, now: Int) throws(DatasetError) -> [String: Int] {
        func items(_ name: String) throws(DatasetError) -> [JSONValue] {
            guard let value = json[name], !value.isNull else { return [] }
            guard let array = value.arrayValue else { throw DatasetError("\(path).\(name): must be an array") }
            return array
        }
        var seen = Set<String>()
        seen.reserveCapacity(["customers", "products", "prices", "meters", "webhook_endpoints", "events"]
            .reduce(0) { $0 + (json[$1]?.arrayValue?.count ?? 0) })
        // A generated id is only checked here; `unique` below records it like a given one.
        func fresh(_ prefix: String, _ length: Int) -> String {
            while true {
                let id = "\(prefix)_\(RandomText.base62(length))"
                if !seen.contains(id) { return id }
            }
        }
        func unique(_ id: String, _ where_: String) throws(DatasetError) {
            guard seen.insert(id).inserted else { throw DatasetError("\(where_): duplicate id \(id)") }
        }
        var customers: [Customer] = []
        for (index, item) in try items("customers").enumerated() {
            let customer = try ObjectDecoding.customer(item, at: "\(path).customers[\(index)]", now: now) { fresh("cus", 14) }
            try unique(customer.id, "\(path).customers[\(index)]")
            customers.append(customer)
        }
        var products: [Product] = []
        for (index, item) in try items("products").enumerated() {
            let product = try ObjectDecoding.product(item, at: "\(path).products[\(index)]", now: now) { fresh("prod", 14) }
            try unique(product.id, "\(path).products[\(index)]")
            products.append(product)
        }
        var meters: [Meter] = []
        for (index, item) in try items("meters").enumerated() {
            let meter = try ObjectDecoding.meter(item, at: "\(path).meters[\(index)]", now: now) { fresh("mtr", 24) }
            try unique(meter.id, "\(path).meters[\(index)]")
            meters.append(meter)
        }
        var prices: [Price] = []
        for (index, item) in try items("prices").enumerated() {
            let price = try ObjectDecoding.price(item, at: "\(path).prices[\(index)]", now: now) { fresh("price", 24) }
            try unique(price.id, "\(path).prices[\(index)]")
            prices.append(price)
        }
        var endpoints: [WebhookEndpoint] = []
        for (index, item) in try items("webhook_endpoints").enumerated() {
            let endpoint = try ObjectDecoding.webhookEndpoint(item, at: "\(path).webhook_endpoints[\(index)]", now: now) { fresh("we", 24) }
            try unique(endpoint.id, "\(path).webhook_endpoints[\(index)]")
            endpoints.append(endpoint)
        }
        var events: [Event] = []
        for (index, item) in try items("events").enumerated() {
            let event = try ObjectDecoding.event(item, at: "\(path).events[\(index)]")
            try unique(event.id, "\(path).events[\(index)]")
            events.append(event)
        }
        try box.state.withLock { (ledger) throws(DatasetError) -> Void in
            let productIDs = Set(products.map(\.id))
            let meterIDs = Set(meters.map(\.id))
            for (index, price) in prices.enumerated() {
                guard productIDs.contains(price.product) || ledger.products.contains(price.product) else {
                    throw DatasetError("\(path).prices[\(index)]: product \(price.product) is neither in the dataset nor loaded")
                }
                if let meter = price.recurring?.meter, !meterIDs.contains(meter), !ledger.meters.contains(meter) {
                    throw DatasetError("\(path).prices[\(index)]: meter \(meter) is neither in the dataset nor loaded")
                }
            }
            let clash = ledger.customers.firstKnown(customers.lazy.map(\.id)) ?? ledger.products.firstKnown(products.lazy.map(\.id))
                ?? ledger.prices.firstKnown(prices.lazy.map(\.id)) ?? ledger.meters.firstKnown(meters.lazy.map(\.id))
                ?? ledger.webhookEndpoints.firstKnown(endpoints.lazy.map(\.id)) ?? ledger.events.firstKnown(events.lazy.map(\.id))
            if let clash { throw DatasetError("\(path): id \(clash) is already loaded") }
            let livemode = ledger.livemode
            ledger.customers.insertBulk(customers, livemode: livemode)
            ledger.products.insertBulk(products, livemode: livemode)
            ledger.meters.insertBulk(meters, livemode: livemode)
            ledger.prices.insertBulk(prices, livemode: livemode)
            ledger.webhookEndpoints.insertBulk(endpoints, livemode: livemode)
            ledger.events.insertBulk(events, livemode: livemode)
        }
        return ["customers": customers.count, "products": products.count, "prices": prices.count, "meters": meters.count,
                "webhook_endpoints": endpoints.count, "events": events.count]
    }
}
