import Bus
import Foundation
import StripeClient
import Support
import Synchronization
import SyncEngine
import VelesAPI

/// Stripe access through the connection service: credentials fetched over the bus and kept per workspace until the
/// connection says they are stale, `CheckConnection` before every page, the account's shared rate budget, and a 401
/// reported as an invalid key.
final class ConnectionStripeAccess: StripeAccess {
    private struct Held: Sendable {
        let generation: Int64
        let keyVersion: Int64
        let session: StripeSession
    }

    private let connection: Veles_Connection_V1_ConnectionClient
    private let baseURL: URL
    private let logger: Logger
    private let held = Mutex<[String: Held]>([:])

    init(connection: Veles_Connection_V1_ConnectionClient, baseURL: URL, logger: Logger) {
        self.connection = connection
        self.baseURL = baseURL
        self.logger = logger
    }

    func session(workspaceId: String) async throws -> StripeSession {
        if let current = held.withLock({ $0[workspaceId] }) { return current.session }
        return try await refresh(workspaceId)
    }

    func check(workspaceId: String) async throws {
        let current = held.withLock { $0[workspaceId] }
        var request = Veles_Connection_V1_CheckConnectionRequest()
        request.generation = current?.generation ?? 0
        request.keyVersion = current?.keyVersion ?? 0
        let reply = try await connection.checkConnection(request, options: CallOptions(workspaceId: workspaceId))
        guard reply.active else {
            forget(workspaceId)
            throw Self.stop(reply.status)
        }
        if reply.credentialsStale || current == nil { _ = try await refresh(workspaceId) }
    }

    private func forget(_ workspaceId: String) {
        _ = held.withLock { $0.removeValue(forKey: workspaceId) }
    }

    private static func stop(_ status: Veles_Connection_V1_ConnectionStatus) -> SyncStop {
        status == .keyInvalid ? .keyInvalid("the stored key was refused by Stripe") : .disconnected("status \(status)")
    }

    private func refresh(_ workspaceId: String) async throws -> StripeSession {
        let credentials: Veles_Connection_V1_GetStripeCredentialsResponse
        do {
            credentials = try await connection.getStripeCredentials(Veles_Connection_V1_GetStripeCredentialsRequest(),
                                                                    options: CallOptions(workspaceId: workspaceId))
        } catch let error as RPCError where error.code == .failedPrecondition || error.code == .notFound {
            forget(workspaceId)
            throw SyncStop.disconnected(error.message)
        }
        let key = try StripeSecretKey(credentials.apiKey)
        let connection = self.connection
        let limiter = ConnectionRateLimiter { lease in
            var request = Veles_Connection_V1_AcquireRatePermitsRequest()
            request.count = Int32(clamping: lease.count)
            request.returnedLeaseId = lease.returnedLeaseId
            request.returnedUnused = Int32(clamping: lease.returnedUnused)
            let reply = try await connection.acquireRatePermits(request, options: CallOptions(workspaceId: workspaceId))
            return .init(granted: Int(reply.granted), leaseId: reply.leaseId, validFor: .microseconds(reply.validForUs),
                         retryAfter: .microseconds(reply.retryAfterUs), unlimited: reply.unlimited)
        }
        // The budget is enforced by the connection service; this client's own ceiling is lifted off Stripe's API only.
        let setting: StripeRateLimitSetting = StripeConfiguration.isStripeHosted(baseURL) ? .modeCeiling : .unlimited
        let client = StripeClient(configuration: try StripeConfiguration(key: key, baseURL: baseURL, rateLimit: setting),
                                  rateLimiter: limiter, logger: logger.named("stripe"))
        let source = KeyGuardedSource(inner: StripeClientCatalogSource(client: client), onRefused: { [weak self] message in
            await self?.reportKeyInvalid(workspaceId, generation: credentials.generation, keyVersion: credentials.keyVersion, message: message)
        })
        let session = StripeSession(mode: credentials.mode == .live ? .live : .test, generation: credentials.generation, source: source)
        held.withLock { $0[workspaceId] = Held(generation: credentials.generation, keyVersion: credentials.keyVersion, session: session) }
        return session
    }

    private func reportKeyInvalid(_ workspaceId: String, generation: Int64, keyVersion: Int64, message: String) async {
        forget(workspaceId)
        var request = Veles_Connection_V1_ReportKeyInvalidRequest()
        request.generation = generation
        request.keyVersion = keyVersion
        request.stripeMessage = message
        do {
            _ = try await connection.reportKeyInvalid(request, options: CallOptions(workspaceId: workspaceId))
        } catch {
            logger.warning("could not report an invalid Stripe key", ["workspace": workspaceId, "error": String(describing: error)])
        }
    }
}

/// A source that turns Stripe's 401 into a reported invalid key and a stopped run.
struct KeyGuardedSource: CatalogStripeSource {
    let inner: any CatalogStripeSource
    let onRefused: @Sendable (String) async -> Void

    private func guarded<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StripeError where error.kind == .authentication {
            await onRefused(error.message)
            throw SyncStop.keyInvalid(error.message)
        }
    }

    func products(startingAfter: String?) async throws -> CatalogPage<StripeProductRecord> { try await guarded { try await inner.products(startingAfter: startingAfter) } }
    func prices(startingAfter: String?) async throws -> CatalogPage<StripePriceRecord> { try await guarded { try await inner.prices(startingAfter: startingAfter) } }
    func product(id: String) async throws -> StripeProductRecord { try await guarded { try await inner.product(id: id) } }
    func price(id: String) async throws -> StripePriceRecord? { try await guarded { try await inner.price(id: id) } }
    func events(after eventId: String?) async throws -> CatalogPage<CatalogEvent> { try await guarded { try await inner.events(after: eventId) } }
    func newestEventId() async throws -> String? { try await guarded { try await inner.newestEventId() } }
}

