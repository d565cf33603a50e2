import Normalization

/// Every Veles customer of one workspace, indexed by the keys the rules look up. Built once,
/// then kept current with `apply(_:)`; a value type, so a copy can be read on any thread.
public struct VelesCustomerIndex: Sendable {
    /// A Veles customer with its normalised keys.
    struct Entry: Sendable {
        let customer: VelesCustomer
        let emails: [String]
        let domains: [String]
        let name: String

        init(_ customer: VelesCustomer, resolver: RegistrableDomainResolver) {
            self.customer = customer
            var emails = customer.contactEmails.compactMap(DomainText.normalizedEmail)
            if let billing = customer.billingEmail.flatMap(DomainText.normalizedEmail) { emails.append(billing) }
            self.emails = MatchKeys.sortedUnique(emails)
            let hosts = customer.domains.compactMap(DomainText.host(ofWebsite:))
            self.domains = MatchKeys.companyDomains(of: hosts, resolver: resolver)
            self.name = NameNormalizer.company.normalize(customer.name)
        }
    }

    /// The resolver used for the directory's domains; Stripe customers are reduced with the same one.
    public let resolver: RegistrableDomainResolver
    private var entries: [String: Entry] = [:]
    private var byEmail: [String: [String]] = [:]
    private var byDomain: [String: [String]] = [:]
    private var byName: [String: [String]] = [:]

    /// Indexes a directory; when an id appears twice the later record wins.
    public init(customers: some Sequence<VelesCustomer>, resolver: RegistrableDomainResolver) {
        self.resolver = resolver
        let customers = Array(customers)
        entries.reserveCapacity(customers.count)
        byEmail.reserveCapacity(customers.count * 2)
        byDomain.reserveCapacity(customers.count)
        byName.reserveCapacity(customers.count)
        // Normalising is the costly part and needs no shared state: spread it over the cores.
        let chunks = ParallelChunks(count: customers.count) { range in
            customers[range].map { Entry($0, resolver: resolver) }
        }
        for entry in chunks.joined() {
            if entries[entry.customer.id] != nil { remove(id: entry.customer.id) }
            insert(entry)
        }
    }

    /// How many Veles customers are indexed.
    public var count: Int { entries.count }

    /// The Veles customer with this id, if it is in the directory.
    public func customer(id: String) -> VelesCustomer? {
        entries[id]?.customer
    }

    /// Whether a Veles customer with this id is in the directory.
    public func contains(id: String) -> Bool {
        entries[id] != nil
    }

    /// Applies upserts, then deletions, and returns the keys touched (old and new values), which
    /// `CustomerMatcher.rematch` uses to pick the unmatched Stripe customers worth matching again.
    @discardableResult
    public mutating func apply(_ change: VelesDirectoryChange) -> MatchKeySet {
        var touched = MatchKeySet()
        for customer in change.upserted {
            if let old = entries[customer.id] { touched.insert(old) }
            touched.insert(upsert(customer))
        }
        for id in change.deletedIDs {
            if let old = remove(id: id) { touched.insert(old) }
        }
        return touched
    }

    func ids(forEmail email: String) -> [String] {
        byEmail[email] ?? []
    }

    func ids(forDomain domain: String) -> [String] {
        byDomain[domain] ?? []
    }

    func ids(forName name: String) -> [String] {
        name.isEmpty ? [] : byName[name] ?? []
    }

    @discardableResult
    private mutating func upsert(_ customer: VelesCustomer) -> Entry {
        remove(id: customer.id)
        let entry = Entry(customer, resolver: resolver)
        insert(entry)
        return entry
    }

    private mutating func insert(_ entry: Entry) {
        let customer = entry.customer
        entries[customer.id] = entry
        for email in entry.emails { byEmail[email, default: []].append(customer.id) }
        for domain in entry.domains { byDomain[domain, default: []].append(customer.id) }
        if !entry.name.isEmpty { byName[entry.name, default: []].append(customer.id) }
    }

    @discardableResult
    private mutating func remove(id: String) -> Entry? {
        guard let old = entries.removeValue(forKey: id) else { return nil }
        for email in old.emails { VelesCustomerIndex.remove(id, from: &byEmail, key: email) }
        for domain in old.domains { VelesCustomerIndex.remove(id, from: &byDomain, key: domain) }
        if !old.name.isEmpty { VelesCustomerIndex.remove(id, from: &byName, key: old.name) }
        return old
    }

    private static func remove(_ id: String, from postings: inout [String: [String]], key: String) {
        postings[key]?.removeAll { $0 == id }
        if postings[key]?.isEmpty == true { postings[key] = nil }
    }
}
