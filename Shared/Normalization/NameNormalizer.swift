import Foundation

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
        var words = NameNormalizer.words(of: name)
        if words.count > 1, words[0] == "the" {
            words.removeFirst()
        }
        if dropsLegalSuffixes {
            LegalSuffixes.dropTrailing(from: &words)
        }
        return words.joined(separator: " ")
    }

    /// Splits a name into folded words; `&` becomes the word "and".
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func endWord() {
            if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        // ASCII names (the large majority) skip the costly Unicode decomposition.
        let isASCII = name.utf8.allSatisfy { $0 < 0x80 }
        let scalars = isASCII ? name.unicodeScalars : name.decomposedStringWithCompatibilityMapping.unicodeScalars
        for scalar in scalars {
            if scalar.isASCII {
                let value = scalar.value
                switch value {
                case 0x41...0x5A: current.append(Unicode.Scalar(value + 0x20)!)
                case 0x61...0x7A, 0x30...0x39: current.append(scalar)
                case 0x2E, 0x27, 0x60: continue  // . ' ` join the letters around them
                case 0x26:
                    endWord()
                    words.append("and")
                default: endWord()
                }
                continue
            }
            if NameNormalizer.joiningScalars.contains(scalar) { continue }
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .format:
                continue
            default:
                break
            }
            if scalar == "＆" {
                endWord()
                words.append("and")
            } else if let folded = NameNormalizer.foldedLetters[scalar] {
                current.append(contentsOf: folded.unicodeScalars)
            } else if properties.isAlphabetic || properties.numericType != nil {
                current.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
            } else {
                endWord()
            }
        }
        endWord()
        return words
    }

    /// Apostrophe look-alikes that join letters like the ASCII apostrophe does.
    private static let joiningScalars: Set<Unicode.Scalar> = ["\u{2019}", "\u{2018}", "\u{02BC}", "\u{00B7}"]

    /// Letters that have no canonical decomposition but that people write without the mark,
    /// plus the few where full case folding differs from lowercasing.
    private static let foldedLetters: [Unicode.Scalar: String] = [
        "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
        "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
        "ı": "i", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l", "ς": "σ",
    ]
}
