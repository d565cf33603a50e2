/// `/v1/webhook_endpoints`: create (the response alone carries the `whsec_` secret), retrieve, update, delete, list.
/// Unlike Stripe, loopback URLs are accepted, since tests receive webhooks on this machine.
enum WebhookEndpointAPI {
    static let noun = "webhook endpoint"

    static func create(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let params = call.params
        let url = try validatedURL(try params.requiredString("url"))
        guard let events = try params.stringList("enabled_events"), !events.isEmpty else {
            throw StripeError.invalidRequest("Missing required param: enabled_events.", param: "enabled_events", code: "parameter_missing")
        }
        try validate(events)
        let id = ledger.newID("we", length: 24) { ledger.webhookEndpoints.isKnown($0) }
        var endpoint = WebhookEndpoint(id: id, created: call.now, url: url, enabledEvents: events,
                                       secret: "whsec_\(RandomText.base62(32))")
        if let description = try params.nullableString("description") { endpoint.description = description }
        try params.applyMetadata(to: &endpoint.metadata)
        if let version = try params.string("api_version"), !version.isEmpty {
            guard version == StripeAPIVersion.pinned else {
                throw StripeError.invalidRequest(
                    "stripe-sim only speaks API version \(StripeAPIVersion.pinned); got \(version).", param: "api_version")
            }
            endpoint.apiVersion = version
        }
        if try params.bool("connect") == true {
            throw StripeError.invalidRequest("stripe-sim does not emulate Connect: endpoints for connected accounts are not available.",
                                             param: "connect")
        }
        try params.finish()
        ledger.webhookEndpoints.insert(endpoint, livemode: ledger.livemode)
        var writer = JSONWriter()
        endpoint.render(into: &writer, livemode: ledger.livemode, includeSecret: true)
        return APIResult(body: writer.bytes)
    }

    static func retrieve(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        try call.params.finish()
        let id = call.pathParameter("id")
        guard let entry = ledger.webhookEndpoints.entry(id) else { throw StripeError.missing(noun, id) }
        return APIResult(body: entry.json)
    }

    static func update(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let id = call.pathParameter("id")
        guard var endpoint = ledger.webhookEndpoints.resource(id) else { throw StripeError.missing(noun, id) }
        let params = call.params
        if let url = try params.string("url") { endpoint.url = try validatedURL(url) }
        if let events = try params.stringList("enabled_events") {
            guard !events.isEmpty else {
                throw StripeError.invalidRequest("enabled_events must not be empty.", param: "enabled_events")
            }
            try validate(events)
            endpoint.enabledEvents = events
        }
        if let disabled = try params.bool("disabled") { endpoint.disabled = disabled }
        if let description = try params.nullableString("description") { endpoint.description = description }
        try params.applyMetadata(to: &endpoint.metadata)
        try params.finish()
        ledger.webhookEndpoints.replace(endpoint, livemode: ledger.livemode)
        return APIResult(body: ledger.webhookEndpoints.entry(id)?.json ?? [])
    }

    static func delete(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        try call.params.finish()
        let id = call.pathParameter("id")
        guard ledger.webhookEndpoints.remove(id) != nil else { throw StripeError.missing(noun, id) }
        var writer = JSONWriter(reservingCapacity: 96)
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("object"); writer.string("webhook_endpoint")
        writer.key("deleted"); writer.bool(true)
        writer.endObject()
        return APIResult(body: writer.bytes)
    }

    static func list(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let page = try ListPage.readRequest(call.params)
        try call.params.finish()
        let body = try ListPage.render(ledger.webhookEndpoints, request: page, created: nil, url: "/v1/webhook_endpoints",
                                       noun: noun) { _ in true }
        return APIResult(body: body)
    }

    private static func validatedURL(_ text: String) throws(StripeError) -> String {
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.count > 8, text.count <= 2048 else {
            throw StripeError.invalidRequest("Invalid URL: \(text). URLs must begin with http:// or https://.", param: "url",
                                             code: "url_invalid")
        }
        return text
    }

    /// Event types must look like `noun.verb` (or end in a `*` wildcard, or be `*`).
    private static func validate(_ events: [String]) throws(StripeError) {
        for type in events where !(type == "*" || (type.contains(".") && !type.hasPrefix(".") && !type.contains(" "))) {
            throw StripeError.invalidRequest("Invalid enabled_events: \(type) is not a valid event type.", param: "enabled_events")
        }
    }
}
