/// A customer (company) record of the Veles directory, as the matcher sees it.
public struct VelesCustomer: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Web domains of the company as Veles keeps them; URLs and subdomains are accepted and reduced.
    public var domains: [String]
    public var contactEmails: [String]
    public var billingEmail: String?

    public init(id: String, name: String, domains: [String] = [], contactEmails: [String] = [], billingEmail: String? = nil) {
        self.id = id
        self.name = name
        self.domains = domains
        self.contactEmails = contactEmails
        self.billingEmail = billingEmail
    }
}
