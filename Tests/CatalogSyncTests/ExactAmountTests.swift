import Testing
@testable import CatalogSync

@Suite struct ExactAmountTests {
    @Test(arguments: [("1500", "1500"), ("0012.500", "12.5"), ("0.000000000001", "0.000000000001"), ("7.0", "7"), (".5", "0.5"), ("0", "0")])
    func decimalsAreKeptExactlyInCanonicalForm(input: String, canonical: String) throws {
        #expect(try ExactAmount(decimal: input).decimal == canonical)
    }

    @Test(arguments: ["", "-1", "1.2.3", "abc", "1e5", "0.0000000000001", "."])
    func malformedDecimalsAreRefused(input: String) {
        #expect(throws: AmountError.self) { try ExactAmount(decimal: input) }
    }

    @Test func wholeAmountsExposeMinorUnitsAndFractionsDoNot() throws {
        #expect(try ExactAmount(decimal: "1500").minorUnits == 1500)
        #expect(try ExactAmount(decimal: "12.25").minorUnits == nil)
    }

    @Test func decimalFormWinsAndMustAgreeWithTheInteger() throws {
        #expect(try ExactAmount.fromStripe(minorUnits: 12, decimal: "12.345")?.decimal == "12.345")
        #expect(try ExactAmount.fromStripe(minorUnits: 99, decimal: nil)?.decimal == "99")
        #expect(try ExactAmount.fromStripe(minorUnits: nil, decimal: nil) == nil)
        #expect(throws: AmountError.self) { try ExactAmount.fromStripe(minorUnits: 100, decimal: "200") }
        #expect(throws: AmountError.self) { try ExactAmount(minorUnits: -5) }
    }
}
