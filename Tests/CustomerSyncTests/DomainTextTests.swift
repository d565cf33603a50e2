@testable import CustomerMatching
import Testing

@Suite("Emails and websites as the domain rule reads them")
struct DomainTextTests {
    @Test("emails are trimmed and lowercased", arguments: [
        ("  Jane.Doe@ACME.co.uk \n", "jane.doe@acme.co.uk"),
        ("\tAP@acme.com", "ap@acme.com"),
        ("  Jürgen@Müller.DE ", "jürgen@müller.de"),
    ])
    func normalizedEmail(_ raw: String, _ expected: String) {
        #expect(DomainText.normalizedEmail(raw) == expected)
    }

    @Test("text that is no address is refused", arguments: ["", "   ", "no-at-sign", "@acme.com", "jane@", " @ "])
    func notAnEmail(_ raw: String) {
        #expect(DomainText.normalizedEmail(raw) == nil)
    }

    @Test("the host comes out of every way a website is written", arguments: [
        ("https://www.acme.com/about", "www.acme.com"),
        ("HTTPS://User@Shop.Acme.com:8443/path?q=1#top", "shop.acme.com"),
        ("//cdn.acme.com/x", "cdn.acme.com"),
        ("acme.com", "acme.com"),
        ("acme.com.", "acme.com"),
        ("acme.com:8080", "acme.com"),
        ("  www.acme.co.uk/  ", "www.acme.co.uk"),
        ("ftp://files.acme.de", "files.acme.de"),
    ])
    func websiteHost(_ raw: String, _ expected: String) {
        #expect(DomainText.host(ofWebsite: raw) == expected)
    }

    @Test("a website without a usable host gives none", arguments: ["", "acme", "https://", ".acme.com", "a..b.com", "acme .com", "http:///path"])
    func noHost(_ raw: String) {
        #expect(DomainText.host(ofWebsite: raw) == nil)
    }

    @Test("the host of an email is what follows the last @")
    func emailHost() {
        #expect(DomainText.host(ofEmail: "x@billing.mail.acme.co.uk") == "billing.mail.acme.co.uk")
        #expect(DomainText.host(ofEmail: "\"odd@local\"@acme.com") == "acme.com")
        #expect(DomainText.host(ofEmail: "x@localhost") == nil)
    }

    @Test("free-mail providers are known under every country suffix")
    func freeMail() {
        for domain in ["gmail.com", "yahoo.co.uk", "yahoo.fr", "hotmail.de", "gmx.at", "yandex.ru", "proton.me", "163.com", "web.de"] {
            #expect(FreeMailDomains.contains(registrableDomain: domain), "\(domain)")
        }
        for domain in ["acme.com", "gmailer.com", "yahoos.com", "myweb.de"] {
            #expect(!FreeMailDomains.contains(registrableDomain: domain), "\(domain)")
        }
    }
}
