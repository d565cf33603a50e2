import Bus
import Foundation
import Testing
import TestSupport
import VelesAPI

/// The real services against localstripe, a Stripe emulator written by others (pinned in Tests/requirements.txt),
/// so our Stripe client is shown to work on more than the emulator we wrote ourselves.
///
/// localstripe has no `/v1/account` (the workspace connects with the account id given), no webhook endpoints (no
/// webhook URL is set; changes come from syncs) and no prices (catalog-sync runs with `--products-only`). It binds
/// every interface and pickles its store into the temp folder on its own, so it runs through
/// `Scripts/localstripe_loopback.py`: loopback only, nothing on disk.
@Suite(.serialized) struct LocalstripeCrossCheckTests {
    static let key = "sk_test_localstripe_cross_check_4242"
    static let accountId = "acct_1LocalstripeXchk"
    static let workspace = "ws_localstripe"
    static let script = TestPaths.repositoryRoot.appendingPathComponent("Tests/IntegrationTests/Scripts/localstripe_loopback.py")
    static let syncFlags = ["--sync-interval", "3600", "--scheduler-tick", "0.2", "--stripe-rate-limit", "off"]

    var options: CallOptions { CallOptions(timeout: .seconds(30), workspaceId: Self.workspace) }

    /// A form POST (or a DELETE) to localstripe's Stripe API, with the key; returns the object it answered.
    @discardableResult
    static func stripe(_ stack: ServiceStack, _ method: String, _ path: String, _ fields: [(String, String)] = []) async throws -> [String: Any] {
        let headers = ["Authorization": "Bearer \(key)"]
        let response = method == "DELETE"
            ? try await HTTPCall.send(method, stack.stripeURL + path, headers: headers)
            : try await HTTPCall.form(method, stack.stripeURL + path, fields, headers: headers)
        guard response.status == 200 else {
            throw TestSupportError("localstripe \(method) \(path) answered \(response.status): \(response.text)")
        }
        return try response.json()
    }

    @Test(.timeLimit(.minutes(2)))
    func customersAndProductsSyncFromLocalstripeWithTheAccountIdGivenAndNoWebhooks() async throws {
        guard FileManager.default.isExecutableFile(atPath: TestPaths.python.path) else {
            Issue.record("no Python venv at \(TestPaths.python.path); run `make setup` (it installs localstripe)")
            return
        }
        let stack = try ServiceStack()
        let emulator = try stack.launch(TestPaths.python.path, [Self.script.path, "--port", String(stack.stripePort)])
        try await emulator.waitForLog("localstripe listening on http://127.0.0.1:", timeout: .seconds(30))

        // Seeded over localstripe's HTTP API, the way the Stripe dashboard would.
        let acme = try await Self.stripe(stack, "POST", "/v1/customers", [("name", "Acme"), ("email", "billing@acme.example")])["id"] as? String ?? ""
        let globex = try await Self.stripe(stack, "POST", "/v1/customers", [("name", "Globex Corporation"), ("email", "ap@globex.example")])["id"] as? String ?? ""
        let doomed = try await Self.stripe(stack, "POST", "/v1/customers", [("name", "Initech"), ("description", "closing down")])["id"] as? String ?? ""
        let widget = try await Self.stripe(stack, "POST", "/v1/products", [("name", "Widget"), ("description", "A widget")])["id"] as? String ?? ""
        let gadget = try await Self.stripe(stack, "POST", "/v1/products", [("name", "Gadget Pro"), ("metadata[sku]", "GAD-PRO")])["id"] as? String ?? ""
        let retired = try await Self.stripe(stack, "POST", "/v1/products", [("name", "Retired thing"), ("active", "false")])["id"] as? String ?? ""

        try await stack.startBroker(["--no-journal"])
        try await stack.startService("connection", ["--stripe-rate-limit-test", "0"])
        try await stack.startService("customer-sync", Self.syncFlags)
        try await stack.startService("catalog-sync", Self.syncFlags + ["--products-only"])
        let bus = try BusClient(configuration: BusClientConfiguration(broker: stack.brokerFrontend, caller: "test"),
                                logger: .init(process: "test", level: .warning))
        defer { bus.close() }
        let connection = Veles_Connection_V1_ConnectionClient(channel: bus)
        let customers = Veles_Customers_V1_CustomerSyncClient(channel: bus)
        let catalog = Veles_Catalog_V1_CatalogClient(channel: bus)

        var velesCustomers = Veles_Customers_V1_UpsertVelesCustomersRequest()
        var velesAcme = Veles_Customers_V1_VelesCustomer()
        velesAcme.id = "vc_acme"
        velesAcme.name = "Acme Ltd"
        velesAcme.contactEmails = ["billing@acme.example"]
        velesCustomers.customers = [velesAcme]
        _ = try await customers.upsertVelesCustomers(velesCustomers, options: options)
        var velesProducts = Veles_Catalog_V1_UpsertProductsRequest()
        var velesWidget = Veles_Catalog_V1_Product()
        velesWidget.id = "vp_widget"
        velesWidget.name = "Widget"
        velesWidget.sku = "WID"
        velesProducts.products = [velesWidget]
        _ = try await catalog.upsertProducts(velesProducts, options: options)

        // No /v1/account there: the key is proved on the customers list and the account id is the one given.
        var connect = Veles_Connection_V1_ConnectRequest()
        connect.apiKey = Self.key
        connect.accountId = Self.accountId
        connect.accountName = "Localstripe Co"
        let connected = try await connection.connect(connect, options: options).connection
        #expect(connected.accountId == Self.accountId && connected.status == .connected && !connected.webhookConfigured)

        var customerSync = Veles_Customers_V1_SyncNowRequest()
        customerSync.wait = true
        let customerRun = try await customers.syncNow(customerSync, options: options).run
        #expect(customerRun.status == .succeeded, "\(customerRun.error)\n\(stack.logs)")
        var productSync = Veles_Catalog_V1_SyncNowRequest()
        productSync.full = true
        productSync.waitMs = 20_000
        let productRun = try await catalog.syncNow(productSync, options: options).run
        #expect(productRun.status == .succeeded, "\(productRun.error)\n\(stack.logs)")

        let mirrored = try await customers.listStripeCustomers(.init(), options: options).customers
        #expect(Set(mirrored.map(\.stripeId)) == [acme, globex, doomed])
        let acmeRow = try #require(mirrored.first { $0.stripeId == acme })
        #expect(acmeRow.name == "Acme" && acmeRow.email == "billing@acme.example")
        #expect(acmeRow.velesCustomerId == "vc_acme" && acmeRow.matchMethod == .email)
        #expect(mirrored.first { $0.stripeId == globex }?.matchStatus == .notMatched)

        let products = try await catalog.listStripeProducts(.init(), options: options).products
        #expect(Set(products.map(\.stripeId)) == [widget, gadget, retired])
        let widgetRow = try #require(products.first { $0.stripeId == widget })
        #expect(widgetRow.matchStatus == .nameMatch && widgetRow.velesProductId == "vp_widget" && widgetRow.description == "A widget")
        #expect(products.first { $0.stripeId == retired }?.active == false)
        var importRequest = Veles_Catalog_V1_ImportProductRequest()
        importRequest.stripeProductId = gadget
        let imported = try await catalog.importProduct(importRequest, options: options)
        #expect(imported.created && imported.product.sku == "GAD-PRO" && imported.product.plans.isEmpty)

        // Changes made in localstripe reach the mirror with the next sync: a rename, a deletion on each side.
        try await Self.stripe(stack, "POST", "/v1/customers/\(globex)", [("name", "Globex Inc")])
        try await Self.stripe(stack, "DELETE", "/v1/customers/\(doomed)")
        try await Self.stripe(stack, "POST", "/v1/products/\(widget)", [("name", "Widget 2")])
        #expect(try await customers.syncNow(customerSync, options: options).run.status == .succeeded)
        #expect(try await catalog.syncNow(productSync, options: options).run.status == .succeeded)
        let after = try await customers.listStripeCustomers(.init(), options: options).customers
        #expect(after.first { $0.stripeId == globex }?.name == "Globex Inc")
        #expect(after.first { $0.stripeId == doomed }?.matchStatus == .deleted)
        let renamed = try await catalog.listStripeProducts(.init(), options: options).products.first { $0.stripeId == widget }
        #expect(renamed?.name == "Widget 2" && renamed?.matchStatus == .notMatched, "a rename drops the name match")
        let summary = try await catalog.summary(.init(), options: options)
        #expect(summary.import == 1 && summary.total == 3)
    }
}
