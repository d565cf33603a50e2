/// `/v1/prices`: create, retrieve, update (active, metadata, nickname, lookup_key, tax_behavior) and list.
/// Prices cannot be deleted through the API, and their amounts never change.
enum PriceAPI {
    static let noun = "price"
    static let intervals = ["day", "week", "month", "year"]
    /// The longest interval Stripe allows: one year.
    static let maximumIntervalCount = ["day": 365, "week": 52, "month": 12, "year": 1]

    static func create(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let expand = try call.expansions(allowed: ["tiers", "product"])
        let params = call.params
        var productID = try params.string("product").flatMap { $0.isEmpty ? nil : $0 }
        var newProduct: Product?
        if let productData = try params.hash("product_data") {
            guard productID == nil else {
                throw StripeError.invalidRequest("You may only specify one of these parameters: product, product_data.", param: "product")
            }
            let id: String
            if let custom = try productData.string("id"), !custom.isEmpty {
                guard !ledger.products.isKnown(custom) else {
                    throw StripeError.invalidRequest("Product already exists.", param: "product_data[id]", code: "resource_already_exists")
                }
                id = custom
            } else {
                id = ledger.newID("prod") { ledger.products.isKnown($0) }
            }
            var product = Product(id: id, created: call.now, name: try productData.requiredString("name"))
            if let active = try productData.bool("active") { product.active = active }
            try productData.applyMetadata(to: &product.metadata)
            if let descriptor = try productData.nullableString("statement_descriptor") { product.statementDescriptor = descriptor }
            if let taxCode = try productData.nullableString("tax_code") { product.taxCode = taxCode }
            if let label = try productData.nullableString("unit_label") { product.unitLabel = label }
            newProduct = product
            productID = id
        }
        guard let productID else {
            throw StripeError.invalidRequest("Missing required param: product.", param: "product", code: "parameter_missing")
        }
        if newProduct == nil, ledger.products.resource(productID) == nil {
            throw StripeError.missing("product", productID, param: "product")
        }
        let price = try build(params, productID: productID, ledger: ledger, now: call.now, allowProductFields: true)
        if let lookupKey = price.lookupKey {
            let transfer = try params.bool("transfer_lookup_key") ?? false
            if let holder = ledger.prices.allOldestFirst.first(where: { $0.resource.lookupKey == lookupKey }) {
                guard transfer else {
                    throw StripeError.invalidRequest(
                        "A price (`\(holder.resource.id)`) already uses that lookup key.", param: "lookup_key")
                }
                var previous = holder.resource
                previous.lookupKey = nil
                ledger.prices.replace(previous, livemode: ledger.livemode)
            }
        }
        try params.finish()
        if let newProduct {
            ledger.products.insert(newProduct, livemode: ledger.livemode)
            ledger.emit("product.created", object: ledger.products.entry(newProduct.id)?.json ?? [], call: call)
        }
        ledger.prices.insert(price, livemode: ledger.livemode)
        ledger.emit("price.created", object: ledger.prices.entry(price.id)?.json ?? [], call: call)
        return APIResult(body: render(price, in: ledger, expand: expand))
    }

    static func retrieve(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let expand = try call.expansions(allowed: ["tiers", "product"])
        try call.params.finish()
        let id = call.pathParameter("id")
        guard let price = ledger.prices.resource(id) else { throw StripeError.missing(noun, id) }
        return APIResult(body: render(price, in: ledger, expand: expand))
    }

    static func update(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let expand = try call.expansions(allowed: ["tiers", "product"])
        let id = call.pathParameter("id")
        guard let entry = ledger.prices.entry(id) else { throw StripeError.missing(noun, id) }
        var price = entry.resource
        let params = call.params
        if let active = try params.bool("active") { price.active = active }
        try params.applyMetadata(to: &price.metadata)
        if let nickname = try params.nullableString("nickname") { price.nickname = nickname }
        if let behavior = try params.choice("tax_behavior", ["exclusive", "inclusive", "unspecified"]) {
            guard entry.resource.taxBehavior == "unspecified" || behavior == entry.resource.taxBehavior else {
                throw StripeError.invalidRequest("tax_behavior cannot be changed once it is set.", param: "tax_behavior")
            }
            price.taxBehavior = behavior
        }
        if let lookupKey = try params.nullableString("lookup_key") {
            let transfer = try params.bool("transfer_lookup_key") ?? false
            if let lookupKey, let holder = ledger.prices.allOldestFirst.first(where: { $0.resource.lookupKey == lookupKey && $0.resource.id != id }) {
                guard transfer else {
                    throw StripeError.invalidRequest("A price (`\(holder.resource.id)`) already uses that lookup key.", param: "lookup_key")
                }
                var previous = holder.resource
                previous.lookupKey = nil
                ledger.prices.replace(previous, livemode: ledger.livemode)
            }
            price.lookupKey = lookupKey
        } else {
            _ = try params.bool("transfer_lookup_key")
        }
        try params.finish()
        ledger.prices.replace(price, livemode: ledger.livemode)
        let json = ledger.prices.entry(id)?.json ?? []
        if json != entry.json {
            ledger.emit("price.updated", object: json,
                        previousAttributes: Event.previousAttributes(old: entry.json, new: json), call: call)
        }
        return APIResult(body: render(price, in: ledger, expand: expand))
    }

    static func list(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        let expand = try call.expansions(allowed: ["data.tiers", "data.product"])
        let params = call.params
        let page = try ListPage.readRequest(params)
        let created = try params.range("created")
        let active = try params.bool("active")
        let currency = try params.string("currency").map { $0.lowercased() }
        let product = try params.string("product")
        let type = try params.choice("type", ["one_time", "recurring"])
        let lookupKeys = try params.stringList("lookup_keys").map(Set.init)
        var interval: String?
        var usageType: String?
        var meter: String?
        if let recurring = try params.hash("recurring") {
            interval = try recurring.choice("interval", intervals)
            usageType = try recurring.choice("usage_type", ["licensed", "metered"])
            meter = try recurring.string("meter")
        }
        try params.finish()
        let inner = Set(expand.map { String($0.dropFirst("data.".count)) })
        let body = try ListPage.render(
            ledger.prices, request: page, created: created, url: "/v1/prices", noun: noun,
            where: { price in
                (active == nil || price.active == active) && (currency == nil || price.currency == currency)
                    && (product == nil || price.product == product) && (type == nil || price.type == type)
                    && (lookupKeys == nil || price.lookupKey.map { lookupKeys?.contains($0) == true } == true)
                    && (interval == nil || price.recurring?.interval == interval)
                    && (usageType == nil || price.recurring?.usageType == usageType)
                    && (meter == nil || price.recurring?.meter == meter)
            },
            encode: inner.isEmpty ? nil : { [view = ledger] entry in render(entry.resource, in: view, expand: inner) })
        return APIResult(body: body)
    }

    static func render(_ price: Price, in ledger: Ledger, expand: Set<String>) -> [UInt8] {
        guard !expand.isEmpty else { return ledger.prices.entry(price.id)?.json ?? price.encoded(livemode: ledger.livemode) }
        var writer = JSONWriter(reservingCapacity: 2048)
        let product = expand.contains("product") ? ledger.products.entry(price.product)?.json : nil
        price.render(into: &writer, livemode: ledger.livemode, includeTiers: expand.contains("tiers"), productObject: product)
        return writer.bytes
    }

    /// Builds a new price from creation parameters (also used for `default_price_data`), validating its shape.
    static func build(_ params: ParamReader, productID: String, ledger: Ledger, now: Int,
                      allowProductFields: Bool) throws(StripeError) -> Price {
        let currency = try params.requiredString("currency").lowercased()
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw StripeError.invalidRequest("Invalid currency: \(currency). Stripe currencies are three-letter ISO codes.", param: "currency")
        }
        let id = ledger.newID("price", length: 24) { ledger.prices.isKnown($0) }
        var price = Price(id: id, created: now, currency: currency, product: productID)
        if let active = try params.bool("active") { price.active = active }
        try params.applyMetadata(to: &price.metadata)
        if let nickname = try params.nullableString("nickname") { price.nickname = nickname }
        if let behavior = try params.choice("tax_behavior", ["exclusive", "inclusive", "unspecified"]) { price.taxBehavior = behavior }

        if let recurring = try params.hash("recurring") {
            guard let interval = try recurring.choice("interval", intervals) else {
                throw StripeError.invalidRequest("Missing required param: recurring[interval].", param: "recurring[interval]",
                                                 code: "parameter_missing")
            }
            let count = try recurring.int("interval_count") ?? 1
            guard count >= 1, count <= maximumIntervalCount[interval, default: 1] else {
                throw StripeError.invalidRequest("The maximum billing interval is one year (1 year, 12 months, 52 weeks or 365 days).",
                                                 param: "recurring[interval_count]")
            }
            let usage = try recurring.choice("usage_type", ["licensed", "metered"]) ?? "licensed"
            let meter = try recurring.string("meter").flatMap { $0.isEmpty ? nil : $0 }
            if usage == "metered" {
                guard let meter else {
                    throw StripeError.invalidRequest("Metered prices must be backed by a billing meter: pass recurring[meter].",
                                                     param: "recurring[meter]", code: "parameter_missing")
                }
                guard ledger.meters.resource(meter) != nil else {
                    throw StripeError.missing("billing meter", meter, param: "recurring[meter]")
                }
            } else if meter != nil {
                throw StripeError.invalidRequest("recurring[meter] can only be set when recurring[usage_type] is metered.",
                                                 param: "recurring[meter]")
            }
            let trial = try recurring.int("trial_period_days")
            price.recurring = Price.Recurring(interval: interval, intervalCount: count, meter: meter, usageType: usage,
                                              trialPeriodDays: trial)
        }

        let scheme = allowProductFields ? try params.choice("billing_scheme", ["per_unit", "tiered"]) ?? "per_unit" : "per_unit"
        price.billingScheme = scheme
        let unitAmount = try params.int("unit_amount")
        let unitAmountDecimal = try params.string("unit_amount_decimal").flatMap { $0.isEmpty ? nil : $0 }
        if unitAmount != nil, unitAmountDecimal != nil {
            throw StripeError.invalidRequest("You may only specify one of these parameters: unit_amount, unit_amount_decimal.",
                                             param: "unit_amount")
        }
        if let custom = try params.hash("custom_unit_amount") {
            guard try custom.bool("enabled") == true else {
                throw StripeError.invalidRequest("Missing required param: custom_unit_amount[enabled].",
                                                 param: "custom_unit_amount[enabled]", code: "parameter_missing")
            }
            guard price.recurring == nil else {
                throw StripeError.invalidRequest("custom_unit_amount is not supported for recurring prices.", param: "custom_unit_amount")
            }
            guard unitAmount == nil, unitAmountDecimal == nil else {
                throw StripeError.invalidRequest("You may not pass unit_amount together with custom_unit_amount.", param: "unit_amount")
            }
            let bounds = Price.CustomUnitAmount(maximum: try custom.int("maximum"), minimum: try custom.int("minimum"),
                                                preset: try custom.int("preset"))
            if let low = bounds.minimum, let high = bounds.maximum, low > high {
                throw StripeError.invalidRequest("custom_unit_amount[minimum] must not exceed custom_unit_amount[maximum].",
                                                 param: "custom_unit_amount[minimum]")
            }
            price.customUnitAmount = bounds
        }

        if scheme == "tiered" {
            guard unitAmount == nil, unitAmountDecimal == nil else {
                throw StripeError.invalidRequest("unit_amount cannot be used with billing_scheme=tiered; put amounts in tiers.",
                                                 param: "unit_amount")
            }
            guard let mode = try params.choice("tiers_mode", ["graduated", "volume"]) else {
                throw StripeError.invalidRequest("Missing required param: tiers_mode.", param: "tiers_mode", code: "parameter_missing")
            }
            guard let tierReaders = try params.hashList("tiers"), !tierReaders.isEmpty else {
                throw StripeError.invalidRequest("Missing required param: tiers.", param: "tiers", code: "parameter_missing")
            }
            price.tiersMode = mode
            price.tiers = try readTiers(tierReaders)
        } else {
            if params.contains("tiers") || params.contains("tiers_mode") {
                throw StripeError.invalidRequest("tiers and tiers_mode can only be used with billing_scheme=tiered.",
                                                 param: params.contains("tiers") ? "tiers" : "tiers_mode")
            }
            if let unitAmount {
                guard unitAmount >= 0 else {
                    throw StripeError.invalidRequest("This value must be greater than or equal to 0.", param: "unit_amount")
                }
                price.unitAmountDecimal = String(unitAmount)
            } else if let unitAmountDecimal {
                guard let normalized = DecimalAmount.normalize(unitAmountDecimal), !normalized.hasPrefix("-") else {
                    throw StripeError.invalidRequest("Invalid decimal: \(unitAmountDecimal)", param: "unit_amount_decimal")
                }
                price.unitAmountDecimal = normalized
            } else if price.customUnitAmount == nil {
                throw StripeError.invalidRequest(
                    "Missing required param: unit_amount. Per-unit prices need unit_amount, unit_amount_decimal or custom_unit_amount.",
                    param: "unit_amount", code: "parameter_missing")
            }
        }

        if let transform = try params.hash("transform_quantity") {
            guard scheme == "per_unit" else {
                throw StripeError.invalidRequest("transform_quantity cannot be used with tiered prices.", param: "transform_quantity")
            }
            guard let divideBy = try transform.int("divide_by"), divideBy >= 1 else {
                throw StripeError.invalidRequest("transform_quantity[divide_by] must be a positive integer.",
                                                 param: "transform_quantity[divide_by]")
            }
            guard let round = try transform.choice("round", ["up", "down"]) else {
                throw StripeError.invalidRequest("Missing required param: transform_quantity[round].",
                                                 param: "transform_quantity[round]", code: "parameter_missing")
            }
            price.transformQuantity = Price.TransformQuantity(divideBy: divideBy, round: round)
        }
        if allowProductFields {
            if let lookupKey = try params.nullableString("lookup_key") {
                if let lookupKey, lookupKey.count > 200 {
                    throw StripeError.invalidRequest("lookup_key must be at most 200 characters.", param: "lookup_key")
                }
                price.lookupKey = lookupKey
            }
        }
        return price
    }

    static func readTiers(_ readers: [ParamReader]) throws(StripeError) -> [Price.Tier] {
        var tiers: [Price.Tier] = []
        var previousBound = 0
        for (index, reader) in readers.enumerated() {
            let name = "tiers[\(index)]"
            guard let upToText = try reader.string("up_to"), !upToText.isEmpty else {
                throw StripeError.invalidRequest("Missing required param: \(name)[up_to].", param: "\(name)[up_to]", code: "parameter_missing")
            }
            var upTo: Int?
            if upToText != "inf" {
                guard let bound = Int(upToText), bound > previousBound else {
                    throw StripeError.invalidRequest("Invalid \(name)[up_to]: tiers must be in increasing order of up_to, each a positive integer or inf.",
                                                     param: "\(name)[up_to]")
                }
                upTo = bound
                previousBound = bound
            } else if index != readers.count - 1 {
                throw StripeError.invalidRequest("Only the last tier may have up_to=inf.", param: "\(name)[up_to]")
            }
            var tier = Price.Tier(upTo: upTo)
            tier.unitAmountDecimal = try amount(reader, integer: "unit_amount", decimal: "unit_amount_decimal", tier: name)
            tier.flatAmountDecimal = try amount(reader, integer: "flat_amount", decimal: "flat_amount_decimal", tier: name)
            guard tier.unitAmountDecimal != nil || tier.flatAmountDecimal != nil else {
                throw StripeError.invalidRequest("Each tier needs unit_amount or flat_amount (or their _decimal forms).",
                                                 param: "\(name)[unit_amount]")
            }
            tiers.append(tier)
        }
        guard tiers.last?.upTo == nil else {
            throw StripeError.invalidRequest("The last tier must have up_to=inf.", param: "tiers[\(tiers.count - 1)][up_to]")
        }
        return tiers
    }

    private static func amount(_ reader: ParamReader, integer: String, decimal: String, tier: String) throws(StripeError) -> String? {
        let whole = try reader.int(integer)
        let exact = try reader.string(decimal).flatMap { $0.isEmpty ? nil : $0 }
        if whole != nil, exact != nil {
            throw StripeError.invalidRequest("You may only specify one of these parameters: \(integer), \(decimal).",
                                             param: "\(tier)[\(integer)]")
        }
        if let whole {
            guard whole >= 0 else {
                throw StripeError.invalidRequest("This value must be greater than or equal to 0.", param: "\(tier)[\(integer)]")
            }
            return String(whole)
        }
        if let exact {
            guard let normalized = DecimalAmount.normalize(exact), !normalized.hasPrefix("-") else {
                throw StripeError.invalidRequest("Invalid decimal: \(exact)", param: "\(tier)[\(decimal)]")
            }
            return normalized
        }
        return nil
    }
}
