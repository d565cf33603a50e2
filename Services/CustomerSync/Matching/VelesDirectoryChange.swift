/// A batch change of the Veles directory: customers added or changed, and customers deleted.
public struct VelesDirectoryChange: Sendable, Hashable {
    public var upserted: [VelesCustomer]
    public var deletedIDs: [String]

    public init(upserted: [VelesCustomer] = [], deletedIDs: [String] = []) {
        self.upserted = upserted
        self.deletedIDs = deletedIDs
    }
}
