/// How a link between a Stripe customer and a Veles customer was made (or, when not matched,
/// which rule found several candidates). Raw values are the names the API and the store use.
public enum MatchMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Linked by an admin.
    case manual
    /// The Veles customer was created from the Stripe customer.
    case created
    /// Stripe metadata `veles_customer_id` named the Veles customer.
    case metadata
    /// The Stripe email equals a Veles contact or billing email.
    case email
    /// The registrable domain of the Stripe email or website equals a Veles customer's domain.
    case domain
    /// The normalised names are equal.
    case name

    /// Whether an admin made this link (the automatic matcher must never replace it).
    public var isManual: Bool { self == .manual || self == .created }
}
