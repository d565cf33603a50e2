/// The one Stripe API version this client sends and models (the `Stripe-Version` header).
public enum StripeAPIVersion {
    /// The version the Python SDK pinned in `Tests/requirements.txt` (stripe 16.1.0) sends, and the only one stripe-sim speaks.
    public static let pinned = "2026-10-28.endive"
}
