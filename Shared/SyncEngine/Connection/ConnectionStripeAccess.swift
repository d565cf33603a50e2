import Bus
import Foundation
import StripeClient
import Support
import Synchronization
import VelesAPI

/// Stripe access through the connection service: the key comes from `GetStripeCredentials` (never stored here), and
/// every request spends a permit from the account-wide budget leased by `AcquireRatePermits`.
///
/// A client is kept per workspace while its generation and key version stay the same, so its rate-limit lease
/// survives between pages; a rotation or reconnect is noticed by `check` and the next `access` fetches anew.
/// As the `SyncGate`, it asks `CheckConnection` before every page: a disconnect stops a run within one page.
public final class ConnectionStripeAccess: StripeAccessProvider, SyncGate {
    /// The credentials of one workspace that a client was built from.
    private struct Held: Sendable {
        let access: WorkspaceStripeAccess
        let keyVersion: Int64
    }

    private let connection: Veles_Connection_V1_ConnectionClient
    private let baseURL: URL
    private let rateLimit: StripeRateLimitSetting
    private let logger: Logger
    private let held = Mutex<[String: Held]>([:])

    public init(channel: any RPCChannel, baseURL: URL, rateLimit: StripeRateLimitSetting = .modeCeiling, logger: Logger) {
        connection = Veles_Connection_V1_ConnectionClient(channel: channel)
        self.baseURL = baseURL
        self.rateLimit = rateLimit
        self.logger = logger
    }

    public func access(workspaceId: String) async throws -> WorkspaceStripeAccess {
        if let cached = held.withLock({ $0[workspaceId] }) { return cached.access }
        let credentials: Veles_Connection_V1_GetStripeCredentialsResponse
        do {
            credentials = try await connection.getStripeCredentials(.init(), options: CallOptions(workspaceId: workspaceId))
        } catch let error as RPCError where error.code == .failedPrecondition || error.code == .notFound {
            throw SyncStop.disconnected(error.message)
        }
        guard credentials.status == .connected else {
            throw credentials.status == .keyInvalid
                ? SyncStop.keyInvalid("the stored key was refused by Stripe")
                : SyncStop.disconnected("status \(credentials.status)")
        }
        let key = try StripeSecretKey(credentials.apiKey)
        let configuration = try StripeConfiguration(key: key, baseURL: baseURL, rateLimit: rateLimit)
        let client = StripeClient(configuration: configuration,
                                  rateLimiter: Self.accountBudget(connection: connection, workspaceId: workspaceId),
                                  logger: logger.named("stripe"))
        let access = WorkspaceStripeAccess(client: client, mode: key.mode, accountId: credentials.accountId,
                                  generation: credentials.generation)
        held.withLock { $0[workspaceId] = Held(access: access, keyVersion: credentials.keyVersion) }
        return access
    }

    public func check(workspaceId: String) async throws {
        let current = held.withLock { $0[workspaceId] }
        var request = Veles_Connection_V1_CheckConnectionRequest()
        request.generation = current?.access.generation ?? 0
        request.keyVersion = current?.keyVersion ?? 0
        let reply: Veles_Connection_V1_CheckConnectionResponse
        do {
            reply = try await connection.checkConnection(request, options: CallOptions(workspaceId: workspaceId))
        } catch let error as RPCError where error.code == .notFound || error.code == .failedPrecondition {
            forget(workspaceId)
            throw SyncStop.disconnected(error.message)
        }
        if reply.credentialsStale { forget(workspaceId) }
        guard reply.status == .connected else {
            forget(workspaceId)
            throw reply.status == .keyInvalid
                ? SyncStop.keyInvalid("the stored key was refused by Stripe")
                : SyncStop.disconnected("the workspace was disconnected")
        }
    }

    /// A 401 from Stripe: tell the connection service (it flips the connection to key_invalid) and stop the run.
    public func translate(_ error: any Error, workspaceId: String) async -> SyncStop? {
        guard let stripeError = error as? StripeError, stripeError.isAuthenticationFailure else { return nil }
        let current = held.withLock { $0[workspaceId] }
        forget(workspaceId)
        var report = Veles_Connection_V1_ReportKeyInvalidRequest()
        report.generation = current?.access.generation ?? 0
        report.keyVersion = current?.keyVersion ?? 0
        report.stripeMessage = stripeError.message
        do {
            _ = try await connection.reportKeyInvalid(report, options: CallOptions(workspaceId: workspaceId))
        } catch {
            logger.warning("could not report an invalid key", ["workspace": workspaceId, "error": String(describing: error)])
        }
        return .keyInvalid(stripeError.message)
    }

    /// The account-wide budget: permits leased as callers wait, unspent ones handed back with the next lease, so a
    /// sequential sync never strands permits that count against the account.
    static func accountBudget(connection: Veles_Connection_V1_ConnectionClient, workspaceId: String) -> ConnectionRateLimiter {
        ConnectionRateLimiter { lease in
            var request = Veles_Connection_V1_AcquireRatePermitsRequest()
            request.count = Int32(clamping: lease.count)
            request.returnedLeaseId = lease.returnedLeaseId
            request.returnedUnused = Int32(clamping: lease.returnedUnused)
            let reply = try await connection.acquireRatePermits(request, options: CallOptions(workspaceId: workspaceId))
            return ConnectionRateLimiter.LeaseReply(granted: Int(reply.granted), leaseId: reply.leaseId,
                                                    validFor: .microseconds(reply.validForUs),
                                                    retryAfter: .microseconds(reply.retryAfterUs), unlimited: reply.unlimited)
        }
    }

    private func forget(_ workspaceId: String) {
        held.withLock { $0[workspaceId] = nil }
    }
}
