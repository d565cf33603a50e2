import Bus
import Foundation
import HTTPServer
import Support
import VelesAPI

// Wiring only: settings, the token store, bus clients under two identities, the Admin RPC worker, the HTTP server.
let options = Options(program: "gateway", summary: """
    The HTTP JSON API of the Veles Stripe integration, the Stripe webhook receiver, and the Admin RPC service \
    (workspaces and API tokens) on the bus.
    """)
let dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "folder of the token store")
let frontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: BusDefaults.frontend,
                              help: "broker endpoint for calls")
let backend = options.string("broker-backend", env: "VELES_BROKER_BACKEND", default: BusDefaults.backend,
                             help: "broker endpoint the Admin worker registers with")
let host = options.string("http-host", env: "VELES_HTTP_HOST", default: "127.0.0.1", help: "address to listen on")
let port = options.int("http-port", env: "VELES_HTTP_PORT", default: 8080, help: "HTTP port (0 picks a free one)")
let threads = options.int("http-threads", env: "VELES_HTTP_THREADS", default: 4, help: "HTTP connection threads")
let maxBody = options.int("max-body-bytes", env: "VELES_MAX_BODY_BYTES", default: 4 << 20, help: "largest request body accepted")
let rpcTimeoutMs = options.int("rpc-timeout-ms", env: "VELES_RPC_TIMEOUT_MS", default: 10_000,
                               help: "deadline of each call the gateway makes to a service")
let level = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error")
options.finish()

let logger = Logger(process: "gateway", level: LogLevel(name: level) ?? .info)
let signal = ShutdownSignal()
do {
    guard (0...65535).contains(port) else { throw RPCError(.invalidArgument, "--http-port must be 0–65535") }
    let store = try GatewayStore.open(path: dataDirectory + "/gateway.sqlite")
    // Calls made for HTTP clients: the services refuse internal methods to this identity.
    let apiBus = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "gateway",
                                                                          defaultTimeout: .milliseconds(rpcTimeoutMs)),
                               logger: logger.named("bus"))
    // The gateway's own lookups (webhook secrets, health), which may use internal methods.
    let internalBus = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "gateway-internal",
                                                                               defaultTimeout: .milliseconds(rpcTimeoutMs)),
                                    logger: logger.named("bus-internal"))
    let api = GatewayAPI(
        store: store,
        connection: Veles_Connection_V1_ConnectionClient(channel: apiBus),
        customers: Veles_Customers_V1_CustomerSyncClient(channel: apiBus),
        catalog: Veles_Catalog_V1_CatalogClient(channel: apiBus),
        webhooks: WebhookReceiver(connection: Veles_Connection_V1_ConnectionClient(channel: internalBus),
                                  customers: Veles_Customers_V1_CustomerSyncClient(channel: internalBus),
                                  catalog: Veles_Catalog_V1_CatalogClient(channel: internalBus), logger: logger),
        health: HealthProbe(bus: internalBus, store: store),
        availability: ServiceAvailability(bus: internalBus),
        logger: logger)
    var http = HTTPServerConfiguration(host: host, port: UInt16(port), threadCount: threads, maxBodyBytes: maxBody)
    http.connectionLimit = 4096
    http.payloadTooLarge = APIError(status: 413, code: "payload_too_large",
                                    message: "the request body is larger than \(maxBody) bytes, the most this gateway accepts").response
    let admin = BusWorker(services: [AdminHandler(store: store).rpcService()],
                          configuration: BusWorkerConfiguration(broker: backend, concurrency: 4, workerName: "gateway"),
                          logger: logger.named("admin"))
    let server = GatewayServer(configuration: http, handler: api.router.handler, logger: logger)
    try await ServiceGroup(services: [admin, server], logger: logger, signal: signal).run()
    apiBus.close()
    internalBus.close()
} catch {
    logger.error("gateway stopped on an error", ["error": String(describing: error)])
    exit(1)
}
