import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Evaluates a `Readiness` condition once; the supervisor polls it until it holds or time runs out.
struct ReadinessChecker: Sendable {
    /// Runs `velesctl health` to learn how many live workers each bus service has.
    let busHealth: BusHealthQuery

    /// Whether `readiness` holds for `child`, the `copies`-th copy of its process to have been started.
    func isReady(_ readiness: Readiness, child: ChildHandle, logURL: URL, copies: Int) async -> Bool {
        switch readiness {
        case .tcpPort(let host, let port):
            return PortCheck.isAccepting(host: host, port: port)
        case .httpOK(let url):
            return await Self.answersOK(url)
        case .logLine(let text):
            return Self.log(at: logURL, since: child.logOffset).contains(text)
        case .busService(let service):
            guard let workers = await busHealth.liveWorkers(service: service) else { return false }
            return workers >= copies
        }
    }

    /// What the process logged since `offset`.
    static func log(at url: URL, since offset: UInt64) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func answersOK(_ url: String) async -> Bool {
        guard let url = URL(string: url) else { return false }
        var request = URLRequest(url: url)
        request.timeoutInterval = 2
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }
}
