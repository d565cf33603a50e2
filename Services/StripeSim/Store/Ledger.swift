/// Everything one account holds in one mode. Each object type has its own `ResourceTable`; billing's types
/// (subscriptions, invoices, payment intents) become further tables here, using the same events and idempotency.
struct Ledger: Sendable {
    static let eventRetentionSeconds = 30 * 24 * 3600
    static let idempotencyRetentionSeconds = 24 * 3600

    let key: LedgerKey
    var livemode: Bool { key.mode == .live }

    var customers = ResourceTable<Customer>()
    var products = ResourceTable<Product>()
    var prices = ResourceTable<Price>()
    var meters = ResourceTable<Meter>()
    var webhookEndpoints = ResourceTable<WebhookEndpoint>()
    var events = ResourceTable<Event>()
    var idempotency: [String: IdempotentResult] = [:]
    /// Deliveries asked for by the request being handled; the pipeline hands them to the dispatcher.
    var outbox: [PendingDelivery] = []

    init(key: LedgerKey) {
        self.key = key
    }

    mutating func reset() {
        self = Ledger(key: key)
    }

    /// A fresh Stripe-style id: prefix, `_`, then random base62 characters, never used before in this ledger.
    func newID(_ prefix: String, length: Int = 14, isTaken: (String) -> Bool) -> String {
        while true {
            let id = "\(prefix)_\(RandomText.base62(length))"
            if !isTaken(id) { return id }
        }
    }

    /// Records an event for a change, and asks for its delivery to every enabled endpoint that wants its type.
    @discardableResult
    mutating func emit(_ type: String, object: [UInt8], previousAttributes: JSONValue? = nil, call: APICall?) -> Event {
        let id = newID("evt", length: 24) { events.isKnown($0) }
        let endpoints = webhookEndpoints.allOldestFirst.map(\.resource).filter { $0.wants(type) }
        var event = Event(id: id, created: call?.now ?? 0, type: type, object: object, previousAttributes: previousAttributes,
                          requestID: call?.requestID, idempotencyKey: call?.idempotencyKey)
        event.pendingEndpoints = Set(endpoints.map(\.id))
        events.insert(event, livemode: livemode)
        for endpoint in endpoints {
            outbox.append(PendingDelivery(ledger: key, eventID: id, endpointID: endpoint.id))
        }
        return event
    }

    /// Notes that an endpoint acknowledged an event, which lowers its `pending_webhooks`.
    mutating func markDelivered(eventID: String, endpointID: String) {
        guard var event = events.resource(eventID), event.pendingEndpoints.remove(endpointID) != nil else { return }
        events.replace(event, livemode: livemode)
    }

    /// Drops events past Stripe's 30-day retention and idempotency keys past 24 hours.
    mutating func expire(now: Int) {
        let oldestEvent = now - Ledger.eventRetentionSeconds
        while let oldest = events.page(limit: 1, startingAfter: nil, endingBefore: nil,
                                       created: IntRange(lowest: nil, highest: oldestEvent - 1), where: { _ in true }).entries.first {
            events.remove(oldest.resource.id)
        }
        let oldestKey = now - Ledger.idempotencyRetentionSeconds
        idempotency = idempotency.filter { $0.value.storedAt >= oldestKey }
    }
}
