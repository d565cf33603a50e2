import CustomerMatching
import Testing

@Suite("Matching again after the Veles directory changes")
struct RematchTests {
    let resolver = MatchingFixture.resolver

    @Test("a company created in Veles after the sync gets its link")
    func newVelesCustomerIsFound() {
        var index = VelesCustomerIndex(customers: MatchingFixture.directory, resolver: resolver)
        let stripe = StripeCustomerSnapshot(id: "cus_new", name: "Initrode LLC", email: "pm@initrode.com")
        #expect(CustomerMatcher.match(stripe, in: index, decisions: .none).outcome == .noCandidate)

        let touched = index.apply(VelesDirectoryChange(upserted: [VelesCustomer(id: "vc_initrode", name: "Initrode", domains: ["initrode.com"])]))
        let results = CustomerMatcher.rematch([stripe], after: touched, in: index, decisions: .none)
        #expect(results == [MatchResult(stripeCustomerID: "cus_new", outcome: .linked(velesCustomerID: "vc_initrode", method: .domain, isStanding: false))])
    }

    @Test("deleting one of two Globex resolves the ambiguity")
    func deletionResolvesAmbiguity() {
        var index = VelesCustomerIndex(customers: MatchingFixture.directory, resolver: resolver)
        let stripe = StripeCustomerSnapshot(id: "cus_globex", name: "Globex")
        #expect(CustomerMatcher.match(stripe, in: index, decisions: .none).outcome == .ambiguous(rule: .name, candidates: ["vc_globex_1", "vc_globex_2"]))

        let touched = index.apply(VelesDirectoryChange(deletedIDs: ["vc_globex_1"]))
        #expect(touched.names == ["globex"])
        #expect(!index.contains(id: "vc_globex_1"))
        let results = CustomerMatcher.rematch([stripe], after: touched, in: index, decisions: .none)
        #expect(results.map(\.velesCustomerID) == ["vc_globex_2"])
    }

    @Test("a rename touches the old and the new name, and the old name stops matching")
    func renameTouchesOldAndNew() {
        var index = VelesCustomerIndex(customers: MatchingFixture.directory, resolver: resolver)
        let touched = index.apply(VelesDirectoryChange(upserted: [VelesCustomer(id: "vc_stark", name: "Stark Enterprises")]))
        #expect(touched.names == ["stark industries", "stark enterprises"])
        let oldName = StripeCustomerSnapshot(id: "cus_1", name: "Stark Industries")
        let newName = StripeCustomerSnapshot(id: "cus_2", name: "STARK ENTERPRISES INC")
        #expect(CustomerMatcher.match(oldName, in: index, decisions: .none).outcome == .noCandidate)
        #expect(CustomerMatcher.match(newName, in: index, decisions: .none).velesCustomerID == "vc_stark")
        #expect(index.count == MatchingFixture.directory.count)
    }

    @Test("unmatched customers the change cannot affect are not matched again")
    func unrelatedCustomersAreSkipped() {
        var index = VelesCustomerIndex(customers: MatchingFixture.directory, resolver: resolver)
        let touched = index.apply(VelesDirectoryChange(upserted: [VelesCustomer(id: "vc_initrode", name: "Initrode", domains: ["initrode.com"], contactEmails: ["ap@initrode.com"])]))
        let unrelated = [
            StripeCustomerSnapshot(id: "cus_a", name: "Somebody Else", email: "x@gmail.com"),
            StripeCustomerSnapshot(id: "cus_b", name: "Globex"),
        ]
        let related = StripeCustomerSnapshot(id: "cus_c", name: "Whatever", email: "AP@initrode.com")
        let results = CustomerMatcher.rematch(unrelated + [related], after: touched, in: index, decisions: .none)
        #expect(results.map(\.stripeCustomerID) == ["cus_c"])
        #expect(results.first?.method == .email)
    }

    @Test("a metadata id that names a customer created later links on rematch")
    func metadataIDCreatedLater() {
        var index = VelesCustomerIndex(customers: MatchingFixture.directory, resolver: resolver)
        let stripe = StripeCustomerSnapshot(id: "cus_m", name: "Zed", metadata: ["veles_customer_id": "vc_later"])
        let touched = index.apply(VelesDirectoryChange(upserted: [VelesCustomer(id: "vc_later", name: "Later Ltd")]))
        #expect(CustomerMatcher.rematch([stripe], after: touched, in: index, decisions: .none).map(\.outcome)
            == [.linked(velesCustomerID: "vc_later", method: .metadata, isStanding: false)])
    }

    @Test("when a directory lists an id twice the later record wins")
    func duplicateIDsLaterWins() {
        let index = VelesCustomerIndex(customers: [
            VelesCustomer(id: "vc_dup", name: "Old Name", domains: ["old.example.com"]),
            VelesCustomer(id: "vc_dup", name: "New Name GmbH"),
        ], resolver: resolver)
        #expect(index.count == 1)
        #expect(index.customer(id: "vc_dup")?.name == "New Name GmbH")
        #expect(CustomerMatcher.match(StripeCustomerSnapshot(id: "cus_1", name: "new name"), in: index, decisions: .none).velesCustomerID == "vc_dup")
        #expect(CustomerMatcher.match(StripeCustomerSnapshot(id: "cus_2", name: "Old Name", email: "a@old.example.com"), in: index, decisions: .none).outcome == .noCandidate)
    }

    @Test("an empty change matches nobody again")
    func emptyChange() {
        var index = VelesCustomerIndex(customers: MatchingFixture.directory, resolver: resolver)
        let touched = index.apply(VelesDirectoryChange())
        #expect(touched.isEmpty)
        #expect(CustomerMatcher.rematch([StripeCustomerSnapshot(id: "cus_x", name: "Globex")], after: touched, in: index, decisions: .none).isEmpty)
    }

    @Test("recording a link lifts the rejection of that pair; rejecting drops the link")
    func decisionsBookkeeping() {
        var decisions = MatchDecisions.none
        decisions.record(StandingLink(stripeCustomerID: "cus_1", velesCustomerID: "vc_acme", method: .email))
        decisions.reject(RejectedPair(stripeCustomerID: "cus_1", velesCustomerID: "vc_acme"))
        #expect(decisions.links["cus_1"] == nil)
        #expect(decisions.rejectedVelesIDs(for: "cus_1") == ["vc_acme"])
        decisions.record(StandingLink(stripeCustomerID: "cus_1", velesCustomerID: "vc_acme", method: .manual))
        #expect(decisions.rejectedVelesIDs(for: "cus_1").isEmpty)
        #expect(decisions.links["cus_1"]?.method == .manual)
    }

    @Test("matching in parallel gives the sequential answers in input order")
    func parallelEqualsSequential() {
        let index = MatchingFixture.index
        let names = ["Globex", "Hooli", "ACME, Inc.", "Nobody", "Cafe Muller", "Pied Piper"]
        let customers = (0..<5_000).map { i in
            StripeCustomerSnapshot(id: "cus_\(i)", name: names[i % names.count], email: i % 7 == 0 ? "x\(i)@piedpiper.com" : nil)
        }
        let parallel = CustomerMatcher.matchAll(customers, in: index, decisions: .none)
        let sequential = customers.map { CustomerMatcher.match($0, in: index, decisions: .none) }
        #expect(parallel == sequential)
    }
}
