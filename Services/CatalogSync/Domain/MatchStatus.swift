/// How a Stripe product relates to the Veles price book.
enum MatchStatus: String, Sendable, Hashable, CaseIterable {
    /// Linked automatically: its normalised name equals that of exactly one active Veles product.
    case nameMatch = "name_match"
    /// The Veles product was created from this Stripe product.
    case imported = "import"
    /// Linked to an existing Veles product by an admin.
    case manual
    /// No Veles product is linked.
    case notMatched = "not_matched"
    /// An admin chose to leave it unmatched; automatic matching leaves it alone.
    case ignored

    /// True for the three kinds of link.
    var isLinked: Bool { self == .nameMatch || self == .imported || self == .manual }
}

/// A Stripe product's link state: its status, the Veles product it points to and when the link was made.
struct LinkState: Sendable, Hashable {
    var status: MatchStatus
    var velesProductId: String?
    var linkedAtMs: Int64?

    static let notMatched = LinkState(status: .notMatched, velesProductId: nil, linkedAtMs: nil)
    static let ignored = LinkState(status: .ignored, velesProductId: nil, linkedAtMs: nil)
}

/// What automatic matching needs to know about one Veles product.
struct VelesCandidate: Sendable, Hashable {
    let id: String
    /// The name after `NameNormalizer.product`.
    let normalizedName: String
    let active: Bool
}
