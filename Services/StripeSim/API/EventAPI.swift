/// `/v1/events`: retrieve and list (newest first) with `type` (wildcards), `types[]`, `created` and
/// `delivery_success` filters, over the last 30 days.
enum EventAPI {
    static let noun = "event"

    static func retrieve(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        try call.params.finish()
        ledger.expire(now: call.now)
        let id = call.pathParameter("id")
        guard let entry = ledger.events.entry(id) else { throw StripeError.missing(noun, id) }
        return APIResult(body: entry.json)
    }

    static func list(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let params = call.params
        let page = try ListPage.readRequest(params)
        let created = try params.range("created")
        let type = try params.string("type").flatMap { $0.isEmpty ? nil : $0 }
        let types = try params.stringList("types")
        let deliverySuccess = try params.bool("delivery_success")
        try params.finish()
        if type != nil, types != nil {
            throw StripeError.invalidRequest("You may only specify one of these parameters: type, types.", param: "type")
        }
        if let types, types.count > 20 {
            throw StripeError.invalidRequest("You can pass at most 20 types.", param: "types")
        }
        ledger.expire(now: call.now)
        let body = try ListPage.render(ledger.events, request: page, created: created, url: "/v1/events", noun: noun) { event in
            if let type, !Event.type(event.type, matches: type) { return false }
            if let types, !types.contains(event.type) { return false }
            if let deliverySuccess, event.pendingEndpoints.isEmpty != deliverySuccess { return false }
            return true
        }
        return APIResult(body: body)
    }
}
