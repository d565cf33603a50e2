/// The only views of a secret that may be logged or returned.
public enum Redact {
    /// The last four characters, the most of a key that may ever be shown.
    public static func lastFour(_ secret: String) -> String {
        String(secret.suffix(4))
    }

    /// A masked form such as `sk_test_…4242`, keeping a Stripe key's prefix so the operator can tell its kind.
    public static func maskedKey(_ secret: String) -> String {
        let prefixes = ["sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_", "whsec_"]
        let prefix = prefixes.first { secret.hasPrefix($0) } ?? ""
        return "\(prefix)…\(lastFour(secret))"
    }
}
