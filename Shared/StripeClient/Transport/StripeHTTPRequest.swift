import Foundation

/// One HTTP request to Stripe, as the client hands it to a transport.
public struct StripeHTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// How long the transport may wait for the reply before giving up with a timeout.
    public var timeout: Duration

    public init(method: String, url: URL, headers: [String: String], body: Data?, timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
