/// A Stripe customer. A deleted customer stays retrievable as `{"id", "object", "deleted": true}` and leaves lists.
struct Customer: StoredResource, Equatable {
    /// An invoice custom field (`invoice_settings[custom_fields]`).
    struct CustomField: Sendable, Equatable {
        var name: String
        var value: String
    }

    let id: String
    let created: Int
    var address: Address?
    var balance = 0
    var currency: String?
    var description: String?
    var email: String?
    var invoicePrefix: String
    var invoiceCustomFields: [CustomField]?
    var invoiceDefaultPaymentMethod: String?
    var invoiceFooter: String?
    var invoiceAmountTaxDisplay: String?
    var invoiceTemplate: String?
    var metadata: [String: String] = [:]
    var name: String?
    var nextInvoiceSequence = 1
    var phone: String?
    var preferredLocales: [String] = []
    var shipping: Shipping?
    var taxExempt = "none"
    var deleted = false

    init(id: String, created: Int, invoicePrefix: String) {
        self.id = id
        self.created = created
        self.invoicePrefix = invoicePrefix
    }

    func render(into writer: inout JSONWriter, livemode: Bool) {
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("object"); writer.string("customer")
        if deleted {
            writer.key("deleted"); writer.bool(true)
            writer.endObject()
            return
        }
        writer.key("address")
        if let address { address.render(into: &writer) } else { writer.null() }
        writer.key("balance"); writer.int(balance)
        writer.key("created"); writer.int(created)
        writer.key("currency"); writer.string(currency)
        writer.key("default_source"); writer.null()
        writer.key("delinquent"); writer.bool(false)
        writer.key("description"); writer.string(description)
        writer.key("discount"); writer.null()
        writer.key("email"); writer.string(email)
        writer.key("invoice_prefix"); writer.string(invoicePrefix)
        writer.key("invoice_settings")
        writer.beginObject()
        writer.key("custom_fields")
        if let invoiceCustomFields {
            writer.beginArray()
            for field in invoiceCustomFields {
                writer.beginObject()
                writer.key("name"); writer.string(field.name)
                writer.key("value"); writer.string(field.value)
                writer.endObject()
            }
            writer.endArray()
        } else {
            writer.null()
        }
        writer.key("default_payment_method"); writer.string(invoiceDefaultPaymentMethod)
        writer.key("footer"); writer.string(invoiceFooter)
        writer.key("rendering_options")
        if invoiceAmountTaxDisplay != nil || invoiceTemplate != nil {
            writer.beginObject()
            writer.key("amount_tax_display"); writer.string(invoiceAmountTaxDisplay)
            writer.key("template"); writer.string(invoiceTemplate)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.endObject()
        writer.key("livemode"); writer.bool(livemode)
        writer.key("metadata"); writer.stringMap(metadata)
        writer.key("name"); writer.string(name)
        writer.key("next_invoice_sequence"); writer.int(nextInvoiceSequence)
        writer.key("phone"); writer.string(phone)
        writer.key("preferred_locales"); writer.stringArray(preferredLocales)
        writer.key("shipping")
        if let shipping { shipping.render(into: &writer) } else { writer.null() }
        writer.key("tax_exempt"); writer.string(taxExempt)
        writer.key("test_clock"); writer.null()
        writer.endObject()
    }
}
