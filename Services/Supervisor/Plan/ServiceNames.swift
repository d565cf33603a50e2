/// The bus service names the supervisor asks the broker about when it waits for a worker to register.
enum ServiceNames {
    static let connection = "veles.connection.v1.Connection"
    static let customerSync = "veles.customers.v1.CustomerSync"
    static let catalogSync = "veles.catalog.v1.Catalog"
}
