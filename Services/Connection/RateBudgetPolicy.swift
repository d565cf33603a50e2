import Foundation
import StripeClient

/// How many Stripe requests per second one account may receive from all of Veles together, by mode.
///
/// Against Stripe's own API the limit can only be lowered from Stripe's ceiling (25/s test, 100/s live); it may be
/// raised or switched off (0) only when the base URL points elsewhere (an emulator).
struct RateBudgetPolicy: Sendable, Hashable {
    /// How long a leased permit may wait before it is spent; kept short so a late permit cannot crowd a later second.
    static let permitValidityUs: Int64 = 150_000
    /// Slack for scheduling and network delays between spending a permit and Stripe counting the request.
    static let deliverySlackUs: Int64 = 100_000
    /// A permit counts against every one-second span its request could land in: it is held for this long.
    static let windowUs: Int64 = 1_000_000 + permitValidityUs + deliverySlackUs

    let testLimit: Int?
    let liveLimit: Int?

    /// `nil` for a mode means its ceiling; 0 means off.
    init(baseURL: URL, testPerSecond: Int?, livePerSecond: Int?) throws(ConnectionError) {
        let isStripe = StripeConfiguration.isStripeHosted(baseURL)
        testLimit = try Self.validated(testPerSecond, mode: .test, isStripe: isStripe)
        liveLimit = try Self.validated(livePerSecond, mode: .live, isStripe: isStripe)
    }

    /// Requests per second for the mode, or nil when no limit applies.
    func limit(for mode: StripeMode) -> Int? {
        mode == .test ? testLimit : liveLimit
    }

    private static func validated(_ requested: Int?, mode: StripeMode, isStripe: Bool) throws(ConnectionError) -> Int? {
        let ceiling = Int(mode.stripeRateLimitCeiling)
        guard let requested else { return ceiling }
        guard requested >= 0 else {
            throw .invalidArgument("the \(mode.rawValue)-mode Stripe rate limit must be 0 (off) or a positive number of requests per second, not \(requested)")
        }
        if isStripe, requested == 0 || requested > ceiling {
            throw .invalidArgument("against Stripe's own API the \(mode.rawValue)-mode rate limit must be between 1 and \(ceiling) requests per second (raising it or switching it off is allowed only for an emulator's URL)")
        }
        return requested == 0 ? nil : requested
    }
}
