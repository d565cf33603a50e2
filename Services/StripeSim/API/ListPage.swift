/// Stripe's list envelope and cursor parameters (`limit` 1–100, default 10; `starting_after` or `ending_before`).
enum ListPage {
    struct Request {
        var limit = 10
        var startingAfter: String?
        var endingBefore: String?
    }

    static func readRequest(_ params: ParamReader) throws(StripeError) -> Request {
        var request = Request()
        if let limit = try params.int("limit") {
            guard (1...100).contains(limit) else {
                throw StripeError.invalidRequest(
                    limit < 1 ? "This value must be greater than or equal to 1." : "This value must be less than or equal to 100.",
                    param: "limit")
            }
            request.limit = limit
        }
        request.startingAfter = try params.string("starting_after").flatMap { $0.isEmpty ? nil : $0 }
        request.endingBefore = try params.string("ending_before").flatMap { $0.isEmpty ? nil : $0 }
        if request.startingAfter != nil, request.endingBefore != nil {
            throw StripeError.invalidRequest("You may only specify one of these parameters: ending_before, starting_after.",
                                             param: "ending_before")
        }
        return request
    }

    /// Runs one page over `table` and wraps it in `{"object": "list", "data", "has_more", "url"}`.
    static func render<Resource>(
        _ table: ResourceTable<Resource>, request: Request, created: IntRange?, url: String, noun: String,
        where filter: (Resource) -> Bool, encode: ((ResourceTable<Resource>.Entry) -> [UInt8])? = nil
    ) throws(StripeError) -> [UInt8] {
        var after: ResourceTable<Resource>.OrderKey?
        var before: ResourceTable<Resource>.OrderKey?
        if let id = request.startingAfter {
            guard let key = table.cursorKey(id) else { throw StripeError.missing(noun, id, param: "starting_after") }
            after = key
        }
        if let id = request.endingBefore {
            guard let key = table.cursorKey(id) else { throw StripeError.missing(noun, id, param: "ending_before") }
            before = key
        }
        let page = table.page(limit: request.limit, startingAfter: after, endingBefore: before, created: created, where: filter)
        var writer = JSONWriter(reservingCapacity: 256 + page.entries.count * 1024)
        writer.beginObject()
        writer.key("object"); writer.string("list")
        writer.key("data")
        writer.beginArray()
        for entry in page.entries { writer.raw(encode?(entry) ?? entry.json) }
        writer.endArray()
        writer.key("has_more"); writer.bool(page.hasMore)
        writer.key("url"); writer.string(url)
        writer.endObject()
        return writer.bytes
    }
}
