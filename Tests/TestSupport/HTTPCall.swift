import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP request from a test, with the status, headers and body it got back.
public enum HTTPCall {
    /// One response as the test saw it.
    public struct Response: Sendable {
        public let status: Int
        public let headers: [String: String]
        public let body: Data

        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object; throws with the body's text when it is not one.
        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw TestSupportError("expected a JSON object, got: \(text.prefix(300))")
            }
            return object
        }

        public func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    public static func send(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil,
                            timeout: TimeInterval = 30) async throws -> Response {
        guard let target = URL(string: url) else { throw TestSupportError("bad URL \(url)") }
        var request = URLRequest(url: target, timeoutInterval: timeout)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestSupportError("no HTTP response from \(url)") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            fields[String(describing: key)] = String(describing: value)
        }
        return Response(status: http.statusCode, headers: fields, body: data)
    }

    /// Sends a JSON body (any JSONSerialization value).
    public static func json(_ method: String, _ url: String, _ object: Any, headers: [String: String] = [:]) async throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await send(method, url, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
                              body: body)
    }

    /// Sends a Stripe-style form body.
    public static func form(_ method: String, _ url: String, _ fields: [(String, String)], headers: [String: String] = [:]) async throws -> Response {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
        return try await send(method, url, headers: headers.merging(["Content-Type": "application/x-www-form-urlencoded"]) { a, _ in a },
                              body: Data(body.utf8))
    }
}
