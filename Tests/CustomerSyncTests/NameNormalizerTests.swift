import Normalization
import Testing

@Suite("Name normalisation")
struct NameNormalizerTests {
    @Test("company names fold to the same words", arguments: [
        ("ACME, Inc.", "acme"),
        ("Acme Incorporated", "acme"),
        ("Café Müller GmbH", "cafe muller"),
        ("  The   Boring   Company ", "boring"),
        ("Johnson & Johnson", "johnson and johnson"),
        ("Procter&Gamble Co.", "procter and gamble"),
        ("Société Générale S.A.", "societe generale"),
        ("Großmann Straßenbau AG", "grossmann strassenbau"),
        ("O’Reilly Media, Inc.", "oreilly media"),
        ("ＡＣＭＥ Widgets", "acme widgets"),
        ("Müller GmbH & Co. KG", "muller"),
        ("Łódź Ærø Øresund", "lodz aero oresund"),
        ("Nokia Oyj", "nokia"),
        ("Volvo AB", "volvo"),
        ("Sony K.K.", "sony"),
        ("Shell plc", "shell"),
        ("Acme S.A.R.L.", "acme"),
        ("Example Pty. Ltd.", "example"),
        ("Foo-Bar (Europe) B.V.", "foo bar europe"),
        ("Day Spa", "day spa"),
        ("ﬁnance ﬁrst LLC", "finance first"),
    ])
    func companyName(_ raw: String, _ expected: String) {
        #expect(NameNormalizer.company.normalize(raw) == expected)
    }

    @Test("a name made only of a legal form keeps its first word")
    func onlyLegalForm() {
        #expect(NameNormalizer.company.normalize("Company Inc") == "company")
        #expect(NameNormalizer.company.normalize("Inc.") == "inc")
    }

    @Test("a lone The is kept; a The inside the name is kept")
    func theHandling() {
        #expect(NameNormalizer.company.normalize("The") == "the")
        #expect(NameNormalizer.company.normalize("Bring The Noise") == "bring the noise")
    }

    @Test("punctuation-only and empty names normalise to empty")
    func emptyNames() {
        #expect(NameNormalizer.company.normalize("") == "")
        #expect(NameNormalizer.company.normalize(" ,.- ") == "")
    }

    @Test("products keep legal-looking words but fold everything else")
    func productNames() {
        #expect(NameNormalizer.product.normalize("The Pro Plan — Annual") == "pro plan annual")
        #expect(NameNormalizer.product.normalize("Widget Co") == "widget co")
        #expect(NameNormalizer.product.normalize("API Calls & Storage") == "api calls and storage")
        #expect(NameNormalizer.product.normalize("Zürich Premium") == NameNormalizer.product.normalize("zurich   PREMIUM"))
        #expect(NameNormalizer.product.normalize("Widget Co") != NameNormalizer.product.normalize("Widget"))
    }
}
