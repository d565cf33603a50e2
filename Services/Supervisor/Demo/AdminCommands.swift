import Foundation

/// Workspace and token administration through `velesctl`, which calls the gateway's Admin service on the bus.
struct AdminCommands: Sendable {
    let velesctl: URL
    let brokerFrontend: String

    /// Creates a workspace and returns its id.
    func createWorkspace(name: String) async throws -> String {
        let reply = try await call(["workspace", "create", "--name", name])
        guard let id = Self.field(["workspace_id", "id"], in: reply) else {
            throw DemoError("`velesctl workspace create` printed no workspace id: \(reply)")
        }
        return id
    }

    /// Creates an API token for `workspace` and returns it (shown once; the gateway keeps only its hash).
    func createToken(workspace: String) async throws -> String {
        let reply = try await call(["token", "create", "--workspace", workspace])
        guard let token = Self.field(["token", "api_token"], in: reply) else {
            throw DemoError("`velesctl token create` printed no token")
        }
        return token
    }

    private func call(_ arguments: [String]) async throws -> String {
        guard let output = await CommandRunner.run(velesctl, arguments: arguments + ["--broker-frontend", brokerFrontend],
                                                   timeout: .seconds(20)) else {
            throw DemoError("`velesctl \(arguments.prefix(2).joined(separator: " "))` did not finish; is the gateway up?")
        }
        guard output.status == 0 else {
            throw DemoError("`velesctl \(arguments.prefix(2).joined(separator: " "))` failed: \(output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return output.standardOutput
    }

    /// The first of `names` found in a JSON object reply.
    static func field(_ names: [String], in reply: String) -> String? {
        guard let data = reply.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        for name in names {
            if let value = object[name] as? String, !value.isEmpty { return value }
            for nested in object.values {
                if let inner = nested as? [String: Any], let value = inner[name] as? String, !value.isEmpty { return value }
            }
        }
        return nil
    }
}
