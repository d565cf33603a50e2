import Testing
@testable import CatalogSync

@Suite struct ProductMatcherTests {
    let widget = VelesCandidate(id: "vp_1", normalizedName: "widget pro", active: true)

    private func reconcile(_ product: StripeProductRecord, _ state: LinkState = .notMatched, linked: VelesCandidate? = nil,
                           sameName: [VelesCandidate] = [], rejected: Set<String> = []) -> LinkState {
        ProductMatcher.reconcile(product, state: state, linked: linked, sameName: sameName, rejected: rejected, nowMs: 42)
    }

    @Test func activeProductNameMatchesTheOnlyActiveVelesProductWithThatName() {
        let state = reconcile(Fixtures.product("prod_1", name: "Widget  PRO"), sameName: [widget])
        #expect(state == LinkState(status: .nameMatch, velesProductId: "vp_1", linkedAtMs: 42))
    }

    @Test func twoCandidatesAreAmbiguousAndMatchNeither() {
        let other = VelesCandidate(id: "vp_2", normalizedName: "widget pro", active: true)
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro"), sameName: [widget, other]).status == .notMatched)
    }

    @Test func inactiveVelesProductsAreNotCandidates() {
        let inactive = VelesCandidate(id: "vp_3", normalizedName: "widget pro", active: false)
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro"), sameName: [inactive]).status == .notMatched)
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro"), sameName: [inactive, widget]).velesProductId == "vp_1")
    }

    @Test func rejectedPairIsNeverNameMatchedAgain() {
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro"), sameName: [widget], rejected: ["vp_1"]) == .notMatched)
    }

    @Test func inactiveOrDeletedStripeProductGetsNoNewMatch() {
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro", active: false), sameName: [widget]) == .notMatched)
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro", deleted: true), sameName: [widget]) == .notMatched)
    }

    @Test func renameInStripeDropsANameMatch() {
        let linked = LinkState(status: .nameMatch, velesProductId: "vp_1", linkedAtMs: 1)
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro Max"), linked, linked: widget) == .notMatched)
        #expect(reconcile(Fixtures.product("prod_1", name: "widget-pro"), linked, linked: widget) == linked)
    }

    @Test func renameToAnotherVelesNameMovesTheNameMatch() {
        let linked = LinkState(status: .nameMatch, velesProductId: "vp_1", linkedAtMs: 1)
        let gadget = VelesCandidate(id: "vp_9", normalizedName: "gadget", active: true)
        #expect(reconcile(Fixtures.product("prod_1", name: "Gadget"), linked, linked: widget, sameName: [gadget]).velesProductId == "vp_9")
    }

    @Test func importAndManualLinksSurviveRenames() {
        for status in [MatchStatus.imported, .manual] {
            let state = LinkState(status: status, velesProductId: "vp_1", linkedAtMs: 1)
            #expect(reconcile(Fixtures.product("prod_1", name: "Completely Different"), state, linked: widget) == state)
        }
    }

    @Test func existingLinksAreKeptWhenTheStripeProductTurnsInactiveOrIsDeleted() {
        for status in [MatchStatus.imported, .manual, .nameMatch] {
            let state = LinkState(status: status, velesProductId: "vp_1", linkedAtMs: 1)
            #expect(reconcile(Fixtures.product("prod_1", name: "Renamed", active: false), state, linked: widget) == state)
            #expect(reconcile(Fixtures.product("prod_1", name: "Renamed", deleted: true), state, linked: widget) == state)
        }
    }

    @Test func ignoredStaysIgnoredWhateverTheNames() {
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro"), .ignored, sameName: [widget]) == .ignored)
    }

    @Test func nameMatchToAVanishedVelesProductIsDropped() {
        let linked = LinkState(status: .nameMatch, velesProductId: "vp_gone", linkedAtMs: 1)
        #expect(reconcile(Fixtures.product("prod_1", name: "Widget Pro"), linked, linked: nil) == .notMatched)
    }

    @Test func manualMatchOfAnInactiveProductTellsTheAdminToReactivateIt() throws {
        #expect(throws: CatalogError.self) { try ProductMatcher.match(Fixtures.product("prod_1", name: "A", active: false), to: "vp_1", nowMs: 1) }
        do {
            _ = try ProductMatcher.match(Fixtures.product("prod_1", name: "A", active: false), to: "vp_1", nowMs: 1)
        } catch {
            #expect(error.code == .failedPrecondition)
            #expect(error.message.contains("reactivate it"))
        }
        #expect(try ProductMatcher.match(Fixtures.product("prod_1", name: "A"), to: "vp_1", nowMs: 5)
                == LinkState(status: .manual, velesProductId: "vp_1", linkedAtMs: 5))
    }

    @Test func importOfInactiveOrDeletedProductIsRefused() throws {
        for product in [Fixtures.product("prod_1", name: "A", active: false), Fixtures.product("prod_1", name: "A", deleted: true)] {
            do {
                _ = try ProductMatcher.importDecision(product, state: .notMatched, importedProductExists: false)
                Issue.record("import should fail")
            } catch {
                #expect(error.code == .failedPrecondition)
            }
        }
    }

    @Test func importingTwiceReturnsTheSameProductAndMatchedProductsMustBeUnlinkedFirst() throws {
        let product = Fixtures.product("prod_1", name: "A")
        let imported = LinkState(status: .imported, velesProductId: "vp_1", linkedAtMs: 1)
        #expect(try ProductMatcher.importDecision(product, state: imported, importedProductExists: true) == .existing("vp_1"))
        #expect(try ProductMatcher.importDecision(product, state: imported, importedProductExists: false) == .create)
        #expect(try ProductMatcher.importDecision(product, state: .ignored, importedProductExists: false) == .create)
        #expect(throws: CatalogError.self) {
            try ProductMatcher.importDecision(product, state: LinkState(status: .manual, velesProductId: "vp_2", linkedAtMs: 1),
                                              importedProductExists: false)
        }
    }

    @Test func unlinkRecordsTheRejectedPairAndIsIdempotent() {
        let (state, rejected) = ProductMatcher.unlink(LinkState(status: .nameMatch, velesProductId: "vp_1", linkedAtMs: 1))
        #expect(state == .notMatched && rejected == "vp_1")
        let (again, none) = ProductMatcher.unlink(state)
        #expect(again == .notMatched && none == nil)
        #expect(ProductMatcher.unlink(.ignored).state == .ignored)
    }

    @Test func ignoreRefusesLinkedProductsAndUnignoreReturnsToReview() throws {
        #expect(throws: CatalogError.self) {
            try ProductMatcher.ignore(LinkState(status: .manual, velesProductId: "vp_1", linkedAtMs: 1), stripeProductId: "prod_1")
        }
        #expect(try ProductMatcher.ignore(.notMatched, stripeProductId: "prod_1") == .ignored)
        #expect(ProductMatcher.unignore(.ignored) == .notMatched)
        let manual = LinkState(status: .manual, velesProductId: "vp_1", linkedAtMs: 1)
        #expect(ProductMatcher.unignore(manual) == manual)
    }
}
