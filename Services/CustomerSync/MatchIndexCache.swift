import CustomerMatching
import Store

/// Each worker's in-memory match index per workspace, rebuilt when the store's directory version shows that another
/// worker (or this one) changed the Veles directory.
actor MatchIndexCache {
    private let store: CustomerStore
    private let resolver: RegistrableDomainResolver
    private var indexes: [String: (version: Int64, index: VelesCustomerIndex)] = [:]

    init(store: CustomerStore, resolver: RegistrableDomainResolver) {
        self.store = store
        self.resolver = resolver
    }

    /// The current index for a workspace.
    func index(workspaceId: String) throws -> VelesCustomerIndex {
        let version = try store.directoryVersion(workspaceId: workspaceId)
        if let cached = indexes[workspaceId], cached.version == version { return cached.index }
        let index = VelesCustomerIndex(customers: try store.allVelesCustomers(workspaceId: workspaceId), resolver: resolver)
        indexes[workspaceId] = (version, index)
        return index
    }

    /// Applies a change this worker just stored (at `version`), returning the keys it touched for re-matching.
    /// When the cache had fallen behind, the index is rebuilt and every unmatched customer is worth a look.
    func apply(_ change: VelesDirectoryChange, workspaceId: String, version: Int64) throws -> (index: VelesCustomerIndex, touched: MatchKeySet?) {
        if var cached = indexes[workspaceId], cached.version == version - 1 {
            let touched = cached.index.apply(change)
            cached.version = version
            indexes[workspaceId] = cached
            return (cached.index, touched)
        }
        indexes[workspaceId] = nil
        return (try index(workspaceId: workspaceId), nil)
    }
}
