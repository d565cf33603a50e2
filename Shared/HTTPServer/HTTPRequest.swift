/// One HTTP request as the server received it: method, path, raw query, headers and raw body.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The path without the query string, still percent-encoded as sent.
    public var path: String
    /// The raw query string after `?` (empty when there is none).
    public var rawQuery: String {
        didSet { queryItems = URLEncodedForm.parse(rawQuery) }
    }
    /// The decoded query pairs in order, or nil when the query is malformed; decoded once, as routes look up
    /// several parameters.
    public private(set) var queryItems: [(name: String, value: String)]?
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Values captured by `{name}` segments of the matched route.
    public var pathParameters: [String: String] = [:]

    public init(method: HTTPMethod, path: String, rawQuery: String = "", headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        queryItems = URLEncodedForm.parse(rawQuery)
        self.headers = headers
        self.body = body
    }

    /// Builds a request from a target such as `/v1/customers?limit=3`.
    public init(method: HTTPMethod, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        if let question = target.firstIndex(of: "?") {
            self.init(method: method, path: String(target[..<question]),
                      rawQuery: String(target[target.index(after: question)...]), headers: headers, body: body)
        } else {
            self.init(method: method, path: target, headers: headers, body: body)
        }
    }

    /// The first decoded value of a query parameter.
    public func query(_ name: String) -> String? {
        queryItems?.first { $0.name == name }?.value
    }

    /// The body decoded as UTF-8 text, or nil when it is not valid UTF-8.
    public var bodyText: String? { String(validating: body, as: UTF8.self) }
}
