import StripeClient

/// A Stripe customer as a list page carries it, read for just the fields the mirror keeps: a full sync decodes every
/// customer of the account, and the other fields (address, invoice settings, locales…) were most of that cost.
/// Missing and null fields read as empty, as `StripeCustomer` reads them.
struct StripeCustomerRecord: StripeIdentified, Hashable {
    let id: String
    let created: Int64
    let name: String?
    let email: String?
    let description: String?
    let metadata: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id, created, name, email, description, metadata
    }

    init(id: String, created: Int64, name: String?, email: String?, description: String?, metadata: [String: String]) {
        self.id = id
        self.created = created
        self.name = name
        self.email = email
        self.description = description
        self.metadata = metadata
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        created = try container.decodeIfPresent(Int64.self, forKey: .created) ?? 0
        name = try container.decodeIfPresent(String.self, forKey: .name)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
    }
}
