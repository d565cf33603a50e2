import CustomerMatching

/// How a match key is written in the store: a letter for the rule, a colon, the normalised value
/// (`e:ap@acme.com`, `d:acme.co.uk`, `n:acme`, `m:vc_42` for a Veles id named in Stripe metadata).
/// The prefix has a fixed length, so keys of different rules never collide.
enum MatchKeyText {
    static func encode(_ key: DirectoryKey) -> String {
        prefix(of: key.rule) + key.value
    }

    /// The keys of a Stripe customer as the mirror row's `match_keys` column holds them (a JSON list).
    static func column(_ keys: MatchKeys) -> String {
        JSONColumn.encode(keys.allKeys.map(encode))
    }

    private static func prefix(of rule: MatchMethod) -> String {
        switch rule {
        case .email: "e:"
        case .domain: "d:"
        case .name: "n:"
        case .metadata: "m:"
        // Links made by hand have no key; listed so every rule has a distinct prefix.
        case .manual: "x:"
        case .created: "c:"
        }
    }
}
