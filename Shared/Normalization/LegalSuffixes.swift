/// The legal-form words a company name may end with, which say nothing about which company it is.
enum LegalSuffixes {
    /// Suffix words as they look after normalisation (dots already removed, so "S.A." is "sa").
    static let words: Set<String> = [
        "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl",
        "bv", "nv", "corp", "corporation", "co", "company", "plc", "pty", "oy", "oyj", "ab", "kk",
        // Not in the list on purpose: words that are also ordinary English ("spa", "as", "se").
        "llp", "lp", "kg", "srl", "aps",
    ]
    private static let longest = words.map(\.utf8.count).max() ?? 0
    private static let and: ArraySlice<UInt8> = Array("and".utf8)[...]

    /// How many words are left once legal-form words are removed from the end, repeatedly
    /// ("Acme Pty Ltd", "Acme GmbH & Co. KG"); the first word (from `first`) always stays, so
    /// that a company called "Company" keeps a name.
    static func keptWordCount(of text: FoldedWords, from first: Int) -> Int {
        var end = text.words.count
        var removedAny = false
        while end - first > 1 {
            let last = text.word(end - 1)
            if isSuffix(last) {
                end -= 1
                removedAny = true
            } else if removedAny && last == and {
                // "GmbH & Co. KG": the "and" only joined two legal forms.
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    private static func isSuffix(_ word: ArraySlice<UInt8>) -> Bool {
        word.count <= longest && words.contains(String(decoding: word, as: UTF8.self))
    }
}
