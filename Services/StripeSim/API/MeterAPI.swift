/// `/v1/billing/meters`: create, retrieve and list, so metered prices can name the meter this API version requires.
enum MeterAPI {
    static let noun = "billing meter"

    static func create(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let params = call.params
        let displayName = try params.requiredString("display_name")
        let eventName = try params.requiredString("event_name")
        guard !ledger.meters.allOldestFirst.contains(where: { $0.resource.eventName == eventName && $0.resource.status == "active" }) else {
            throw StripeError.invalidRequest("An active meter with event_name \(eventName) already exists.", param: "event_name")
        }
        guard let aggregation = try params.hash("default_aggregation"),
              let formula = try aggregation.choice("formula", ["count", "last", "sum"]) else {
            throw StripeError.invalidRequest("Missing required param: default_aggregation[formula].",
                                             param: "default_aggregation[formula]", code: "parameter_missing")
        }
        let id = ledger.newID("mtr", length: 24) { ledger.meters.isKnown($0) }
        var meter = Meter(id: id, created: call.now, updated: call.now, displayName: displayName, eventName: eventName)
        meter.aggregationFormula = formula
        if let mapping = try params.hash("customer_mapping") {
            meter.customerPayloadKey = try mapping.requiredString("event_payload_key")
            _ = try mapping.choice("type", ["by_id"])
        }
        if let value = try params.hash("value_settings") {
            meter.valuePayloadKey = try value.requiredString("event_payload_key")
        }
        meter.eventTimeWindow = try params.choice("event_time_window", ["day", "hour"])
        try params.finish()
        ledger.meters.insert(meter, livemode: ledger.livemode)
        let json = ledger.meters.entry(id)?.json ?? []
        ledger.emit("billing.meter.created", object: json, call: call)
        return APIResult(body: json)
    }

    static func retrieve(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        try call.params.finish()
        let id = call.pathParameter("id")
        guard let entry = ledger.meters.entry(id) else { throw StripeError.missing(noun, id) }
        return APIResult(body: entry.json)
    }

    static func list(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let page = try ListPage.readRequest(call.params)
        let status = try call.params.choice("status", ["active", "inactive"])
        try call.params.finish()
        let body = try ListPage.render(ledger.meters, request: page, created: nil, url: "/v1/billing/meters", noun: noun) { meter in
            status == nil || meter.status == status
        }
        return APIResult(body: body)
    }
}
