import Normalization

/// The normalised values of a Veles customer that Stripe customers are compared with: its contact
/// and billing emails, its registrable company domains (free-mail left out) and its company name.
public struct VelesMatchKeys: Sendable, Hashable {
    /// Trimmed, lowercased, sorted, unique.
    public let emails: [String]
    /// Registrable domains, sorted, unique.
    public let domains: [String]
    /// Empty when the name is nothing but a legal form or punctuation.
    public let name: String

    public init(of customer: VelesCustomer, resolver: RegistrableDomainResolver) {
        var emails = customer.contactEmails.compactMap(DomainText.normalizedEmail)
        if let billing = customer.billingEmail.flatMap(DomainText.normalizedEmail) { emails.append(billing) }
        self.emails = MatchKeys.sortedUnique(emails)
        let hosts = customer.domains.compactMap(DomainText.host(ofWebsite:))
        domains = MatchKeys.companyDomains(of: hosts, resolver: resolver)
        name = NameNormalizer.company.normalize(customer.name)
    }

    /// Every key, as the rules look them up.
    public var keys: [DirectoryKey] {
        var keys = emails.map { DirectoryKey(.email, $0) } + domains.map { DirectoryKey(.domain, $0) }
        if !name.isEmpty { keys.append(DirectoryKey(.name, name)) }
        return keys
    }
}
