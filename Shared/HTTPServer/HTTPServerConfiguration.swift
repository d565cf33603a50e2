/// Where and how an `HTTPServer` listens, and the limits it enforces on each request.
public struct HTTPServerConfiguration: Sendable {
    /// IPv4 address to bind; loopback by default.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one (read it back from `HTTPServer.port`).
    public var port: UInt16 = 0
    /// libmicrohttpd threads that accept and parse connections; a handler starts on one and goes on as a Swift task
    /// once it waits, so keep work before the first `await` short.
    public var threadCount: Int = 2
    /// Largest request body accepted; a bigger one is answered with `payloadTooLarge`.
    public var maxBodyBytes: Int = 1 << 20
    /// Memory per connection for the request line and headers (libmicrohttpd answers 431/414 past it).
    public var maxHeaderBytes: Int = 64 << 10
    /// Idle seconds before a connection is closed.
    public var connectionTimeoutSeconds: Int = 30
    /// Most connections open at once.
    public var connectionLimit: Int = 1024
    /// The reply to a body over `maxBodyBytes`.
    public var payloadTooLarge: HTTPResponse = .text(413, "request body too large\n")

    public init() {}

    public init(host: String = "127.0.0.1", port: UInt16 = 0, threadCount: Int = 2, maxBodyBytes: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.threadCount = threadCount
        self.maxBodyBytes = maxBodyBytes
    }
}
