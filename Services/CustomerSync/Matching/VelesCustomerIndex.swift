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
    // Customers live in slots so that the postings hold small integers, not strings; a deleted
    // customer leaves an empty slot behind (deletions are rare next to lookups).
    private var slots: [Entry?] = []
    private var slotByID: [String: Int32] = [:]
    private var byEmail: [String: Postings] = [:]
    private var byDomain: [String: Postings] = [:]
    private var byName: [String: Postings] = [:]

    /// Indexes a directory; when an id appears twice the later record wins.
    public init(customers: some Sequence<VelesCustomer>, resolver: RegistrableDomainResolver) {
        self.resolver = resolver
        let customers = Array(customers)
        slots.reserveCapacity(customers.count)
        slotByID.reserveCapacity(customers.count)
        byEmail.reserveCapacity(customers.count * 2)
        byDomain.reserveCapacity(customers.count)
        byName.reserveCapacity(customers.count)
        // Normalising is the costly part and needs no shared state: spread it over the cores.
        let entries = ParallelChunks(count: customers.count) { range in
            customers[range].map { Entry($0, resolver: resolver) }
        }.joined()
        for entry in entries {
            remove(id: entry.customer.id)
            insert(entry)
        }
    }

    /// How many Veles customers are indexed.
    public var count: Int { slotByID.count }

    /// The Veles customer with this id, if it is in the directory.
    public func customer(id: String) -> VelesCustomer? {
        slotByID[id].flatMap { slots[Int($0)]?.customer }
    }

    /// Whether a Veles customer with this id is in the directory.
    public func contains(id: String) -> Bool {
        slotByID[id] != nil
    }

    /// Applies upserts, then deletions, and returns the keys touched (old and new values), which
    /// `CustomerMatcher.rematch` uses to pick the unmatched Stripe customers worth matching again.
    @discardableResult
    public mutating func apply(_ change: VelesDirectoryChange) -> MatchKeySet {
        var touched = MatchKeySet()
        for customer in change.upserted {
            if let old = remove(id: customer.id) { touched.insert(old) }
            let entry = Entry(customer, resolver: resolver)
            insert(entry)
            touched.insert(entry)
        }
        for id in change.deletedIDs {
            if let old = remove(id: id) { touched.insert(old) }
        }
        return touched
    }

    func postings(forEmail email: String) -> Postings? {
        byEmail[email]
    }

    func postings(forDomain domain: String) -> Postings? {
        byDomain[domain]
    }

    func postings(forName name: String) -> Postings? {
        name.isEmpty ? nil : byName[name]
    }

    /// The Veles customer id in a slot the postings named.
    func id(ofSlot slot: Int32) -> String {
        slots[Int(slot)]?.customer.id ?? ""
    }

    private mutating func insert(_ entry: Entry) {
        let slot = Int32(slots.count)
        slots.append(entry)
        slotByID[entry.customer.id] = slot
        for email in entry.emails { VelesCustomerIndex.add(slot, to: &byEmail, key: email) }
        for domain in entry.domains { VelesCustomerIndex.add(slot, to: &byDomain, key: domain) }
        if !entry.name.isEmpty { VelesCustomerIndex.add(slot, to: &byName, key: entry.name) }
    }

    @discardableResult
    private mutating func remove(id: String) -> Entry? {
        guard let slot = slotByID.removeValue(forKey: id), let old = slots[Int(slot)] else { return nil }
        slots[Int(slot)] = nil
        for email in old.emails { VelesCustomerIndex.remove(slot, from: &byEmail, key: email) }
        for domain in old.domains { VelesCustomerIndex.remove(slot, from: &byDomain, key: domain) }
        if !old.name.isEmpty { VelesCustomerIndex.remove(slot, from: &byName, key: old.name) }
        return old
    }

    private static func add(_ slot: Int32, to postings: inout [String: Postings], key: String) {
        if let existing = postings[key] {
            postings[key] = existing.inserting(slot)
        } else {
            postings[key] = .one(slot)
        }
    }

    private static func remove(_ slot: Int32, from postings: inout [String: Postings], key: String) {
        postings[key] = postings[key]?.removing(slot)
    }
}
