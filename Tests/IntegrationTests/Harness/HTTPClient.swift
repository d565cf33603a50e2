import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP from a test to the system: the gateway's JSON API with a bearer token, stripe-sim's Stripe API with a
/// secret key (form-encoded, as Stripe takes it) and its `/_sim` control endpoints.
struct HTTPClient: Sendable {
    let baseURL: URL
    /// Sent as `Authorization: Bearer …` (the gateway's API token, or a Stripe secret key for stripe-sim).
    var bearer: String?

    /// One answer: status and body, with the body read as JSON on demand.
    struct Reply: Sendable {
        let status: Int
        let body: Data

        /// The body as a JSON object (empty when it is not one).
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func get(_ path: String) async throws -> Reply { try await send("GET", path) }
    func delete(_ path: String) async throws -> Reply { try await send("DELETE", path) }

    /// A JSON body (the gateway).
    func send(_ method: String, _ path: String, json: [String: Any]) async throws -> Reply {
        try await send(method, path, body: try JSONSerialization.data(withJSONObject: json), contentType: "application/json")
    }

    /// A form body (Stripe's API on stripe-sim), e.g. `["name": "Renamed"]`.
    func send(_ method: String, _ path: String, form: [String: String]) async throws -> Reply {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.keys.sorted().map { key in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)=\(form[key]?.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return try await send(method, path, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
    }

    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil) async throws -> Reply {
        guard let url = URL(string: path, relativeTo: baseURL) else { throw HarnessError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}
