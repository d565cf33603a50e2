import Foundation

/// How the supervisor decides that a freshly started process is ready, before it starts the next one.
///
/// Every kind is a condition polled until it holds; the checks themselves live in `ReadinessChecker`, so moving a
/// service from a log-line wait to a bus health check is a change of this value in the plan and nothing else.
enum Readiness: Sendable, Equatable {
    /// Something accepts TCP connections on `host:port`.
    case tcpPort(host: String, port: Int)
    /// `GET url` answers 200.
    case httpOK(url: String)
    /// The process has written `text` to its log since it was started.
    case logLine(String)
    /// The broker reports at least as many live workers of `service` as copies started so far (via `velesctl health`).
    case busService(String)
}

extension Readiness {
    /// The address a process must listen on for this check to hold, when the check is a connection.
    var listeningAddress: (host: String, port: Int)? {
        switch self {
        case .tcpPort(let host, let port):
            return (host, port)
        case .httpOK(let text):
            guard let url = URL(string: text), let host = url.host else { return nil }
            return (host, url.port ?? 80)
        case .logLine, .busService:
            return nil
        }
    }
}

extension Readiness: Codable {
    private enum CodingKeys: String, CodingKey { case kind, host, port, url, text, service }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .tcpPort(let host, let port):
            try container.encode("tcp", forKey: .kind)
            try container.encode(host, forKey: .host)
            try container.encode(port, forKey: .port)
        case .httpOK(let url):
            try container.encode("http", forKey: .kind)
            try container.encode(url, forKey: .url)
        case .logLine(let text):
            try container.encode("log", forKey: .kind)
            try container.encode(text, forKey: .text)
        case .busService(let service):
            try container.encode("bus", forKey: .kind)
            try container.encode(service, forKey: .service)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "tcp": self = .tcpPort(host: try container.decode(String.self, forKey: .host), port: try container.decode(Int.self, forKey: .port))
        case "http": self = .httpOK(url: try container.decode(String.self, forKey: .url))
        case "log": self = .logLine(try container.decode(String.self, forKey: .text))
        case "bus": self = .busService(try container.decode(String.self, forKey: .service))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown readiness kind '\(other)'")
        }
    }
}
