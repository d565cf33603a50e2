import Foundation

/// Workspace and token administration through `velesctl workspace` / `velesctl token`, which call the gateway's
/// Admin service on the bus.
struct AdminCommands: Sendable {
    let velesctl: URL
    let brokerFrontend: String

    /// Creates the workspace `id` unless it exists already; true when it was created now.
    func ensureWorkspace(id: String, name: String) async throws -> Bool {
        let output = try await run(["workspace", "create", name, "--id", id])
        if output.status == 0 { return true }
        if output.standardError.contains("ALREADY_EXISTS") { return false }
        throw failure("workspace create", output)
    }

    /// A new API token for `workspace`; returns its secret, which velesctl prints once on a line of its own after
    /// the token's description (the gateway keeps only a hash).
    func createToken(workspace: String, name: String) async throws -> String {
        let output = try await run(["token", "create", "--workspace", workspace, "--name", name])
        guard output.status == 0 else { throw failure("token create", output) }
        guard let secret = Self.secret(inTokenCreateOutput: output.standardOutput) else {
            throw DemoError("`velesctl token create` printed no token secret")
        }
        return secret
    }

    /// The secret line of `velesctl token create` output: the non-empty line that is not the `token id=…` description.
    static func secret(inTokenCreateOutput text: String) -> String? {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .last { !$0.isEmpty && !$0.hasPrefix("token ") && !$0.contains(" ") }
    }

    private func run(_ arguments: [String]) async throws -> CommandRunner.Output {
        guard let output = await CommandRunner.run(velesctl, arguments: arguments + ["--broker-frontend", brokerFrontend],
                                                   timeout: .seconds(20)) else {
            throw DemoError("`velesctl \(arguments.prefix(2).joined(separator: " "))` did not finish; is the gateway up?")
        }
        return output
    }

    private func failure(_ command: String, _ output: CommandRunner.Output) -> DemoError {
        DemoError("`velesctl \(command)` failed: \(output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
}
