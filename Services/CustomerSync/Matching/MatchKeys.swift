import Foundation
import Normalization

/// The normalised values of a Stripe customer that the rules look up; the store keeps them so that a change of the
/// Veles directory finds the unmatched customers it may now match.
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
        let email = customer.email.flatMap(DomainText.normalizedEmail)
        self.init(
            velesCustomerID: MatchKeys.velesCustomerID(in: customer.metadata),
            email: email,
            domains: MatchKeys.domains(email: email, metadata: customer.metadata, resolver: resolver),
            name: customer.name.map(NameNormalizer.company.normalize) ?? ""
        )
    }

    /// The keys the rules look up in the directory: the email, each domain and the name.
    public var directoryKeys: [DirectoryKey] {
        var keys: [DirectoryKey] = []
        if let email { keys.append(DirectoryKey(.email, email)) }
        keys += domains.map { DirectoryKey(.domain, $0) }
        if !name.isEmpty { keys.append(DirectoryKey(.name, name)) }
        return keys
    }

    /// Every key a change of the directory can meet: the directory keys and the Veles id named in metadata.
    public var allKeys: [DirectoryKey] {
        (velesCustomerID.map { [DirectoryKey(.metadata, $0)] } ?? []) + directoryKeys
    }

    /// The Veles id named in metadata, trimmed. The keys are compared without case; when a record
    /// carries several spellings, the lowercase one wins, so every run gives the same answer.
    static func velesCustomerID(in metadata: [String: String]) -> String? {
        if metadata.isEmpty { return nil }
        if let exact = metadata[velesIDMetadataKey].flatMap(trimmedNonEmpty) { return exact }
        return metadata.filter { $0.key.lowercased() == velesIDMetadataKey }
            .sorted { $0.key > $1.key }
            .lazy.compactMap { trimmedNonEmpty($0.value) }.first
    }

    /// Registrable, non-free-mail domains of the email and of the metadata websites.
    static func domains(email: String?, metadata: [String: String], resolver: RegistrableDomainResolver) -> [String] {
        var hosts: [String] = []
        for (key, value) in metadata where websiteMetadataKeys.contains(key.lowercased()) {
            if let host = DomainText.host(ofWebsite: value) { hosts.append(host) }
        }
        if let email, let host = DomainText.host(ofEmail: email) {
            hosts.append(host)
        }
        return companyDomains(of: hosts, resolver: resolver)
    }

    private static func trimmedNonEmpty(_ value: String) -> String? {
        // Foundation's trimming is costly and almost every value has nothing to trim.
        let padded = value.first?.isWhitespace == true || value.last?.isWhitespace == true
        let trimmed = padded ? value.trimmingCharacters(in: .whitespacesAndNewlines) : value
        return trimmed.isEmpty ? nil : trimmed
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
