import Foundation

/// Whether a failed attempt is retried, and after how long when Stripe said so.
struct StripeRetryDecision: Sendable {
    let retry: Bool
    let retryAfter: Duration?

    init(retry: Bool, retryAfter: Duration?) {
        self.retry = retry
        self.retryAfter = retryAfter
    }

    /// Stripe's own `Stripe-Should-Retry` wins; otherwise rate limits, conflicts and server errors are retried.
    init(response: StripeHTTPResponse, error: StripeError, now: Date = Date()) {
        let advised = response.header("stripe-should-retry")?.lowercased()
        switch advised {
        case "true": retry = true
        case "false": retry = false
        default: retry = error.kind == .rateLimited || response.status == 409 || response.status >= 500
        }
        retryAfter = retry ? Self.parseRetryAfter(response.header("retry-after"), now: now) : nil
    }

    /// `Retry-After` as seconds (possibly fractional) or as an HTTP date.
    static func parseRetryAfter(_ value: String?, now: Date) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite {
            return .milliseconds(Int64(max(seconds, 0) * 1000))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(date.timeIntervalSince(now), 0) * 1000))
    }
}
