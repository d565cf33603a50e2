/// What the rules ask of the Veles directory: whether a customer is in it, and which customers
/// carry a normalised key. `VelesCustomerIndex` answers from a whole directory in memory;
/// `VelesDirectoryExcerpt` answers from the part of it one batch of Stripe customers can reach.
public protocol VelesDirectoryLookup: Sendable {
    /// The resolver that reduced the directory's domains; Stripe customers are reduced with the same one.
    var resolver: RegistrableDomainResolver { get }

    /// Whether a Veles customer with this id is in the directory.
    func contains(id: String) -> Bool

    /// Calls `body` once with each Veles customer whose email, domain or name (`key.rule`) equals
    /// `key.value`, in no particular order.
    func forEachCustomer(with key: DirectoryKey, _ body: (String) -> Void)
}
