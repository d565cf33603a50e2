/// A Stripe customer, with the fields the customer sync and billing read.
public struct StripeCustomer: StripeIdentified, Hashable {
    public let id: String
    public let created: Int64
    public let livemode: Bool
    public let name: String?
    public let email: String?
    public let description: String?
    public let phone: String?
    public let metadata: [String: String]
    public let address: StripeAddress?
    public let currency: String?
    public let balance: Int64
    public let delinquent: Bool
    public let invoicePrefix: String?
    public let taxExempt: StripeTaxExempt?
    public let preferredLocales: [String]
    public let testClock: String?
    /// The default payment method for invoices (`invoice_settings.default_payment_method`), by id.
    public let defaultPaymentMethod: String?

    private enum CodingKeys: String, CodingKey {
        case id, created, livemode, name, email, description, phone, metadata, address, currency, balance, delinquent
        case invoicePrefix = "invoice_prefix"
        case taxExempt = "tax_exempt"
        case preferredLocales = "preferred_locales"
        case testClock = "test_clock"
        case invoiceSettings = "invoice_settings"
    }

    private enum InvoiceSettingsKeys: String, CodingKey {
        case defaultPaymentMethod = "default_payment_method"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.value(.created, default: 0)
        livemode = try c.value(.livemode, default: false)
        name = try c.optional(.name)
        email = try c.optional(.email)
        description = try c.optional(.description)
        phone = try c.optional(.phone)
        metadata = try c.metadata(.metadata)
        address = try c.optional(.address)
        currency = try c.optional(.currency)
        balance = try c.value(.balance, default: 0)
        delinquent = try c.value(.delinquent, default: false)
        invoicePrefix = try c.optional(.invoicePrefix)
        taxExempt = try c.optional(.taxExempt)
        preferredLocales = try c.value(.preferredLocales, default: [])
        testClock = try c.expandableID(.testClock)
        let settings = try c.nestedIfPresent(.invoiceSettings, keyedBy: InvoiceSettingsKeys.self)
        defaultPaymentMethod = try settings?.expandableID(.defaultPaymentMethod)
    }
}
