/// One normalised value a rule looks up, tagged with its rule: an email, a registrable domain, a
/// company name, or (for a Stripe customer's metadata) the Veles id it names.
public struct DirectoryKey: Sendable, Hashable {
    public var rule: MatchMethod
    public var value: String

    public init(_ rule: MatchMethod, _ value: String) {
        self.rule = rule
        self.value = value
    }
}
