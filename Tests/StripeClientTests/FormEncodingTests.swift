import Foundation
import Testing
@testable import StripeClient

@Suite("Form encoding with Stripe's nested brackets")
struct FormEncodingTests {
    @Test func nestedMapsListsAndExpansionsFlattenToBracketNames() {
        var form: StripeForm = [
            "customer": "cus_1",
            "items": [["price": "price_1", "quantity": 2], ["price": "price_2"]],
            "metadata": .strings(["veles_id": "o_1", "area": "north"]),
        ]
        form.expand(["latest_invoice", "customer"])
        let pairs = form.pairs.map { "\($0.0)=\($0.1)" }
        #expect(pairs == [
            "customer=cus_1",
            "items[0][price]=price_1", "items[0][quantity]=2", "items[1][price]=price_2",
            "metadata[area]=north", "metadata[veles_id]=o_1",
            "expand[]=latest_invoice", "expand[]=customer",
        ])
    }

    @Test func reservedCharactersAndUnicodeArePercentEncoded() {
        let form: StripeForm = ["name": "A+B & C=D", "description": "Café Müller 50% off/😀", "metadata": ["k y": "x"]]
        #expect(form.encoded == "name=A%2BB%20%26%20C%3DD"
            + "&description=Caf%C3%A9%20M%C3%BCller%2050%25%20off%2F%F0%9F%98%80"
            + "&metadata%5Bk%20y%5D=x")
    }

    @Test func encodedFormDecodesBackToTheSameValues() throws {
        let original = "Ω + & = ? # % \u{00A0} end"
        let form: StripeForm = ["description": .string(original)]
        let value = String(try #require(form.encoded.split(separator: "=", maxSplits: 1).last))
        #expect(value.removingPercentEncoding == original)
    }

    @Test func emptyValuesClearAndSettingAgainReplacesInPlace() {
        var form: StripeForm = ["a": "1", "b": "2"]
        form["a"] = "3"
        form["tax_rates"] = .list([])
        form["metadata"] = .strings(["old": ""])
        form["b"] = nil
        #expect(form.pairs.map { "\($0.0)=\($0.1)" } == ["a=3", "tax_rates=", "metadata[old]="])
    }

    @Test func tiersWithInfAndBooleansEncode() {
        let form: StripeForm = [
            "billing_scheme": "tiered",
            "tiers": [["up_to": 10, "unit_amount": 500], ["up_to": "inf", "flat_amount_decimal": "12.5"]],
            "active": false,
            "recurring": ["interval": "month", "interval_count": 3],
        ]
        #expect(form.encoded.removingPercentEncoding == "billing_scheme=tiered&tiers[0][up_to]=10&tiers[0][unit_amount]=500"
            + "&tiers[1][up_to]=inf&tiers[1][flat_amount_decimal]=12.5&active=false"
            + "&recurring[interval]=month&recurring[interval_count]=3")
        #expect(form.encoded.hasPrefix("billing_scheme=tiered&tiers%5B0%5D%5Bup_to%5D=10&"))
    }

    @Test func listFilterBuildsQueryWithCreatedRangeAndFilters() {
        let filter = StripeListFilter(created: StripeTimeRange(greaterThanOrEqual: 100, lessThan: 200), email: "a+b@x.com",
                                      active: true, product: "prod_1", type: "recurring", expand: ["data.tiers"])
        #expect(filter.form.pairs.map { "\($0.0)=\($0.1)" } == ["limit=100", "created[gte]=100", "created[lt]=200", "email=a+b@x.com",
                                                            "product=prod_1", "type=recurring", "active=true", "expand[]=data.tiers"])
    }

    @Test func idsAreEscapedAsPathSegments() {
        #expect(StripeClient.segment("cus_123") == "cus_123")
        #expect(StripeClient.segment("../v1/account?x") == "..%2Fv1%2Faccount%3Fx")
    }
}
