/// Turns Stripe-shaped JSON objects (as the API returns them) back into stored resources, for datasets and snapshots.
enum ObjectDecoding {
    static func customer(_ json: JSONValue, at path: String, now: Int, newID: () -> String) throws(DatasetError) -> Customer {
        guard json.objectMembers != nil else { throw DatasetError("\(path): must be an object") }
        let id = json["id"]?.stringValue ?? newID()
        var customer = Customer(id: id, created: json["created"]?.intValue ?? now,
                                invoicePrefix: json["invoice_prefix"]?.stringValue ?? RandomText.upperAlphanumeric(8))
        customer.deleted = json["deleted"]?.boolValue ?? false
        customer.address = Address(json: json["address"])
        customer.balance = json["balance"]?.intValue ?? 0
        customer.currency = json["currency"]?.stringValue
        customer.description = json["description"]?.stringValue
        customer.email = json["email"]?.stringValue
        customer.metadata = try metadata(json, at: path)
        customer.name = json["name"]?.stringValue
        customer.nextInvoiceSequence = json["next_invoice_sequence"]?.intValue ?? 1
        customer.phone = json["phone"]?.stringValue
        customer.preferredLocales = json["preferred_locales"]?.arrayValue?.compactMap(\.stringValue) ?? []
        customer.shipping = Shipping(json: json["shipping"])
        customer.taxExempt = json["tax_exempt"]?.stringValue ?? "none"
        if let settings = json["invoice_settings"] {
            customer.invoiceFooter = settings["footer"]?.stringValue
            customer.invoiceCustomFields = settings["custom_fields"]?.arrayValue?.compactMap { field in
                guard let name = field["name"]?.stringValue, let value = field["value"]?.stringValue else { return nil }
                return Customer.CustomField(name: name, value: value)
            }
            customer.invoiceAmountTaxDisplay = settings["rendering_options"]?["amount_tax_display"]?.stringValue
            customer.invoiceTemplate = settings["rendering_options"]?["template"]?.stringValue
        }
        return customer
    }

    static func product(_ json: JSONValue, at path: String, now: Int, newID: () -> String) throws(DatasetError) -> Product {
        guard json.objectMembers != nil else { throw DatasetError("\(path): must be an object") }
        guard let name = json["name"]?.stringValue, !name.isEmpty else { throw DatasetError("\(path): a product needs a name") }
        let created = json["created"]?.intValue ?? now
        var product = Product(id: json["id"]?.stringValue ?? newID(), created: created, name: name)
        product.updated = json["updated"]?.intValue ?? created
        product.active = json["active"]?.boolValue ?? true
        product.defaultPrice = json["default_price"]?.stringValue ?? json["default_price"]?["id"]?.stringValue
        product.description = json["description"]?.stringValue
        product.images = json["images"]?.arrayValue?.compactMap(\.stringValue) ?? []
        product.marketingFeatures = json["marketing_features"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        product.metadata = try metadata(json, at: path)
        if let dimensions = json["package_dimensions"], !dimensions.isNull {
            guard let height = dimensions["height"]?.doubleValue, let length = dimensions["length"]?.doubleValue,
                  let weight = dimensions["weight"]?.doubleValue, let width = dimensions["width"]?.doubleValue
            else { throw DatasetError("\(path).package_dimensions: needs height, length, weight and width") }
            product.packageDimensions = Product.PackageDimensions(height: height, length: length, weight: weight, width: width)
        }
        product.shippable = json["shippable"]?.boolValue
        product.statementDescriptor = json["statement_descriptor"]?.stringValue
        product.taxCode = json["tax_code"]?.stringValue
        product.type = json["type"]?.stringValue ?? "service"
        product.unitLabel = json["unit_label"]?.stringValue
        product.url = json["url"]?.stringValue
        return product
    }

    static func price(_ json: JSONValue, at path: String, now: Int, newID: () -> String) throws(DatasetError) -> Price {
        guard json.objectMembers != nil else { throw DatasetError("\(path): must be an object") }
        guard let product = json["product"]?.stringValue ?? json["product"]?["id"]?.stringValue else {
            throw DatasetError("\(path): a price needs a product id")
        }
        guard let currency = json["currency"]?.stringValue?.lowercased(), currency.count == 3 else {
            throw DatasetError("\(path): a price needs a three-letter currency")
        }
        var price = Price(id: json["id"]?.stringValue ?? newID(), created: json["created"]?.intValue ?? now,
                          currency: currency, product: product)
        price.active = json["active"]?.boolValue ?? true
        price.billingScheme = json["billing_scheme"]?.stringValue ?? (json["tiers"]?.arrayValue == nil ? "per_unit" : "tiered")
        guard ["per_unit", "tiered"].contains(price.billingScheme) else {
            throw DatasetError("\(path).billing_scheme: must be per_unit or tiered")
        }
        price.lookupKey = json["lookup_key"]?.stringValue
        price.metadata = try metadata(json, at: path)
        price.nickname = json["nickname"]?.stringValue
        price.taxBehavior = json["tax_behavior"]?.stringValue ?? "unspecified"
        if let recurring = json["recurring"], !recurring.isNull {
            guard let interval = recurring["interval"]?.stringValue, PriceAPI.intervals.contains(interval) else {
                throw DatasetError("\(path).recurring.interval: must be day, week, month or year")
            }
            price.recurring = Price.Recurring(
                interval: interval, intervalCount: recurring["interval_count"]?.intValue ?? 1,
                meter: recurring["meter"]?.stringValue, usageType: recurring["usage_type"]?.stringValue ?? "licensed",
                trialPeriodDays: recurring["trial_period_days"]?.intValue)
        }
        if price.billingScheme == "tiered" {
            guard let mode = json["tiers_mode"]?.stringValue, ["graduated", "volume"].contains(mode) else {
                throw DatasetError("\(path).tiers_mode: a tiered price needs graduated or volume")
            }
            guard let tiers = json["tiers"]?.arrayValue, !tiers.isEmpty else {
                throw DatasetError("\(path).tiers: a tiered price needs its tiers")
            }
            price.tiersMode = mode
            price.tiers = try tiers.enumerated().map { (index, tier) throws(DatasetError) -> Price.Tier in
                let where_ = "\(path).tiers[\(index)]"
                var upTo: Int?
                if let bound = tier["up_to"], !bound.isNull, bound.stringValue != "inf" {
                    guard let value = bound.intValue else { throw DatasetError("\(where_).up_to: must be an integer, \"inf\" or null") }
                    upTo = value
                }
                let unit = try amount(tier, integer: "unit_amount", decimal: "unit_amount_decimal", at: where_)
                let flat = try amount(tier, integer: "flat_amount", decimal: "flat_amount_decimal", at: where_)
                guard unit != nil || flat != nil else { throw DatasetError("\(where_): needs unit_amount or flat_amount") }
                return Price.Tier(flatAmountDecimal: flat, unitAmountDecimal: unit, upTo: upTo)
            }
            guard price.tiers?.last?.upTo == nil else { throw DatasetError("\(path).tiers: the last tier must be unbounded") }
        } else {
            price.unitAmountDecimal = try amount(json, integer: "unit_amount", decimal: "unit_amount_decimal", at: path)
            if let custom = json["custom_unit_amount"], !custom.isNull {
                price.customUnitAmount = Price.CustomUnitAmount(maximum: custom["maximum"]?.intValue,
                                                                minimum: custom["minimum"]?.intValue,
                                                                preset: custom["preset"]?.intValue)
            }
            guard price.unitAmountDecimal != nil || price.customUnitAmount != nil else {
                throw DatasetError("\(path): a per-unit price needs unit_amount, unit_amount_decimal or custom_unit_amount")
            }
            if let transform = json["transform_quantity"], !transform.isNull {
                guard let divideBy = transform["divide_by"]?.intValue, divideBy >= 1,
                      let round = transform["round"]?.stringValue, ["up", "down"].contains(round) else {
                    throw DatasetError("\(path).transform_quantity: needs divide_by >= 1 and round up or down")
                }
                price.transformQuantity = Price.TransformQuantity(divideBy: divideBy, round: round)
            }
        }
        return price
    }

    static func meter(_ json: JSONValue, at path: String, now: Int, newID: () -> String) throws(DatasetError) -> Meter {
        guard let displayName = json["display_name"]?.stringValue, let eventName = json["event_name"]?.stringValue else {
            throw DatasetError("\(path): a meter needs display_name and event_name")
        }
        let created = json["created"]?.intValue ?? now
        var meter = Meter(id: json["id"]?.stringValue ?? newID(), created: created, updated: json["updated"]?.intValue ?? created,
                          displayName: displayName, eventName: eventName)
        meter.aggregationFormula = json["default_aggregation"]?["formula"]?.stringValue ?? "sum"
        meter.customerPayloadKey = json["customer_mapping"]?["event_payload_key"]?.stringValue ?? meter.customerPayloadKey
        meter.valuePayloadKey = json["value_settings"]?["event_payload_key"]?.stringValue ?? meter.valuePayloadKey
        meter.eventTimeWindow = json["event_time_window"]?.stringValue
        meter.status = json["status"]?.stringValue ?? "active"
        meter.deactivatedAt = json["status_transitions"]?["deactivated_at"]?.intValue
        return meter
    }

    static func webhookEndpoint(_ json: JSONValue, at path: String, now: Int, newID: () -> String) throws(DatasetError) -> WebhookEndpoint {
        guard let url = json["url"]?.stringValue, let events = json["enabled_events"]?.arrayValue?.compactMap(\.stringValue) else {
            throw DatasetError("\(path): a webhook endpoint needs url and enabled_events")
        }
        guard let secret = json["secret"]?.stringValue, secret.hasPrefix("whsec_") else {
            throw DatasetError("\(path): a webhook endpoint needs its whsec_ secret")
        }
        var endpoint = WebhookEndpoint(id: json["id"]?.stringValue ?? newID(), created: json["created"]?.intValue ?? now,
                                       url: url, enabledEvents: events, secret: secret)
        endpoint.description = json["description"]?.stringValue
        endpoint.metadata = try metadata(json, at: path)
        endpoint.disabled = json["status"]?.stringValue == "disabled"
        endpoint.apiVersion = json["api_version"]?.stringValue
        return endpoint
    }

    static func event(_ json: JSONValue, at path: String) throws(DatasetError) -> Event {
        guard let id = json["id"]?.stringValue, let type = json["type"]?.stringValue, let created = json["created"]?.intValue,
              let object = json["data"]?["object"] else {
            throw DatasetError("\(path): an event needs id, type, created and data.object")
        }
        let previous = json["data"]?["previous_attributes"]
        return Event(id: id, created: created, type: type, object: object.encoded,
                     previousAttributes: previous.flatMap { $0.isNull ? nil : $0 },
                     requestID: json["request"]?["id"]?.stringValue, idempotencyKey: json["request"]?["idempotency_key"]?.stringValue)
    }

    private static func metadata(_ json: JSONValue, at path: String) throws(DatasetError) -> [String: String] {
        guard let value = json["metadata"], !value.isNull else { return [:] }
        guard let map = value.stringMap else { throw DatasetError("\(path).metadata: must map strings to strings") }
        return map
    }

    private static func amount(_ json: JSONValue, integer: String, decimal: String, at path: String) throws(DatasetError) -> String? {
        if let text = json[decimal]?.stringValue {
            guard let normalized = DecimalAmount.normalize(text), !normalized.hasPrefix("-") else {
                throw DatasetError("\(path).\(decimal): not a non-negative decimal")
            }
            return normalized
        }
        if let value = json[integer], !value.isNull {
            guard let whole = value.intValue, whole >= 0 else { throw DatasetError("\(path).\(integer): must be an integer >= 0") }
            return String(whole)
        }
        return nil
    }
}
