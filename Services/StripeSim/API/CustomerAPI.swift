/// `/v1/customers`: create, retrieve, update, delete and list, with Stripe's parameter rules.
enum CustomerAPI {
    static let noun = "customer"
    static let expandable: Set<String> = ["default_source", "test_clock", "invoice_settings.default_payment_method", "discount"]

    static func create(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        _ = try call.expansions(allowed: expandable)
        let id = ledger.newID("cus") { ledger.customers.isKnown($0) }
        var customer = Customer(id: id, created: call.now, invoicePrefix: RandomText.upperAlphanumeric(8))
        try apply(call.params, to: &customer)
        try call.params.finish()
        ledger.customers.insert(customer, livemode: ledger.livemode)
        let json = ledger.customers.entry(id)?.json ?? []
        ledger.emit("customer.created", object: json, call: call)
        return APIResult(body: json)
    }

    static func retrieve(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        _ = try call.expansions(allowed: expandable)
        try call.params.finish()
        let id = call.pathParameter("id")
        guard let entry = ledger.customers.entry(id) else { throw StripeError.missing(noun, id) }
        return APIResult(body: entry.json)
    }

    static func update(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        _ = try call.expansions(allowed: expandable)
        let id = call.pathParameter("id")
        guard let entry = ledger.customers.entry(id), !entry.resource.deleted else { throw StripeError.missing(noun, id) }
        var customer = entry.resource
        try apply(call.params, to: &customer)
        try call.params.finish()
        ledger.customers.replace(customer, livemode: ledger.livemode)
        let json = ledger.customers.entry(id)?.json ?? []
        if json != entry.json {
            ledger.emit("customer.updated", object: json,
                        previousAttributes: Event.previousAttributes(old: entry.json, new: json), call: call)
        }
        return APIResult(body: json)
    }

    static func delete(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        try call.params.finish()
        let id = call.pathParameter("id")
        guard let entry = ledger.customers.entry(id), !entry.resource.deleted else { throw StripeError.missing(noun, id) }
        var customer = entry.resource
        customer.deleted = true
        ledger.customers.replace(customer, livemode: ledger.livemode)
        ledger.emit("customer.deleted", object: entry.json, call: call)
        return APIResult(body: ledger.customers.entry(id)?.json ?? [])
    }

    static func list(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        _ = try call.expansions(allowed: Set(expandable.map { "data.\($0)" }))
        let page = try ListPage.readRequest(call.params)
        let created = try call.params.range("created")
        let email = try call.params.string("email")
        let testClock = try call.params.string("test_clock")
        try call.params.finish()
        let body = try ListPage.render(ledger.customers, request: page, created: created, url: "/v1/customers", noun: noun) { customer in
            !customer.deleted && (email == nil || customer.email == email) && testClock == nil
        }
        return APIResult(body: body)
    }

    /// Applies the create/update parameters that both accept.
    static func apply(_ params: ParamReader, to customer: inout Customer) throws(StripeError) {
        if let address = try params.object("address") {
            customer.address = try address.map { reader throws(StripeError) in try Address.read(reader, over: customer.address) }
        }
        if let balance = try params.int("balance") { customer.balance = balance }
        if let description = try params.nullableString("description") { customer.description = description }
        if let email = try params.nullableString("email") {
            if let email {
                guard email.count <= 512, isPlausibleEmail(email) else {
                    throw StripeError.invalidRequest("Invalid email address: \(email)", param: "email", code: "email_invalid")
                }
            }
            customer.email = email
        }
        if let prefix = try params.string("invoice_prefix"), !prefix.isEmpty {
            guard (3...12).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                throw StripeError.invalidRequest("Invalid invoice_prefix: must be 3 to 12 uppercase letters or numbers.",
                                                 param: "invoice_prefix")
            }
            customer.invoicePrefix = prefix
        }
        if let settings = try params.hash("invoice_settings") {
            if let fields = try settings.hashList("custom_fields") {
                guard fields.count <= 4 else {
                    throw StripeError.invalidRequest("You can have at most 4 custom fields.", param: "invoice_settings[custom_fields]")
                }
                var parsed: [Customer.CustomField] = []
                for field in fields {
                    parsed.append(Customer.CustomField(name: try field.requiredString("name"), value: try field.requiredString("value")))
                }
                customer.invoiceCustomFields = parsed.isEmpty ? nil : parsed
            }
            if let method = try settings.nullableString("default_payment_method") {
                if let method {
                    throw StripeError.missing("PaymentMethod", method, param: "invoice_settings[default_payment_method]")
                }
                customer.invoiceDefaultPaymentMethod = nil
            }
            if let footer = try settings.nullableString("footer") { customer.invoiceFooter = footer }
            if let options = try settings.object("rendering_options") {
                if let options {
                    if let display = try options.choice("amount_tax_display", ["exclude_tax", "include_inclusive_tax"]) {
                        customer.invoiceAmountTaxDisplay = display
                    }
                    if let template = try options.nullableString("template") { customer.invoiceTemplate = template }
                } else {
                    customer.invoiceAmountTaxDisplay = nil
                    customer.invoiceTemplate = nil
                }
            }
        }
        try params.applyMetadata(to: &customer.metadata)
        if let name = try params.nullableString("name") {
            guard (name ?? "").count <= 256 else {
                throw StripeError.invalidRequest("Invalid name: must be at most 256 characters.", param: "name")
            }
            customer.name = name
        }
        if let sequence = try params.int("next_invoice_sequence") {
            guard sequence >= 1 else {
                throw StripeError.invalidRequest("This value must be greater than or equal to 1.", param: "next_invoice_sequence")
            }
            customer.nextInvoiceSequence = sequence
        }
        if let phone = try params.nullableString("phone") { customer.phone = phone }
        if let locales = try params.stringList("preferred_locales") { customer.preferredLocales = locales }
        if let shipping = try params.object("shipping") {
            customer.shipping = try shipping.map { reader throws(StripeError) in try Shipping.read(reader, over: customer.shipping) }
        }
        if let exempt = try params.choice("tax_exempt", ["none", "exempt", "reverse"]) { customer.taxExempt = exempt }
    }

    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !email.contains { $0.isWhitespace }
    }
}
