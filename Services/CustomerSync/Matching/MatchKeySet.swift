/// Keys touched by a change of the Veles directory (old and new values of every changed customer):
/// only unmatched Stripe customers whose `MatchKeys` meet them need matching again.
public struct MatchKeySet: Sendable, Hashable {
    public var velesCustomerIDs: Set<String> = []
    public var emails: Set<String> = []
    public var domains: Set<String> = []
    public var names: Set<String> = []

    public init() {}

    /// Whether the change touched nothing.
    public var isEmpty: Bool {
        velesCustomerIDs.isEmpty && emails.isEmpty && domains.isEmpty && names.isEmpty
    }

    mutating func insert(_ entry: VelesCustomerIndex.Entry) {
        velesCustomerIDs.insert(entry.customer.id)
        emails.formUnion(entry.keys.emails)
        domains.formUnion(entry.keys.domains)
        if !entry.keys.name.isEmpty { names.insert(entry.keys.name) }
    }
}
