import Foundation
import Testing
@testable import CatalogSync

@Suite struct PriceBodyWriterTests {
    @Test func everyShapeReadsBackEqual() throws {
        let shapes = [
            Fixtures.price("price_a", unitAmount: 1500, unitAmountDecimal: "1500"),
            Fixtures.price("price_b", scheme: "tiered", tiersMode: "graduated",
                           tiers: [Fixtures.tier(10, unit: 100, flat: 2000), Fixtures.tier(nil, unitDecimal: "0.5")]),
            Fixtures.price("price_c", type: "one_time", custom: CustomAmount(minimum: 1, maximum: nil, preset: 3)),
            Fixtures.price("price_d", unitAmount: 5, transform: .init(divideBy: 10, round: "up"), usage: "metered",
                           currencyOptions: ["eur": .init(unitAmount: 4, unitAmountDecimal: "4", tiers: [Fixtures.tier(nil, unit: 1)],
                                                          customUnitAmount: CustomAmount(minimum: 2))]),
        ]
        for var price in shapes {
            price.nickname = "Tab\t\"quoted\" \\ é \u{1}"
            let text = PriceBodyWriter.json(price)
            let decoded = try JSONDecoder().decode(StripePriceRecord.self, from: Data(text.utf8))
            #expect(decoded == price, "\(text)")
            #expect(PriceBodyWriter.json(decoded) == text)
        }
    }
}

@Suite struct StoredJSONTests {
    @Test func fieldsRoundTripIncludingQuotesAndUnicode() throws {
        let fields = ["sku": "A\"B", "région": "Île-de-France", "empty": "", "line": "a\nb"]
        let text = StoredJSON.encode(fields)
        #expect(try StoredJSON.decode([String: String].self, text) == fields)
        #expect(StoredJSON.encode([:]) == "{}")
        #expect(try StoredJSON.decode([String: String].self, "{}").isEmpty)
    }
}
