/// The one Stripe API version this client sends and models (the `Stripe-Version` header).
public enum StripeAPIVersion {
    /// Matches the version the Python SDK pinned in `Tests/requirements.txt` sends, which stripe-sim emulates.
    public static let pinned = "2025-09-30.clover"
}
