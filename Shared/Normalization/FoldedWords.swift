import Foundation

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
