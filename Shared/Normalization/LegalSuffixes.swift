/// The legal-form words a company name may end with, which say nothing about which company it is.
enum LegalSuffixes {
    /// Suffix words as they look after normalisation (dots already removed, so "S.A." is "sa").
    static let words: Set<String> = [
        "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl",
        "bv", "nv", "corp", "corporation", "co", "company", "plc", "pty", "oy", "oyj", "ab", "kk",
        // Not in the list on purpose: words that are also ordinary English ("spa", "as", "se").
        "llp", "lp", "kg", "srl", "aps",
    ]

    /// Removes legal-form words from the end, repeatedly ("Acme Pty Ltd", "Acme GmbH & Co. KG"),
    /// always keeping the first word so that a company called "Company" keeps a name.
    static func dropTrailing(from words: inout [String]) {
        var removedAny = false
        while words.count > 1 {
            let last = words[words.count - 1]
            if LegalSuffixes.words.contains(last) {
                words.removeLast()
                removedAny = true
            } else if removedAny && last == "and" {
                // "GmbH & Co. KG": the "and" only joined two legal forms.
                words.removeLast()
            } else {
                break
            }
        }
    }
}
