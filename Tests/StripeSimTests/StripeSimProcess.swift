import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

/// A stripe-sim child process on a free port, with small helpers to call it.
final class StripeSimProcess: Sendable {
    let child: ChildProcess
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `stripe-sim --port 0 …` and waits for its ready line.
    init(arguments: [String] = ["--no-rate-limit"], directory: TemporaryDirectory? = nil) async throws {
        child = try ChildProcess("stripe-sim", arguments: ["--port", "0"] + arguments, logDirectory: directory?.url)
        try await child.waitForLog("listening on http://127.0.0.1:", timeout: .seconds(30))
        guard let range = child.log.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(child.log[range].split(separator: ":").last ?? "") else {
            throw TestSupportError("stripe-sim printed no port:\n\(child.log)")
        }
        self.port = port
    }

    /// Runs one of the SDK scripts in `python/` against this process.
    func runScript(_ name: String, environment: [String: String] = [:]) async throws -> PythonScript.Result {
        let script = TestPaths.repositoryRoot.appendingPathComponent("Tests/StripeSimTests/python/\(name)")
        var variables = environment
        variables["STRIPE_SIM_URL"] = baseURL
        variables["PYTHONDONTWRITEBYTECODE"] = "1"
        return try await PythonScript.run(script, environment: variables, timeout: .seconds(90))
    }

    /// One HTTP request; returns the status, headers and body.
    func request(_ method: String, _ path: String, key: String? = "sk_test_sim_default", form: [(String, String)] = [],
                 json: String? = nil, headers: [String: String] = [:]) async throws -> (status: Int, headers: [String: String], body: Data) {
        guard let url = URL(string: baseURL + path) else { throw TestSupportError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if !form.isEmpty {
            let encoded = form.map { "\(StripeSimProcess.escape($0.0))=\(StripeSimProcess.escape($0.1))" }.joined(separator: "&")
            request.httpBody = Data(encoded.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestSupportError("no HTTP response") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return (http.statusCode, fields, data)
    }

    /// A request whose JSON object answer is returned parsed.
    func object(_ method: String, _ path: String, key: String? = "sk_test_sim_default", form: [(String, String)] = [],
                json: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        let answer = try await request(method, path, key: key, form: form, json: json)
        let parsed = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any] ?? [:]
        return (answer.status, parsed)
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    deinit {
        child.stop()
    }
}
