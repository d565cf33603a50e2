/// The one Stripe API version stripe-sim speaks: the version `stripe` 16.1.0 (Python) pins, so objects are shaped as
/// that version shapes them (for example a metered price must name a billing meter).
enum StripeAPIVersion {
    static let pinned = "2026-10-28.endive"
}
