import Foundation

/// One HTTP reply; header names are kept lowercased.
public struct StripeHTTPResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// The header's value, whatever case its name was sent in.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}
