import Foundation
import Normalization

/// The normalised values of a Stripe customer that the rules look up, computed once per customer.
/// The service may store them to find which unmatched customers a Veles change can affect.
public struct MatchKeys: Sendable, Hashable {
    /// Metadata keys whose value is taken as the customer's website.
    public static let websiteMetadataKeys: Set<String> = ["website", "domain", "url", "homepage", "web"]
    /// The metadata key naming a Veles customer directly.
    public static let velesIDMetadataKey = "veles_customer_id"

    /// The Veles customer id named in metadata, trimmed.
    public var velesCustomerID: String?
    /// The email, trimmed and lowercased.
    public var email: String?
    /// Registrable domains of the email and of the metadata websites, free-mail left out, sorted.
    public var domains: [String]
    /// The normalised company name; empty when the customer has none.
    public var name: String

    public init(velesCustomerID: String?, email: String?, domains: [String], name: String) {
        self.velesCustomerID = velesCustomerID
        self.email = email
        self.domains = domains
        self.name = name
    }

    /// Computes the keys of a Stripe customer.
    public init(of customer: StripeCustomerSnapshot, resolver: RegistrableDomainResolver) {
        var velesID: String?
        var hosts: [String] = []
        // Sorted, so that a record carrying both "veles_customer_id" and "Veles_Customer_ID" gives
        // the same answer on every run ("V" sorts before "v"; the exact spelling is read last and wins).
        for (key, value) in customer.metadata.sorted(by: { $0.key < $1.key }) {
            let lowered = key.lowercased()
            if lowered == MatchKeys.velesIDMetadataKey {
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { velesID = trimmed }
            } else if MatchKeys.websiteMetadataKeys.contains(lowered), let host = DomainText.host(ofWebsite: value) {
                hosts.append(host)
            }
        }
        let email = customer.email.flatMap(DomainText.normalizedEmail)
        if let email, let host = DomainText.host(ofEmail: email) {
            hosts.append(host)
        }
        self.init(
            velesCustomerID: velesID,
            email: email,
            domains: MatchKeys.companyDomains(of: hosts, resolver: resolver),
            name: customer.name.map(NameNormalizer.company.normalize) ?? ""
        )
    }

    /// Whether a change that touched these keys can change this customer's result.
    public func intersects(_ touched: MatchKeySet) -> Bool {
        if let velesCustomerID, touched.velesCustomerIDs.contains(velesCustomerID) { return true }
        if let email, touched.emails.contains(email) { return true }
        if !name.isEmpty, touched.names.contains(name) { return true }
        return domains.contains(where: touched.domains.contains)
    }

    /// Registrable domains of hosts, without free-mail ones, sorted and unique.
    static func companyDomains(of hosts: [String], resolver: RegistrableDomainResolver) -> [String] {
        var domains: [String] = []
        for host in hosts {
            if let domain = resolver.registrableDomain(ofHost: host), !FreeMailDomains.contains(registrableDomain: domain) {
                domains.append(domain)
            }
        }
        return sortedUnique(domains)
    }

    /// Sorted without repeats; the lists are a handful long, so no set is built.
    static func sortedUnique(_ values: [String]) -> [String] {
        guard values.count > 1 else { return values }
        var unique: [String] = []
        for value in values.sorted() where unique.last != value {
            unique.append(value)
        }
        return unique
    }
}
