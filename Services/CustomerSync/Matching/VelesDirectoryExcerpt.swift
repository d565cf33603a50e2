/// The part of a Veles directory that a batch of Stripe customers can reach: the customers carrying
/// any of the batch's keys, and which of the ids the batch names (metadata, standing links) exist.
/// A service fills it from its store, so memory follows the batch rather than the directory; the
/// matcher reads it exactly as it reads a whole `VelesCustomerIndex`.
public struct VelesDirectoryExcerpt: VelesDirectoryLookup {
    public let resolver: RegistrableDomainResolver
    private var customersByKey: [DirectoryKey: [String]] = [:]
    private var knownIDs: Set<String> = []

    public init(resolver: RegistrableDomainResolver) {
        self.resolver = resolver
    }

    /// Records that the Veles customer `id` carries `key` (and so is in the directory).
    public mutating func add(_ id: String, carrying key: DirectoryKey) {
        knownIDs.insert(id)
        if customersByKey[key]?.contains(id) != true {
            customersByKey[key, default: []].append(id)
        }
    }

    /// Records that a Veles customer with this id is in the directory.
    public mutating func addCustomer(id: String) {
        knownIDs.insert(id)
    }

    public func contains(id: String) -> Bool {
        knownIDs.contains(id)
    }

    public func forEachCustomer(with key: DirectoryKey, _ body: (String) -> Void) {
        customersByKey[key]?.forEach(body)
    }
}
