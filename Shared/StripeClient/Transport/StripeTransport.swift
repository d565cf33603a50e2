/// Carries requests to Stripe: `URLSessionTransport` in production, a scripted one or a local server in tests.
public protocol StripeTransport: Sendable {
    /// Sends one request and returns whatever HTTP reply came, errors included;
    /// throws `StripeTransportError` when no reply arrived at all.
    func send(_ request: StripeHTTPRequest) async throws -> StripeHTTPResponse
}

/// No HTTP reply: the connection failed, dropped or timed out. The request may or may not have reached Stripe.
public struct StripeTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    public let isTimeout: Bool

    public init(reason: String, isTimeout: Bool = false) {
        self.reason = reason
        self.isTimeout = isTimeout
    }

    public var description: String { reason }
}
