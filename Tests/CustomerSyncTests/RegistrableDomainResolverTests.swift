import CustomerMatching
import Testing

@Suite("Registrable domains by the Public Suffix List")
struct RegistrableDomainResolverTests {
    let resolver = MatchingFixture.resolver

    @Test("hosts reduce to their registrable domain", arguments: [
        ("billing.mail.acme.co.uk", "acme.co.uk"),
        ("acme.co.uk", "acme.co.uk"),
        ("www.example.com", "example.com"),
        ("a.b.example.co.jp", "example.co.jp"),
        ("shop.example.com.au", "example.com.au"),
        ("foo.github.io", "foo.github.io"),
    ])
    func reduces(_ host: String, _ expected: String) {
        #expect(resolver.registrableDomain(ofHost: host) == expected)
    }

    @Test("public suffixes and single labels have no registrable domain", arguments: ["co.uk", "com", "localhost", "github.io"])
    func noRegistrableDomain(_ host: String) {
        #expect(resolver.registrableDomain(ofHost: host) == nil)
    }

    @Test("the installed list loads from its file")
    func loadsInstalledFile() throws {
        let fromFile = try RegistrableDomainResolver(contentsOf: RegistrableDomainResolver.installedListPath)
        #expect(fromFile.registrableDomain(ofHost: "billing.mail.acme.co.uk") == "acme.co.uk")
    }

    @Test("a missing list file is a clear error")
    func missingFile() {
        #expect(throws: MatchingError.publicSuffixListUnavailable(path: "/nonexistent/psl.dafsa")) {
            try RegistrableDomainResolver(contentsOf: "/nonexistent/psl.dafsa")
        }
    }
}
