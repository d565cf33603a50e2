import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends requests with Foundation's URLSession; one session (and its connection pool) per transport.
public final class URLSessionTransport: StripeTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: StripeHTTPRequest) async throws -> StripeHTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // URLSession on Linux mishandles timeouts under a second, so the precise deadline is enforced here and
        // URLSession's own, in whole seconds, is only a backstop.
        urlRequest.timeoutInterval = max(request.timeout.seconds.rounded(.up) + 1, 1)
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        urlRequest.httpBody = request.body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await Self.withDeadline(request.timeout, request: request) { [session, urlRequest] in
                try await session.data(for: urlRequest)
            }
        } catch let error as StripeTransportError {
            throw error
        } catch let error as URLError {
            throw StripeTransportError(reason: "\(request.method) \(request.url.path) failed: \(error.localizedDescription) (URLError \(error.code.rawValue))",
                                       isTimeout: error.code == .timedOut)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw StripeTransportError(reason: "\(request.method) \(request.url.path) failed: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw StripeTransportError(reason: "\(request.method) \(request.url.path) got a reply that is not HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String {
                headers[name.lowercased()] = value
            }
        }
        return StripeHTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// Runs the exchange, failing with a timeout once `timeout` has passed (and cancelling the exchange).
    private static func withDeadline(_ timeout: Duration, request: StripeHTTPRequest,
                                     _ exchange: @escaping @Sendable () async throws -> (Data, URLResponse)) async throws -> (Data, URLResponse) {
        try await withThrowingTaskGroup(of: (Data, URLResponse).self) { group in
            group.addTask { try await exchange() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw StripeTransportError(reason: "\(request.method) \(request.url.path) got no reply within \(timeout)", isTimeout: true)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
