import Bus
import StripeClient
import VelesAPI

/// Leases request permits for one workspace's Stripe account from the connection service, waiting when the budget is
/// spent; the permits of an expired lease that went unused are handed back with the next request.
public struct ConnectionPermitSource: StripePermitSource {
    let connection: Veles_Connection_V1_ConnectionClient
    let workspaceId: String

    public init(connection: Veles_Connection_V1_ConnectionClient, workspaceId: String) {
        self.connection = connection
        self.workspaceId = workspaceId
    }

    public func lease(upTo count: Int) async throws -> StripePermitLease {
        var request = Veles_Connection_V1_AcquireRatePermitsRequest()
        request.count = Int32(clamping: count)
        while true {
            try Task.checkCancellation()
            let reply = try await connection.acquireRatePermits(request, options: CallOptions(workspaceId: workspaceId))
            if reply.unlimited {
                return StripePermitLease(count: 10_000, validFor: .seconds(60))
            }
            if reply.granted > 0 {
                return StripePermitLease(count: Int(reply.granted), validFor: .microseconds(reply.validForUs))
            }
            try await Task.sleep(for: .microseconds(max(reply.retryAfterUs, 1_000)))
        }
    }
}
