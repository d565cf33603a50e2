/// Reduces a company or product name to the form two names are compared in, so that
/// "ACME, Inc." and "Acme Incorporated" or "Café Müller GmbH" and "Cafe Muller" come out equal.
///
/// The steps, in order: Unicode compatibility decomposition (NFKD, which includes NFKC's
/// compatibility mapping) with combining marks dropped, case folding, letters without a
/// decomposition folded by hand (ß, æ, ø, ł, …), `&` read as "and", dots and apostrophes
/// removed inside words ("S.A." is "sa", "O'Brien" is "obrien"), every other punctuation or
/// space run collapsed to one space, a leading "the" dropped and, for companies, trailing legal
/// suffixes dropped. Products use the same steps without the legal-suffix one.
public struct NameNormalizer: Sendable, Hashable {
    /// Whether trailing legal-form words (Inc, GmbH, Ltd, …) are removed.
    public let dropsLegalSuffixes: Bool

    /// Normaliser for company names (customers): legal suffixes dropped.
    public static let company = NameNormalizer(dropsLegalSuffixes: true)
    /// Normaliser for product names: everything but the legal-suffix step.
    public static let product = NameNormalizer(dropsLegalSuffixes: false)

    public init(dropsLegalSuffixes: Bool) {
        self.dropsLegalSuffixes = dropsLegalSuffixes
    }

    /// The normalised name: lowercase words separated by single spaces; empty when nothing is left.
    public func normalize(_ name: String) -> String {
        let text = FoldedWords(name)
        var first = 0
        var end = text.words.count
        if end > 1, text.word(0) == Self.the {
            first = 1
        }
        if dropsLegalSuffixes {
            end = LegalSuffixes.keptWordCount(of: text, from: first)
        }
        return text.joined(first..<end)
    }

    private static let the: ArraySlice<UInt8> = Array("the".utf8)[...]
}
