import Foundation

/// Everything a `StripeClient` needs for one connection, validated: the key, where Stripe is, and the limits.
public struct StripeConfiguration: Sendable {
    /// Stripe's own API.
    public static let stripeAPIBaseURL = URL(string: "https://api.stripe.com")!

    public let key: StripeSecretKey
    public let baseURL: URL
    /// Requests per second this client may send, or `nil` for no limit (allowed only off Stripe's own API).
    public let requestsPerSecond: Double?
    public var requestTimeout: Duration
    public var retryPolicy: StripeRetryPolicy
    public var userAgent: String

    /// Refuses a base URL that is not http(s), and any rate above the mode's ceiling (or none) against Stripe's own API.
    public init(key: StripeSecretKey, baseURL: URL = Self.stripeAPIBaseURL, rateLimit: StripeRateLimitSetting = .modeCeiling,
                requestTimeout: Duration = .seconds(30), retryPolicy: StripeRetryPolicy = StripeRetryPolicy(),
                userAgent: String = Self.defaultUserAgent) throws(StripeError) {
        guard let scheme = baseURL.scheme?.lowercased(), scheme == "https" || scheme == "http", let host = baseURL.host, !host.isEmpty else {
            throw StripeError(kind: .configuration, message: "The Stripe API URL \(baseURL.absoluteString) is not an http(s) URL with a host.")
        }
        let ceiling = key.mode.stripeRateLimitCeiling
        let isStripe = Self.isStripeHosted(baseURL)
        switch rateLimit {
        case .modeCeiling:
            requestsPerSecond = ceiling
        case .perSecond(let rate):
            guard rate.isFinite, rate > 0 else {
                throw StripeError(kind: .configuration, message: "A Stripe rate limit must be a positive number of requests per second, not \(rate).")
            }
            if isStripe, rate > ceiling {
                throw StripeError(kind: .configuration, message: "Stripe allows at most \(Int(ceiling)) requests/s for a \(key.mode.rawValue) key; \(rate) may be set only for an emulator's URL.")
            }
            requestsPerSecond = rate
        case .unlimited:
            if isStripe {
                throw StripeError(kind: .configuration, message: "The rate limit can be switched off only for an emulator's URL, never for Stripe's own API.")
            }
            requestsPerSecond = nil
        }
        self.key = key
        self.baseURL = baseURL
        self.requestTimeout = requestTimeout
        self.retryPolicy = retryPolicy
        self.userAgent = userAgent
    }

    /// Time a request may spend between leaving this client and being counted by Stripe (scheduling, the network).
    public static let deliverySlack: Duration = .milliseconds(250)

    /// The rate this client paces itself at: the limit spread over one second plus `deliverySlack`, so that
    /// requests delayed on their way and arriving bunched still never land more than `requestsPerSecond` in any
    /// one second at Stripe (25/s paces at 20/s).
    public var pacedRequestsPerSecond: Double? {
        requestsPerSecond.map { $0 / (1 + Self.deliverySlack.seconds) }
    }

    /// True for Stripe's own hosts, where the rate limit may never be raised.
    public static func isStripeHosted(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased() else { return false }
        let trimmed = host.hasSuffix(".") ? String(host.dropLast()) : host
        return trimmed == "stripe.com" || trimmed.hasSuffix(".stripe.com")
    }

    public static let defaultUserAgent = "VelesStripeClient/1.0 (Veles quote-to-cash; Swift)"
}
