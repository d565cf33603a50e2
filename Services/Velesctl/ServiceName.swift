/// How velesctl reads the service and method names a person types: in full (`veles.catalog.v1.Catalog`,
/// `/veles.catalog.v1.Catalog/ListSyncRuns`) or by the last part (`Catalog`, `ListSyncRuns`). Every command reads them
/// the same way, so a name a filter check accepts is one the filter itself passes.
enum ServiceName {
    static func service(_ fullName: String, isNamedBy given: String) -> Bool {
        fullName == given || fullName.hasSuffix("." + given)
    }

    static func method(_ path: String, isNamedBy given: String) -> Bool {
        path == given || path.hasSuffix("/" + given)
    }
}
