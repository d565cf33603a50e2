import CustomerMatching
import Testing

private typealias C = MatchCase

/// Every rule, every precedence and every ambiguity, one Stripe customer per row (also run over the stored directory).
let matchingTable: [MatchCase] = [
    // Names
    C("legal suffix variants: ACME, Inc. and Acme Incorporated", name: "ACME, Inc.", email: "someone@gmail.com", expected: C.linked("vc_acme", by: .name)),
    C("accents and suffix: Cafe Muller and Café Müller GmbH", name: "Cafe Muller", expected: C.linked("vc_cafe", by: .name)),
    C("leading The and Co.: The Boring Co.", name: "The Boring Co.", expected: C.linked("vc_boring", by: .name)),
    C("Boring Company without The", name: "boring company", expected: C.linked("vc_boring", by: .name)),
    C("and equals &", name: "Johnson and Johnson", expected: C.linked("vc_jnj", by: .name)),
    C("upper case without accents or S.A.", name: "SOCIETE GENERALE", expected: C.linked("vc_socgen", by: .name)),
    C("ß written as ss", name: "Grossmann Strassenbau", expected: C.linked("vc_grossmann", by: .name)),
    C("apostrophe dropped", name: "OReilly Media", expected: C.linked("vc_oreilly", by: .name)),
    C("full-width letters fold by NFKC", name: "Acme Widgets Ltd.", expected: C.linked("vc_widgets", by: .name)),
    C("stacked suffixes Pty. Ltd.", name: "Stark Industries Pty. Ltd.", expected: C.linked("vc_stark", by: .name)),
    C("a typo stays unmatched", name: "Acme Incorprated", email: "x@gmail.com", expected: .noCandidate),
    C("two Veles Globex match neither", name: "Globex", expected: .ambiguous(rule: .name, candidates: ["vc_globex_1", "vc_globex_2"])),
    C("Globex, Inc. is just as ambiguous", name: "Globex, Inc.", email: "ops@gmail.com", expected: .ambiguous(rule: .name, candidates: ["vc_globex_1", "vc_globex_2"])),
    C("a name that is only a legal form finds nobody", name: "Inc.", expected: .noCandidate),
    C("no name and no email finds nobody", expected: .noCandidate),
    C("a company Veles does not have", name: "Newco Robotics", email: "ceo@newco.dev", expected: .noCandidate),

    // Email
    C("email trimmed and case-insensitive", name: "Someone Else", email: "  Jane.Doe@ACME.co.uk \n", expected: C.linked("vc_acme", by: .email)),
    C("billing email matches", email: "AP@acme.co.uk", expected: C.linked("vc_acme", by: .email)),
    C("free-mail address matches by exact email", name: "J. Smith", email: "jane@gmail.com", expected: C.linked("vc_freelancer", by: .email)),
    C("email shared by two Veles customers stops the search", name: "Ledger Partners", email: "books@ledgerpros.com", expected: .ambiguous(rule: .email, candidates: ["vc_bakery", "vc_ledger"])),
    C("email beats a name of another customer", name: "Hooli", email: "ap@acme.co.uk", expected: C.linked("vc_acme", by: .email)),
    C("email beats an ambiguous name", name: "Globex", email: "gavin@hooli.xyz", expected: C.linked("vc_hooli", by: .email)),
    C("text without @ is no email", name: "Pied Piper", email: "not-an-email", expected: C.linked("vc_pied", by: .name)),

    // Domain
    C("subdomain reduces to acme.co.uk", email: "billing@mail.acme.co.uk", expected: C.linked("vc_acme", by: .domain)),
    C("another person at the company domain", name: "Totally Different Name", email: "finance@acme.co.uk", expected: C.linked("vc_acme", by: .domain)),
    C("jane@gmail.com-style address never matches the gmail.com domain", name: "Unknown Person", email: "someone.else@gmail.com", expected: .noCandidate),
    C("yahoo under a country suffix is free-mail", email: "bob@yahoo.co.uk", expected: .noCandidate),
    C("hotmail.fr is skipped and the name decides", name: "Pied Piper Inc", email: "rh@hotmail.fr", expected: C.linked("vc_pied", by: .name)),
    C("Veles domain stored upper case with www", email: "it@umbrella.com", expected: C.linked("vc_umbrella", by: .domain)),
    C("Veles domain stored as a subdomain", email: "bruce@wayne-enterprises.com", expected: C.linked("vc_wayne", by: .domain)),
    C("trailing dot in the email domain", email: "x@umbrella.com.", expected: C.linked("vc_umbrella", by: .domain)),
    C("two Veles customers on one domain stop the search", name: "Initech US", email: "cfo@initech.com", expected: .ambiguous(rule: .domain, candidates: ["vc_initech_eu", "vc_initech_us"])),
    C("website in metadata with a free-mail email", email: "founder@gmail.com", metadata: ["website": "https://www.hooli.xyz/about"], expected: C.linked("vc_hooli", by: .domain)),
    C("domain metadata key", metadata: ["domain": "piedpiper.com"], expected: C.linked("vc_pied", by: .domain)),
    C("metadata URL with subdomain and port", metadata: ["url": "http://shop.piedpiper.com:8080/x"], expected: C.linked("vc_pied", by: .domain)),
    C("metadata key in another case", metadata: ["Website": "umbrella.com"], expected: C.linked("vc_umbrella", by: .domain)),
    C("email domain and website naming two customers are ambiguous", email: "a@hooli.xyz", metadata: ["website": "piedpiper.com"], expected: .ambiguous(rule: .domain, candidates: ["vc_hooli", "vc_pied"])),
    C("domain beats an ambiguous name", name: "Globex", email: "x@piedpiper.com", expected: C.linked("vc_pied", by: .domain)),
    C("private suffix: another github.io site is another domain", email: "dev@other.github.io", expected: .noCandidate),
    C("private suffix: the same github.io site matches", email: "team@x.acme-docs.github.io", expected: C.linked("vc_docs", by: .domain)),

    // Metadata
    C("metadata id wins over email", email: "jane.doe@acme.co.uk", metadata: ["veles_customer_id": "vc_hooli"], expected: C.linked("vc_hooli", by: .metadata)),
    C("metadata id is trimmed", metadata: ["veles_customer_id": " vc_pied "], expected: C.linked("vc_pied", by: .metadata)),
    C("metadata id naming a missing customer falls through to email", email: "jane.doe@acme.co.uk", metadata: ["veles_customer_id": "vc_missing"], expected: C.linked("vc_acme", by: .email)),
    C("an empty metadata id is no id", name: "Hooli", metadata: ["veles_customer_id": "  "], expected: C.linked("vc_hooli", by: .name)),
    C("the exact metadata key wins over another spelling", metadata: ["Veles_Customer_ID": "vc_pied", "veles_customer_id": "vc_hooli"], expected: C.linked("vc_hooli", by: .metadata)),
    C("metadata id naming a missing customer and nothing else", name: "Zzyzx Holdings", metadata: ["veles_customer_id": "vc_missing"], expected: .noCandidate),

    // Standing links and rejected pairs
    C("manual link is never overwritten", name: "Hooli", email: "jane.doe@acme.co.uk", links: [C.link("vc_umbrella", .manual)], expected: C.kept("vc_umbrella", by: .manual)),
    C("created link is kept", name: "Hooli", links: [C.link("vc_stark", .created)], expected: C.kept("vc_stark", by: .created)),
    C("an automatic link survives an email change", name: "Someone", email: "new.address@gmail.com", links: [C.link("vc_acme", .email)], expected: C.kept("vc_acme", by: .email)),
    C("a link to a customer gone from Veles is matched afresh", name: "Hooli", links: [C.link("vc_deleted_in_veles", .manual)], expected: C.linked("vc_hooli", by: .name)),
    C("rejected pair is never linked by name", name: "ACME, Inc.", rejected: ["vc_acme"], expected: .noCandidate),
    C("rejected pair is skipped by every rule", name: "Acme", email: "jane.doe@acme.co.uk", rejected: ["vc_acme"], expected: .noCandidate),
    C("rejecting one Globex leaves the other", name: "Globex", rejected: ["vc_globex_1"], expected: C.linked("vc_globex_2", by: .name)),
    C("rejected metadata id falls through", email: "gavin@hooli.xyz", metadata: ["veles_customer_id": "vc_pied"], rejected: ["vc_pied"], expected: C.linked("vc_hooli", by: .email)),

    // Deleted in Stripe
    C("deleted in Stripe without a link gets none", name: "Hooli", email: "gavin@hooli.xyz", deleted: true, expected: .deletedInStripe),
    C("deleted in Stripe keeps its manual link", name: "Hooli", deleted: true, links: [C.link("vc_pied", .manual)], expected: C.kept("vc_pied", by: .manual)),
]

@Suite("Customer matching table")
struct MatchingTableTests {
    @Test("table has at least 40 cases covering every method")
    func tableCoversEveryMethod() {
        #expect(matchingTable.count >= 40)
        let methods = Set(matchingTable.compactMap { MatchResult(stripeCustomerID: "", outcome: $0.expected).method })
        #expect(methods == Set(MatchMethod.allCases))
    }

    @Test("each case matches as the rules say", arguments: matchingTable)
    func matches(_ row: MatchCase) {
        let result = CustomerMatcher.match(row.customer, in: MatchingFixture.index, decisions: row.decisions)
        #expect(result.outcome == row.expected, "\(row.title)")
        #expect(result.stripeCustomerID == MatchCase.stripeID)
    }

    @Test("the directory's order changes no answer")
    func orderIndependent() {
        let reversed = VelesCustomerIndex(customers: MatchingFixture.directory.reversed(), resolver: MatchingFixture.resolver)
        for row in matchingTable {
            #expect(CustomerMatcher.match(row.customer, in: reversed, decisions: row.decisions).outcome == row.expected, "\(row.title)")
        }
    }
}
