import Bus
import Foundation
import StripeClient
import Support
import VelesAPI

// A stand-in for a sync worker, for the rate-limit tests: it takes the workspace's credentials from the connection
// service, then sends Stripe list calls as fast as the shared budget lets it, checking the connection every page.
let options = Options(program: "connection-load-client", summary: "Sends Stripe list requests the way a sync worker does, through the shared rate budget.")
let frontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: BusDefaults.frontend, help: "the broker's client endpoint")
let workspace = options.string("workspace", default: "", help: "the workspace whose connection to use")
let stripeURLText = options.string("stripe-api-url", env: "VELES_STRIPE_API_URL", default: StripeConfiguration.stripeAPIBaseURL.absoluteString, help: "Stripe's API base URL, or an emulator's")
let requests = options.int("requests", default: 20, help: "how many Stripe requests to send")
options.finish()

let logger = Logger(process: "connection-load-client", level: .warning)

do {
    guard !workspace.isEmpty, let stripeURL = URL(string: stripeURLText) else {
        throw RPCError(.invalidArgument, "--workspace and a valid --stripe-api-url are required")
    }
    let bus = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "load-client"), logger: logger)
    let connection = Veles_Connection_V1_ConnectionClient(channel: bus)
    let call = CallOptions(timeout: .seconds(10), workspaceId: workspace)
    let credentials = try await connection.getStripeCredentials(Veles_Connection_V1_GetStripeCredentialsRequest(), options: call)
    let limiter = ConnectionRateLimiter { lease in
        var request = Veles_Connection_V1_AcquireRatePermitsRequest()
        request.count = Int32(lease.count)
        request.returnedLeaseId = lease.returnedLeaseId
        request.returnedUnused = Int32(lease.returnedUnused)
        let reply = try await connection.acquireRatePermits(request, options: call)
        return ConnectionRateLimiter.LeaseReply(
            granted: Int(reply.granted), leaseId: reply.leaseId, validFor: .microseconds(reply.validForUs),
            retryAfter: .microseconds(reply.retryAfterUs), unlimited: reply.unlimited)
    }
    let stripe = StripeClient(configuration: try StripeConfiguration(key: try StripeSecretKey(credentials.apiKey), baseURL: stripeURL),
                              rateLimiter: limiter, logger: logger)
    var check = Veles_Connection_V1_CheckConnectionRequest()
    check.generation = credentials.generation
    check.keyVersion = credentials.keyVersion
    var sent = 0
    while sent < requests {
        guard try await connection.checkConnection(check, options: call).active else {
            print("stopped: connection no longer active after requests=\(sent)")
            exit(3)
        }
        do {
            _ = try await stripe.get("/v1/customers", query: ["limit": "1"], as: StripeList<StripeCustomer>.self)
        } catch let error as RPCError where error.code == .failedPrecondition {
            // The permit lease is refused once the connection is gone: the same stop, found one step later.
            print("stopped: connection no longer active after requests=\(sent) (\(error.message))")
            exit(3)
        }
        sent += 1
    }
    print("done requests=\(sent)")
    bus.close()
} catch {
    FileHandle.standardError.write(Data("connection-load-client: \(error)\n".utf8))
    exit(1)
}
