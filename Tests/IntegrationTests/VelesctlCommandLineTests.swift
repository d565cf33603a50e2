import Foundation
import Testing
import TestSupport

/// What velesctl says about a command line before any broker answers (none runs here: the endpoint leads nowhere).
@Suite struct VelesctlCommandLineTests {
    static func velesctl(_ arguments: [String]) async throws -> CommandResult {
        let nowhere = "ipc://\(NSTemporaryDirectory())veles-nowhere-\(UUID().uuidString.prefix(8))"
        return try await CommandResult.run("velesctl", ["--broker-frontend", nowhere, "--timeout-ms", "500"] + arguments)
    }

    /// A mistyped command is named on standard error, before the usage, and the exit status is not 0.
    @Test(arguments: [
        (["frob"], "unknown command 'frob'"),
        (["frob", "--service", "Catalog", "extra"], "unknown command 'frob'"),
        (["bus", "frob"], "unknown command 'bus frob'"),
        (["bus"], "'bus' needs a command after it"),
        (["token", "frob"], "unknown command 'token frob'"),
    ])
    func anUnknownCommandIsNamedBeforeTheUsage(arguments: [String], message: String) async throws {
        let result = try await Self.velesctl(arguments)
        #expect(result.status == 2, "\(arguments): \(result.standardError)")
        #expect(result.standardError.hasPrefix("velesctl: \(message)\n"), "\(arguments): \(result.standardError)")
        #expect(result.standardError.contains("usage: velesctl"), "\(arguments): \(result.standardError)")
        #expect(result.standardOutput.isEmpty, "\(arguments): \(result.standardOutput)")
    }

    /// A tail or replay filter no record could pass is refused up front (a typo would otherwise show nothing, live,
    /// with nothing saying why); names the protos define pass, in full or by their last part.
    @Test(arguments: [
        (["bus", "tail", "--service", "Nope"], "no service Nope is defined"),
        (["bus", "replay", "--dry-run", "--service", "Catalog", "--method", "Nope"], "no method Nope is defined in Catalog"),
        (["bus", "replay", "--dry-run", "--method", "Frobnicate"], "no method Frobnicate is defined"),
        (["bus", "replay", "--dry-run", "--from", "2026-12-04T09:30:00"], "an ISO 8601 time with its zone"),
    ])
    func aFilterNoRecordCouldPassIsRefused(arguments: [String], message: String) async throws {
        let journal = NSTemporaryDirectory() + "veles-empty-journal-\(UUID().uuidString.prefix(8))"
        let result = try await Self.velesctl(["--journal-dir", journal] + arguments)
        #expect(result.status != 0, "\(arguments): \(result.standardOutput)")
        #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
    }

    @Test func aFilterTheProtosDefinePasses() async throws {
        let journal = NSTemporaryDirectory() + "veles-empty-journal-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let result = try await Self.velesctl(["--journal-dir", journal, "bus", "replay", "--dry-run", "--service", "Catalog",
                                              "--method", "ListSyncRuns"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("is defined"), "\(result.standardError)")
    }

    /// `token revoke` takes the token's id; given its secret, velesctl says so and sends nothing, so the secret
    /// reaches neither the terminal nor the bus journal.
    @Test func revokingBySecretIsRefusedWithoutShowingTheSecret() async throws {
        let secret = "vlt_" + String(repeating: "0123456789abcdef", count: 4)
        let result = try await Self.velesctl(["token", "revoke", secret])
        #expect(result.status != 0)
        let said = result.standardOutput + result.standardError
        #expect(!said.contains(secret.dropLast(4)), "velesctl printed the secret: \(said)")
        #expect(said.contains("…cdef"), "\(said)")
        #expect(said.contains("token id (tok_…)"), "\(said)")
        #expect(!said.contains("DEADLINE") && !said.contains("UNAVAILABLE"), "velesctl sent the secret to the bus: \(said)")
    }
}
