import Normalization

/// Every Veles customer of one workspace, indexed by the keys the rules look up. Built once,
/// then kept current with `apply(_:)`; a value type, so a copy can be read on any thread.
public struct VelesCustomerIndex: VelesDirectoryLookup {
    /// A Veles customer with its normalised keys.
    struct Entry: Sendable {
        let customer: VelesCustomer
        let keys: VelesMatchKeys

        init(_ customer: VelesCustomer, resolver: RegistrableDomainResolver) {
            self.customer = customer
            keys = VelesMatchKeys(of: customer, resolver: resolver)
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

    public func contains(id: String) -> Bool {
        slotByID[id] != nil
    }

    public func forEachCustomer(with key: DirectoryKey, _ body: (String) -> Void) {
        let postings: Postings?
        switch key.rule {
        case .email: postings = byEmail[key.value]
        case .domain: postings = byDomain[key.value]
        case .name: postings = key.value.isEmpty ? nil : byName[key.value]
        case .metadata, .manual, .created: postings = nil
        }
        postings?.forEach { slot in
            if let id = slots[Int(slot)]?.customer.id { body(id) }
        }
    }

    private mutating func insert(_ entry: Entry) {
        let slot = Int32(slots.count)
        slots.append(entry)
        slotByID[entry.customer.id] = slot
        for email in entry.keys.emails { VelesCustomerIndex.add(slot, to: &byEmail, key: email) }
        for domain in entry.keys.domains { VelesCustomerIndex.add(slot, to: &byDomain, key: domain) }
        if !entry.keys.name.isEmpty { VelesCustomerIndex.add(slot, to: &byName, key: entry.keys.name) }
    }

    @discardableResult
    private mutating func remove(id: String) -> Entry? {
        guard let slot = slotByID.removeValue(forKey: id), let old = slots[Int(slot)] else { return nil }
        slots[Int(slot)] = nil
        for email in old.keys.emails { VelesCustomerIndex.remove(slot, from: &byEmail, key: email) }
        for domain in old.keys.domains { VelesCustomerIndex.remove(slot, from: &byDomain, key: domain) }
        if !old.keys.name.isEmpty { VelesCustomerIndex.remove(slot, from: &byName, key: old.keys.name) }
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
