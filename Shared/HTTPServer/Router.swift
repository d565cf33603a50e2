/// An async request handler.
public typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse

/// Dispatches requests by method and path pattern; unmatched paths and methods go to replaceable fallbacks.
public struct Router: Sendable {
    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let handler: HTTPHandler
    }

    private var routes: [Route] = []
    /// Answers a path that no route knows.
    public var notFound: HTTPHandler = { _ in .text(404, "not found\n") }
    /// Answers a known path asked with a method it does not serve. A 405 it returns gets an `Allow` header listing
    /// the methods the path does serve (RFC 9110 §15.5.6), added by the router, which alone knows them.
    public var methodNotAllowed: HTTPHandler = { _ in .text(405, "method not allowed\n") }
    /// Whether a GET route also answers HEAD, as RFC 9110 §9.3.2 asks of a general-purpose server (the HTTP
    /// layer sends the headers without the body). Off for an emulator that must answer only what its model does.
    public var answersHeadWithGet = true

    public init() {}

    /// Adds a route; earlier routes win when two patterns match the same path.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) {
        routes.append(Route(method: method, pattern: RoutePattern(pattern), handler: handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.get, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.post, pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.put, pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.patch, pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.delete, pattern, handler) }

    /// Routes one request to its handler, with the path captures filled in.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var allowed: [HTTPMethod] = []
        let segments = RoutePattern.segments(of: request.path)
        for route in routes {
            guard let captures = route.pattern.match(segments: segments) else { continue }
            let servesHead = answersHeadWithGet && route.method == .get
            guard route.method == request.method || servesHead && request.method == .head else {
                if !allowed.contains(route.method) { allowed.append(route.method) }
                if servesHead, !allowed.contains(.head) { allowed.append(.head) }
                continue
            }
            var routed = request
            routed.pathParameters = captures
            return await route.handler(routed)
        }
        guard !allowed.isEmpty else { return await notFound(request) }
        var response = await methodNotAllowed(request)
        if response.status == 405 && response.headers["Allow"] == nil {
            response.headers.set("Allow", allowed.map(\.rawValue).joined(separator: ", "))
        }
        return response
    }

    /// The router as a handler for `HTTPServer`.
    public var handler: HTTPHandler {
        let router = self
        return { request in await router.handle(request) }
    }
}
