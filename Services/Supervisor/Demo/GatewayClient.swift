import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The few gateway routes the demo bootstrap uses, called with one workspace's API token.
struct GatewayClient: Sendable {
    let baseURL: URL
    let token: String

    /// A JSON reply: the HTTP status and the decoded body (nil when it was empty or not JSON).
    struct Reply: @unchecked Sendable {
        // @unchecked: the body is a tree of Foundation JSON values, read-only once decoded.
        let status: Int
        let body: Any?

        var object: [String: Any] { body as? [String: Any] ?? [:] }

        /// The `error.message` of a gateway error, or the raw status.
        var errorText: String {
            if let error = object["error"] as? [String: Any] {
                return "\(status) \(error["code"] ?? ""): \(error["message"] ?? "")"
            }
            return "HTTP \(status)"
        }
    }

    func get(_ path: String) async throws -> Reply {
        try await send("GET", path, body: nil)
    }

    func post(_ path: String, json: [String: Any] = [:]) async throws -> Reply {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: json))
    }

    func put(_ path: String, body: Data) async throws -> Reply {
        try await send("PUT", path, body: body)
    }

    private func send(_ method: String, _ path: String, body: Data?) async throws -> Reply {
        guard let url = URL(string: path, relativeTo: baseURL) else { throw DemoError("bad gateway path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 60
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let decoded = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data)
        return Reply(status: status, body: decoded)
    }
}
