/// A Stripe product, with the fields the catalog sync reads.
public struct StripeProduct: StripeIdentified {
    public let id: String
    public let created: Int64
    public let updated: Int64?
    public let livemode: Bool
    public let active: Bool
    public let name: String
    public let description: String?
    public let metadata: [String: String]
    /// The product's default price, by id unless the request expanded `default_price`.
    public let defaultPrice: StripeExpandable<StripePrice>?
    public let unitLabel: String?
    public let type: StripeProductType?
    public let images: [String]
    public let url: String?
    public let statementDescriptor: String?
    public let taxCode: String?
    public let shippable: Bool?

    private enum CodingKeys: String, CodingKey {
        case id, created, updated, livemode, active, name, description, metadata, type, images, url, shippable
        case defaultPrice = "default_price"
        case unitLabel = "unit_label"
        case statementDescriptor = "statement_descriptor"
        case taxCode = "tax_code"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.value(.created, default: 0)
        updated = try c.optional(.updated)
        livemode = try c.value(.livemode, default: false)
        active = try c.value(.active, default: true)
        name = try c.value(.name, default: "")
        description = try c.optional(.description)
        metadata = try c.metadata(.metadata)
        defaultPrice = try c.optional(.defaultPrice)
        unitLabel = try c.optional(.unitLabel)
        type = try c.optional(.type)
        images = try c.value(.images, default: [])
        url = try c.optional(.url)
        statementDescriptor = try c.optional(.statementDescriptor)
        taxCode = try c.expandableID(.taxCode)
        shippable = try c.optional(.shippable)
    }
}
