import Foundation
@testable import Gateway
import TestSupport
import Testing

extension GatewayTests {
    /// The OpenAPI document and the router describe the same API.
    @Suite struct OpenAPI {
        @Test func everyServedRouteIsDocumentedAndEveryDocumentedPathIsServed() async throws {
            let served = Set(try RouteTable.served())
            let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any]
            let paths = try #require(document?["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.map { RouteTable.Entry(method: $0.uppercased(), pattern: path) }
            })
            #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented))")
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served))")
            #expect(served.count == (try RouteTable.served()).count, "a route is registered twice")
        }

        @Test func theRunningGatewayServesTheDocumentAndAnswersEveryDocumentedOperation() async throws {
            let stack = try await GatewayStack.start(services: false)
            let response = try await stack.call("GET", "/api/v1/openapi.json", token: nil)
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let document = try response.json()
            #expect(document["openapi"] as? String == "3.0.3")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (path, operations) in paths {
                for method in operations.keys {
                    let concrete = path.replacingOccurrences(of: "{stripe_id}", with: "x")
                        .replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{connection_id}", with: "x")
                    let answer = try await stack.call(method.uppercased(), concrete, token: nil)
                    // Without a token a documented operation is refused by its own handler (401, or 400/503 for the
                    // public ones), never by the router (404 no route / 405).
                    #expect(answer.status != 405 && !(answer.status == 404 && answer.errorMessage.hasPrefix("no route")),
                            "\(method) \(path) → \(answer.status) \(answer.text)")
                }
            }
        }
    }
}
