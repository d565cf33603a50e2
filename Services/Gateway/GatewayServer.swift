import HTTPServer
import Support

/// The HTTP listener as a service: started with the process, and stopped (after in-flight requests finish) first.
struct GatewayServer: Service {
    let name = "http"
    let configuration: HTTPServerConfiguration
    let handler: HTTPHandler
    let logger: Logger

    func run() async throws {
        let server = try HTTPServer(configuration: configuration, handler: handler)
        logger.info("gateway listening", ["url": "http://\(configuration.host):\(server.port)"])
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
        }
        await server.stop()
    }
}
