/// Reads the host and port out of a ZeroMQ `tcp://host:port` endpoint.
enum TCPEndpoint {
    static func parse(_ endpoint: String) -> (host: String, port: Int)? {
        guard endpoint.hasPrefix("tcp://") else { return nil }
        let rest = endpoint.dropFirst("tcp://".count)
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]) else { return nil }
        var host = String(rest[..<colon])
        if host == "*" || host == "0.0.0.0" { host = "127.0.0.1" }
        return (host, port)
    }
}
