/// `/v1/products`: create (optionally with `default_price_data`), retrieve, update, delete, list by `active`.
enum ProductAPI {
    static let noun = "product"

    static func create(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let expand = try call.expansions(allowed: ["default_price"])
        let params = call.params
        let id: String
        if let custom = try params.string("id"), !custom.isEmpty {
            guard !ledger.products.isKnown(custom) else {
                throw StripeError.invalidRequest("Product already exists.", param: "id", code: "resource_already_exists")
            }
            id = custom
        } else {
            id = ledger.newID("prod") { ledger.products.isKnown($0) }
        }
        var product = Product(id: id, created: call.now, name: try params.requiredString("name"))
        try apply(params, to: &product, isCreate: true)
        let priceData = try params.hash("default_price_data")
        var defaultPrice: Price?
        if let priceData {
            defaultPrice = try PriceAPI.build(priceData, productID: id, ledger: ledger, now: call.now, allowProductFields: false)
        }
        try params.finish()
        if let defaultPrice { product.defaultPrice = defaultPrice.id }
        ledger.products.insert(product, livemode: ledger.livemode)
        let json = ledger.products.entry(id)?.json ?? []
        ledger.emit("product.created", object: json, call: call)
        if let defaultPrice {
            ledger.prices.insert(defaultPrice, livemode: ledger.livemode)
            ledger.emit("price.created", object: ledger.prices.entry(defaultPrice.id)?.json ?? [], call: call)
        }
        return APIResult(body: render(product, in: ledger, expand: expand))
    }

    static func retrieve(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let expand = try call.expansions(allowed: ["default_price"])
        try call.params.finish()
        let id = call.pathParameter("id")
        guard let product = ledger.products.resource(id) else { throw StripeError.missing(noun, id) }
        return APIResult(body: render(product, in: ledger, expand: expand))
    }

    static func update(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let expand = try call.expansions(allowed: ["default_price"])
        let id = call.pathParameter("id")
        guard let entry = ledger.products.entry(id) else { throw StripeError.missing(noun, id) }
        var product = entry.resource
        if let name = try call.params.string("name") {
            guard !name.isEmpty else { throw StripeError.invalidRequest("You must provide a name for the product.", param: "name") }
            product.name = name
        }
        if let defaultPrice = try call.params.nullableString("default_price") {
            if let defaultPrice {
                guard let price = ledger.prices.resource(defaultPrice) else {
                    throw StripeError.missing("price", defaultPrice, param: "default_price")
                }
                guard price.product == id else {
                    throw StripeError.invalidRequest("The price `\(defaultPrice)` does not belong to this product.", param: "default_price")
                }
                guard price.active else {
                    throw StripeError.invalidRequest("The default price must be active.", param: "default_price")
                }
            }
            product.defaultPrice = defaultPrice
        }
        try apply(call.params, to: &product, isCreate: false)
        try call.params.finish()
        var unchangedTime = product
        unchangedTime.updated = entry.resource.updated
        if unchangedTime != entry.resource { product.updated = max(call.now, entry.resource.updated) }
        ledger.products.replace(product, livemode: ledger.livemode)
        let json = ledger.products.entry(id)?.json ?? []
        if json != entry.json {
            ledger.emit("product.updated", object: json,
                        previousAttributes: Event.previousAttributes(old: entry.json, new: json), call: call)
        }
        return APIResult(body: render(product, in: ledger, expand: expand))
    }

    static func delete(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        try call.params.finish()
        let id = call.pathParameter("id")
        guard let entry = ledger.products.entry(id) else { throw StripeError.missing(noun, id) }
        let hasPrices = !ledger.prices.page(limit: 1, startingAfter: nil, endingBefore: nil, created: nil,
                                            where: { $0.product == id }).entries.isEmpty
        guard !hasPrices else {
            throw StripeError.invalidRequest("This product cannot be deleted because it has one or more user-created prices.",
                                             param: "id")
        }
        ledger.products.remove(id)
        ledger.emit("product.deleted", object: entry.json, call: call)
        var writer = JSONWriter(reservingCapacity: 96)
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("object"); writer.string("product")
        writer.key("deleted"); writer.bool(true)
        writer.endObject()
        return APIResult(body: writer.bytes)
    }

    static func list(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let expand = try call.expansions(allowed: ["data.default_price"])
        let page = try ListPage.readRequest(call.params)
        let created = try call.params.range("created")
        let active = try call.params.bool("active")
        let shippable = try call.params.bool("shippable")
        let url = try call.params.string("url")
        let ids = try call.params.stringList("ids").map(Set.init)
        try call.params.finish()
        let body = try ListPage.render(
            ledger.products, request: page, created: created, url: "/v1/products", noun: noun,
            where: { product in
                (active == nil || product.active == active) && (shippable == nil || product.shippable == shippable)
                    && (url == nil || product.url == url) && (ids == nil || ids?.contains(product.id) == true)
            },
            encode: expand.isEmpty ? nil : { [view = ledger] entry in render(entry.resource, in: view, expand: ["default_price"]) })
        return APIResult(body: body)
    }

    static func render(_ product: Product, in ledger: Ledger, expand: Set<String>) -> [UInt8] {
        if expand.contains("default_price"), let priceID = product.defaultPrice, let price = ledger.prices.entry(priceID) {
            var writer = JSONWriter(reservingCapacity: 2048)
            product.render(into: &writer, livemode: ledger.livemode, defaultPriceObject: price.json)
            return writer.bytes
        }
        return ledger.products.entry(product.id)?.json ?? product.encoded(livemode: ledger.livemode)
    }

    /// Create and update parameters besides `name`, `id`, `default_price` and `default_price_data`.
    static func apply(_ params: ParamReader, to product: inout Product, isCreate: Bool) throws(StripeError) {
        if let active = try params.bool("active") { product.active = active }
        if let description = try params.nullableString("description") { product.description = description }
        if let images = try params.stringList("images") {
            guard images.count <= 8 else { throw StripeError.invalidRequest("You can have at most 8 images.", param: "images") }
            product.images = images
        }
        if let features = try params.hashList("marketing_features") {
            var names: [String] = []
            for feature in features { names.append(try feature.requiredString("name")) }
            guard names.count <= 15 else {
                throw StripeError.invalidRequest("You can have at most 15 marketing features.", param: "marketing_features")
            }
            product.marketingFeatures = names
        }
        try params.applyMetadata(to: &product.metadata)
        if let dimensions = try params.object("package_dimensions") {
            if let dimensions {
                func required(_ name: String) throws(StripeError) -> Double {
                    guard let value = try dimensions.double(name) else {
                        throw StripeError.invalidRequest("Missing required param: package_dimensions[\(name)].",
                                                         param: "package_dimensions[\(name)]", code: "parameter_missing")
                    }
                    return value
                }
                product.packageDimensions = Product.PackageDimensions(
                    height: try required("height"), length: try required("length"),
                    weight: try required("weight"), width: try required("width"))
            } else {
                product.packageDimensions = nil
            }
        }
        if let shippable = try params.bool("shippable") { product.shippable = shippable }
        if let descriptor = try params.nullableString("statement_descriptor") {
            if let descriptor, descriptor.count > 22 {
                throw StripeError.invalidRequest("The statement descriptor must be at most 22 characters.", param: "statement_descriptor")
            }
            product.statementDescriptor = descriptor
        }
        if let taxCode = try params.nullableString("tax_code") { product.taxCode = taxCode }
        if let label = try params.nullableString("unit_label") {
            if let label, label.count > 12 {
                throw StripeError.invalidRequest("The unit label must be at most 12 characters.", param: "unit_label")
            }
            product.unitLabel = label
        }
        if let url = try params.nullableString("url") { product.url = url }
    }
}
