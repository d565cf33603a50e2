import Bus
import Support
import VelesAPI

/// `velesctl workspace …` and `velesctl token …`: the gateway's Admin RPCs, printed for an operator.
///
/// A new token's secret is printed once, on its own line, because the gateway keeps only its hash.
struct AdminCommand {
    /// The flags only these commands read, declared before `Options.finish()`.
    struct Flags {
        let id: String?
        let name: String?

        init(declaringIn options: Options) {
            id = options.string("id", help: "workspace create: the workspace id (generated when absent)")
            name = options.string("name", help: "token create: a label for the token")
        }
    }

    static let usage = """
          workspace create NAME [--id ID]     create a workspace
          workspace list                      every workspace
          token create --workspace W [--name N]
                                              create an API token; its secret is printed once
          token revoke TOKEN_ID               revoke a token by its id (tok_…, not its secret); it stops working at once
          token list --workspace W            the tokens of a workspace (last four characters only)
        """

    /// How the gateway's token secrets begin (its `GatewayStore.tokenPrefix`), so one given as an id is caught here.
    static let tokenSecretPrefix = "vlt_"

    let client: Veles_Admin_V1_AdminClient
    let flags: Flags
    let workspaceId: String?
    let timeout: Duration

    func run(_ arguments: [String]) async throws {
        let options = CallOptions(timeout: timeout)
        switch (arguments.first, arguments.dropFirst().first) {
        case ("workspace", "create"):
            guard arguments.count == 3 else { throw CLIError("usage: velesctl workspace create NAME [--id ID]") }
            var request = Veles_Admin_V1_CreateWorkspaceRequest()
            request.name = arguments[2]
            request.id = flags.id ?? ""
            let reply = try await client.createWorkspace(request, options: options)
            printLine(Self.line(reply.workspace))
        case ("workspace", "list"):
            let reply = try await client.listWorkspaces(.init(), options: options)
            reply.workspaces.forEach { printLine(Self.line($0)) }
        case ("token", "create"):
            var request = Veles_Admin_V1_CreateTokenRequest()
            request.workspaceId = try requiredWorkspace()
            request.name = flags.name ?? ""
            let reply = try await client.createToken(request, options: options)
            printLine(Self.line(reply.token))
            printLine(reply.secret)
        case ("token", "revoke"):
            guard arguments.count == 3 else { throw CLIError("usage: velesctl token revoke TOKEN_ID") }
            let tokenId = arguments[2]
            // Sent as the id, a secret would be written to the bus journal in the clear (ids are not redacted there).
            guard !tokenId.hasPrefix(Self.tokenSecretPrefix) else {
                throw CLIError("revoke takes the token id (tok_…), not its secret (…\(Redact.lastFour(tokenId))); "
                               + "velesctl token list --workspace W shows the ids")
            }
            var request = Veles_Admin_V1_RevokeTokenRequest()
            request.tokenId = tokenId
            let reply = try await client.revokeToken(request, options: options)
            printLine(Self.line(reply.token))
        case ("token", "list"):
            var request = Veles_Admin_V1_ListTokensRequest()
            request.workspaceId = try requiredWorkspace()
            let reply = try await client.listTokens(request, options: options)
            reply.tokens.forEach { printLine(Self.line($0)) }
        default:
            throw UnknownCommand(group: arguments.first, command: arguments.dropFirst().first)
        }
    }

    private func requiredWorkspace() throws -> String {
        guard let workspaceId, !workspaceId.isEmpty else { throw CLIError("--workspace W is required") }
        return workspaceId
    }

    static func line(_ workspace: Veles_Admin_V1_Workspace) -> String {
        "workspace id=\(workspace.id) name=\(workspace.name) created_at_ms=\(workspace.createdAtMs)"
    }

    static func line(_ token: Veles_Admin_V1_ApiToken) -> String {
        "token id=\(token.id) workspace=\(token.workspaceId) name=\(token.name) last4=\(token.last4)"
            + (token.revokedAtMs > 0 ? " revoked_at_ms=\(token.revokedAtMs)" : "")
    }
}
