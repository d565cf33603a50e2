import Bus
import Foundation
@testable import Gateway
import Support
import TestSupport
import VelesAPI

/// The routes the gateway serves, read from `GatewayAPI.routes` itself, so a test driven by this list cannot miss one.
enum RouteTable {
    struct Entry: Hashable, CustomStringConvertible {
        let method: String
        let pattern: String
        var description: String { "\(method) \(pattern)" }
    }

    /// Every served route, built from a gateway whose bus goes nowhere (no call is made).
    static func served() throws -> [Entry] {
        let directory = try TemporaryDirectory(prefix: "veles-routes")
        let store = try GatewayStore.open(path: directory.appending("gateway.sqlite").path)
        let logger = Logger(process: "test", level: .error)
        let bus = try BusClient(configuration: BusClientConfiguration(broker: "ipc:///tmp/veles-routes-\(UUID().uuidString.prefix(8))",
                                                                      caller: "gateway"), logger: logger)
        defer { bus.close() }
        let api = GatewayAPI(
            store: store,
            connection: Veles_Connection_V1_ConnectionClient(channel: bus),
            customers: Veles_Customers_V1_CustomerSyncClient(channel: bus),
            catalog: Veles_Catalog_V1_CatalogClient(channel: bus),
            webhooks: WebhookReceiver(connection: Veles_Connection_V1_ConnectionClient(channel: bus),
                                      customers: Veles_Customers_V1_CustomerSyncClient(channel: bus),
                                      catalog: Veles_Catalog_V1_CatalogClient(channel: bus), logger: logger),
            health: HealthProbe(bus: bus, store: store), availability: ServiceAvailability(bus: bus), logger: logger)
        return api.routes.map { Entry(method: $0.method.rawValue, pattern: $0.pattern) }
    }

    /// The routes the OpenAPI document says need a bearer token.
    static var authenticated: Set<Entry> {
        Set(OpenAPIDocument.operations.filter(\.authenticated).map { Entry(method: $0.method.uppercased(), pattern: $0.path) })
    }

    /// A pattern with its `{name}` captures replaced by `values[name]`.
    static func fill(_ pattern: String, _ values: [String: String]) -> String {
        var path = pattern
        for (name, value) in values { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        return path
    }
}
