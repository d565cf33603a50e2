import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPServer
import Testing

/// The shared HTTP server library, exercised over real loopback connections.
@Suite("HTTPServer", .serialized)
struct HTTPServerTests {
    private func call(_ port: UInt16, _ method: String, _ target: String, body: String? = nil,
                      headers: [String: String] = [:]) async throws -> (Int, String, [AnyHashable: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(target)")!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.allHeaderFields)
    }

    private func echoRouter() -> Router {
        var router = Router()
        router.get("/items/{id}") { request in
            .text(200, "item \(request.pathParameters["id"] ?? "?") q=\(request.query("q") ?? "-") h=\(request.headers["X-Test"] ?? "-")")
        }
        router.post("/echo") { request in
            var response = HTTPResponse(status: 201, body: request.body)
            response.headers.add("X-Length", String(request.body.count))
            return response
        }
        router.get("/slow") { _ in
            try? await Task.sleep(for: .milliseconds(300))
            return .text(200, "slow")
        }
        router.get("/drop") { _ in .dropConnection }
        return router
    }

    @Test("the query is decoded once, kept in step with the raw query, and nil when it does not decode")
    func queryItemsFollowTheRawQuery() {
        var request = HTTPRequest(method: .get, target: "/v1/customers?limit=3&q=a+b%21&limit=9")
        #expect(request.query("limit") == "3")
        #expect(request.query("q") == "a b!")
        request.rawQuery = "q=%zz"
        #expect(request.queryItems == nil)
        #expect(request.query("q") == nil)
        #expect(HTTPRequest(method: .get, target: "/v1/x?q=%C3%28").queryItems == nil, "decodes to invalid UTF-8")
        #expect(HTTPRequest(method: .get, target: "/v1/x").queryItems?.isEmpty == true)
    }

    @Test func routesByMethodAndPatternWithCapturesQueryAndHeaders() async throws {
        let server = try HTTPServer(configuration: HTTPServerConfiguration(), handler: echoRouter().handler)
        let (status, body, _) = try await call(server.port, "GET", "/items/a%20b?q=x+y%26z", headers: ["X-Test": "yes"])
        #expect(status == 200)
        #expect(body == "item a b q=x y&z h=yes")
        let (missing, _, _) = try await call(server.port, "GET", "/nowhere")
        #expect(missing == 404)
        let (wrongMethod, _, wrongHeaders) = try await call(server.port, "DELETE", "/items/1")
        #expect(wrongMethod == 405)
        // RFC 9110 §15.5.6: a 405 lists the methods the path does serve.
        #expect(wrongHeaders.first { "\($0.key)".lowercased() == "allow" }.map { "\($0.value)" } == "GET, HEAD")
        await server.stop()
    }

    /// RFC 9110 §9.3.2: a GET route answers HEAD with the same status and headers and no body; a router that
    /// turns that off (stripe-sim) answers HEAD like any method the path does not serve.
    @Test func aGetRouteAnswersHeadWithoutTheBodyUnlessTurnedOff() async throws {
        let server = try HTTPServer(configuration: HTTPServerConfiguration(), handler: echoRouter().handler)
        let (status, body, headers) = try await call(server.port, "HEAD", "/items/a")
        #expect(status == 200)
        #expect(body.isEmpty, "HEAD carried a body: \(body)")
        let length = headers.first { "\($0.key)".lowercased() == "content-length" }.map { "\($0.value)" }
        #expect(length == String("item a q=- h=-".utf8.count), "Content-Length \(length ?? "none")")
        let (postOnly, _, _) = try await call(server.port, "HEAD", "/echo")
        #expect(postOnly == 405)
        await server.stop()

        var strict = echoRouter()
        strict.answersHeadWithGet = false
        let strictServer = try HTTPServer(configuration: HTTPServerConfiguration(), handler: strict.handler)
        let (refused, _, refusedHeaders) = try await call(strictServer.port, "HEAD", "/items/a")
        #expect(refused == 405)
        #expect(refusedHeaders.first { "\($0.key)".lowercased() == "allow" }.map { "\($0.value)" } == "GET")
        await strictServer.stop()
    }

    @Test func passesTheRawBodyAndTheResponseHeaders() async throws {
        let server = try HTTPServer(configuration: HTTPServerConfiguration(), handler: echoRouter().handler)
        let payload = String(repeating: "é-body-", count: 5000)
        let (status, body, headers) = try await call(server.port, "POST", "/echo", body: payload)
        #expect(status == 201)
        #expect(body == payload)
        #expect(headers["X-Length"] as? String == String(payload.utf8.count))
        await server.stop()
    }

    @Test func refusesABodyOverTheLimitWith413() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.maxBodyBytes = 1000
        let server = try HTTPServer(configuration: configuration, handler: echoRouter().handler)
        let (small, _, _) = try await call(server.port, "POST", "/echo", body: String(repeating: "a", count: 1000))
        #expect(small == 201)
        let (large, _, _) = try await call(server.port, "POST", "/echo", body: String(repeating: "a", count: 1001))
        #expect(large == 413)
        await server.stop()
    }

    @Test func handlersRunConcurrentlyWithoutHoldingServerThreads() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.threadCount = 1
        let server = try HTTPServer(configuration: configuration, handler: echoRouter().handler)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<12 { group.addTask { try await call(server.port, "GET", "/slow").0 } }
            for try await status in group { #expect(status == 200) }
        }
        // Twelve 300 ms handlers on one server thread: only suspension lets them overlap.
        #expect(ContinuousClock.now - started < .milliseconds(2000))
        await server.stop()
    }

    @Test func answersInlineAndAfterWaitingMixedOnOneThreadWithNothingLeftInFlight() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.threadCount = 1
        let server = try HTTPServer(configuration: configuration) { request in
            // Even paths answer before any suspension point; odd ones answer after waiting on another thread.
            let number = Int(request.path.dropFirst()) ?? 0
            if number % 2 == 1 { try? await Task.sleep(for: .milliseconds(number % 7)) }
            return .text(200, "n=\(number)")
        }
        try await withThrowingTaskGroup(of: (Int, Int, String).self) { group in
            for number in 0..<60 {
                group.addTask {
                    let (status, body, _) = try await call(server.port, "GET", "/\(number)")
                    return (number, status, body)
                }
            }
            for try await (number, status, body) in group {
                #expect(status == 200 && body == "n=\(number)")
            }
        }
        #expect(server.inFlightCount == 0)
        await server.stop()
    }

    @Test func dropConnectionClosesWithoutAReply() async throws {
        let server = try HTTPServer(configuration: HTTPServerConfiguration(), handler: echoRouter().handler)
        await #expect(throws: (any Error).self) { _ = try await call(server.port, "GET", "/drop") }
        let (status, _, _) = try await call(server.port, "GET", "/items/1")
        #expect(status == 200)
        await server.stop()
    }

    @Test func stopWaitsForInFlightRequestsAndThenRefusesConnections() async throws {
        let server = try HTTPServer(configuration: HTTPServerConfiguration(), handler: echoRouter().handler)
        let port = server.port
        let slow = Task { try await call(port, "GET", "/slow").0 }
        while server.inFlightCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await server.stop()
        #expect(try await slow.value == 200)
        await #expect(throws: (any Error).self) { _ = try await call(port, "GET", "/items/1") }
    }

    @Test func parsesFormEncodingStrictly() {
        let pairs = URLEncodedForm.parse("a=1&b=x+y&c=%E2%82%AC&d&=e")
        #expect(pairs?.map(\.name) == ["a", "b", "c", "d", ""])
        #expect(pairs?.map(\.value) == ["1", "x y", "€", "", "e"])
        #expect(URLEncodedForm.parse("a=%zz") == nil)
        #expect(URLEncodedForm.parse("a=%E2%82") == nil)
        #expect(URLEncodedForm.encode("a b&é") == "a%20b%26%C3%A9")
    }
}
