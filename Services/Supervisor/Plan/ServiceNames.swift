/// The bus service names the supervisor asks the broker about when it waits for a worker to register.
enum ServiceNames {
    static let connection = "veles.connection.v1.ConnectionService"
    static let customerSync = "veles.customers.v1.CustomerSyncService"
    static let catalogSync = "veles.catalog.v1.CatalogSyncService"
    static let admin = "veles.gateway.v1.Admin"
}
