import Bus
import Foundation
import TestSupport
import Testing
import VelesAPI

/// A workspace reconnected to another Stripe account, with the real connection service, catalog-sync and a
/// stripe-sim holding two accounts: links made against the first account are kept, flagged and listed for review.
@Suite(.serialized) struct AccountChangeTests {
    static let firstAccount = "acct_1FirstCatalog00"
    static let secondAccount = "acct_1SecondCatalog0"
    static let firstKey = "sk_test_first_catalog_1111"
    static let secondKey = "sk_test_second_catalog_2222"

    /// A stripe-sim accounts file with both accounts, one test key each.
    static func twoAccountsConfig(in folder: TemporaryDirectory) throws -> String {
        let path = folder.appending("sim-accounts.json").path
        let config = """
            {"accounts": [
              {"id": "\(firstAccount)", "name": "First Co", "email": "first@example.com", "keys": ["\(firstKey)"]},
              {"id": "\(secondAccount)", "name": "Second Co", "email": "second@example.com", "keys": ["\(secondKey)"]}
            ]}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func connect(_ h: CatalogBusHarness, key: String) async throws -> Veles_Connection_V1_StripeConnection {
        var request = Veles_Connection_V1_ConnectRequest()
        request.apiKey = key
        return try await Veles_Connection_V1_ConnectionClient(channel: h.client).connect(request, options: h.options).connection
    }

    @Test func reconnectingToAnotherAccountFlagsEveryLinkKeepsItAndAnAdminClearsTheFlags() async throws {
        let configFolder = try TemporaryDirectory(prefix: "catalog-accounts")
        let config = try Self.twoAccountsConfig(in: configFolder)
        let h = try await CatalogBusHarness(realConnection: true, simArguments: ["--no-rate-limit", "--config", config])
        let alphaFirst = try await h.sim.product("Alpha", key: Self.firstKey)
        let betaFirst = try await h.sim.product("Beta", key: Self.firstKey)
        let gammaFirst = try await h.sim.product("Gamma", key: Self.firstKey)
        let alphaSecond = try await h.sim.product("Alpha", key: Self.secondKey)
        let deltaSecond = try await h.sim.product("Delta", key: Self.secondKey)
        var upsert = Veles_Catalog_V1_UpsertProductsRequest()
        upsert.products = [velesProduct("vp_alpha", name: "Alpha", sku: "ALPHA"), velesProduct("vp_other", name: "Other", sku: "OTHER")]
        _ = try await h.catalog.upsertProducts(upsert, options: h.options)

        let first = try await connect(h, key: Self.firstKey)
        #expect(first.accountId == Self.firstAccount && !first.linksNeedReview)
        #expect(try await h.syncNow().run.status == .succeeded)
        var importRequest = Veles_Catalog_V1_ImportProductRequest()
        importRequest.stripeProductId = betaFirst
        let imported = try await h.catalog.importProduct(importRequest, options: h.options)
        var match = Veles_Catalog_V1_MatchProductRequest()
        match.stripeProductId = gammaFirst
        match.velesProductId = "vp_other"
        _ = try await h.catalog.matchProduct(match, options: h.options)
        var summary = try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: h.options)
        #expect(summary.nameMatch == 1 && summary.import == 1 && summary.manual == 1 && summary.linksNeedReview == 0)

        _ = try await Veles_Connection_V1_ConnectionClient(channel: h.client).disconnect(.init(), options: h.options)
        let second = try await connect(h, key: Self.secondKey)
        #expect(second.accountId == Self.secondAccount && second.linksNeedReview && second.previousAccountId == Self.firstAccount)
        let resync = try await h.syncNow()
        #expect(resync.run.status == .succeeded, "\(resync.run.error)")

        summary = try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: h.options)
        #expect(summary.linksNeedReview == 3)
        var flaggedOnly = Veles_Catalog_V1_ListStripeProductsRequest()
        flaggedOnly.flaggedLinksOnly = true
        let flagged = try await h.catalog.listStripeProducts(flaggedOnly, options: h.options).products
        #expect(Set(flagged.map(\.stripeId)) == [alphaFirst, betaFirst, gammaFirst])
        for row in flagged {
            // Kept, not trusted: the link and its Veles product stay; the old account's products are gone from view
            // of the new account, so they show deleted.
            #expect(row.linkFlag == "account_changed:\(Self.firstAccount)")
            #expect(!row.velesProductId.isEmpty && row.deleted)
        }
        #expect(flagged.first { $0.stripeId == betaFirst }?.matchStatus == .import)
        let all = try await h.catalog.listStripeProducts(Veles_Catalog_V1_ListStripeProductsRequest(), options: h.options).products
        // The new account's products are judged afresh and carry no flag.
        let alphaNew = try #require(all.first { $0.stripeId == alphaSecond })
        #expect(alphaNew.matchStatus == .nameMatch && alphaNew.linkFlag.isEmpty)
        #expect(all.first { $0.stripeId == deltaSecond }?.matchStatus == .notMatched)
        var get = Veles_Catalog_V1_GetProductRequest()
        get.id = imported.product.id
        #expect(try await h.catalog.getProduct(get, options: h.options).product.name == "Beta")

        // Confirming the imported link keeps it an import; unlinking the manual one clears its flag too.
        match.stripeProductId = betaFirst
        match.velesProductId = imported.product.id
        let confirmed = try await h.catalog.matchProduct(match, options: h.options).product
        #expect(confirmed.matchStatus == .import && confirmed.linkFlag.isEmpty)
        var unlink = Veles_Catalog_V1_UnlinkProductRequest()
        unlink.stripeProductId = gammaFirst
        let unlinked = try await h.catalog.unlinkProduct(unlink, options: h.options).product
        #expect(unlinked.matchStatus == .notMatched && unlinked.linkFlag.isEmpty)
        // Another sync leaves the remaining flag alone: only an admin clears it.
        #expect(try await h.syncNow().run.status == .succeeded)
        summary = try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: h.options)
        #expect(summary.linksNeedReview == 1)
    }

    @Test func reconnectingToTheSameAccountFlagsNothing() async throws {
        let configFolder = try TemporaryDirectory(prefix: "catalog-accounts")
        let config = try Self.twoAccountsConfig(in: configFolder)
        let h = try await CatalogBusHarness(realConnection: true, simArguments: ["--no-rate-limit", "--config", config])
        _ = try await h.sim.product("Alpha", key: Self.firstKey)
        var upsert = Veles_Catalog_V1_UpsertProductsRequest()
        upsert.products = [velesProduct("vp_alpha", name: "Alpha", sku: "ALPHA")]
        _ = try await h.catalog.upsertProducts(upsert, options: h.options)
        _ = try await connect(h, key: Self.firstKey)
        #expect(try await h.syncNow().run.status == .succeeded)
        _ = try await Veles_Connection_V1_ConnectionClient(channel: h.client).disconnect(.init(), options: h.options)
        let again = try await connect(h, key: Self.firstKey)
        #expect(!again.linksNeedReview)
        #expect(try await h.syncNow().run.status == .succeeded)
        let summary = try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: h.options)
        #expect(summary.nameMatch == 1 && summary.linksNeedReview == 0 && summary.deleted == 0)
    }
}
