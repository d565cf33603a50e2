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

/// A name split into folded words, kept as one UTF-8 buffer with word ranges so that
/// normalising a name allocates almost nothing (it runs for every customer of a workspace).
struct FoldedWords {
    private(set) var bytes: [UInt8] = []
    private(set) var words: [Range<Int>] = []

    init(_ name: String) {
        bytes.reserveCapacity(name.utf8.count)
        var start = 0
        // ASCII names (the large majority) skip the costly Unicode decomposition.
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in name.utf8 {
                fold(ascii: byte, start: &start)
            }
        } else {
            for scalar in name.decomposedStringWithCompatibilityMapping.unicodeScalars {
                if scalar.isASCII {
                    fold(ascii: UInt8(scalar.value), start: &start)
                } else {
                    fold(scalar, start: &start)
                }
            }
        }
        endWord(start: &start)
    }

    func word(_ index: Int) -> ArraySlice<UInt8> {
        bytes[words[index]]
    }

    /// The chosen words joined by single spaces.
    func joined(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        if range == 0..<words.count {
            // Words already sit one space apart in the buffer.
            return String(decoding: bytes[words[range.lowerBound].lowerBound..<words[range.upperBound - 1].upperBound], as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for index in range {
            if index > range.lowerBound { output.append(0x20) }
            output.append(contentsOf: bytes[words[index]])
        }
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func fold(ascii byte: UInt8, start: inout Int) {
        switch byte {
        case 0x41...0x5A: bytes.append(byte + 0x20)
        case 0x61...0x7A, 0x30...0x39: bytes.append(byte)
        case 0x2E, 0x27, 0x60: break  // . ' ` join the letters around them
        case 0x26: appendWord("and", start: &start)
        default: endWord(start: &start)
        }
    }

    private mutating func fold(_ scalar: Unicode.Scalar, start: inout Int) {
        if FoldedWords.joiningScalars.contains(scalar) { return }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format:
            return
        default:
            break
        }
        if scalar == "＆" {
            appendWord("and", start: &start)
        } else if let folded = FoldedWords.foldedLetters[scalar] {
            bytes.append(contentsOf: folded.utf8)
        } else if properties.isAlphabetic || properties.numericType != nil {
            bytes.append(contentsOf: properties.lowercaseMapping.utf8)
        } else {
            endWord(start: &start)
        }
    }

    private mutating func appendWord(_ word: String, start: inout Int) {
        endWord(start: &start)
        bytes.append(contentsOf: word.utf8)
        endWord(start: &start)
    }

    /// Closes the word being built, if any, and leaves one space before the next.
    private mutating func endWord(start: inout Int) {
        guard bytes.count > start else { return }
        words.append(start..<bytes.count)
        bytes.append(0x20)
        start = bytes.count
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
