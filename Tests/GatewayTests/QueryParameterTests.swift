import Foundation
@testable import Gateway
import TestSupport
import Testing

extension GatewayTests {
    /// Query parameters are held to the same rule as body fields: one the route does not know is refused, naming it.
    @Suite struct QueryParameters {
        /// A value of the documented type, so an accepted parameter is not refused for its name.
        static func sample(_ parameter: [String: Any]) -> String {
            let schema = parameter["schema"] as? [String: Any] ?? [:]
            if let values = schema["enum"] as? [String], let first = values.first { return first }
            // A comma-separated list of enum values: two of them, so the list form itself is exercised.
            if let items = schema["items"] as? [String: Any], let values = items["enum"] as? [String] {
                return values.prefix(2).joined(separator: ",")
            }
            return schema["type"] as? String == "integer" ? "1" : "x"
        }

        @Test func everyAPIRouteRefusesAnUnknownQueryParameterAndAcceptsItsDocumentedOnes() async throws {
            let stack = try await GatewayStack.start()
            let token = try await stack.workspaceToken("ws_query")
            let operations = OpenAPIDocument.operations.filter(\.authenticated)
            #expect(operations.count >= 25)
            for operation in operations {
                let path = RouteTable.fill(operation.path, ["stripe_id": "cus_x", "id": "x"])
                let method = operation.method.uppercased()
                let body: Any? = ["GET", "DELETE"].contains(method) ? nil : [String: Any]()
                let query = operation.query.map { "\($0["name"] as? String ?? "")=\(Self.sample($0))" }.joined(separator: "&")
                for extra in query.isEmpty ? ["foo=bar"] : ["foo=bar", query + "&foo=bar"] {
                    let unknown = try await stack.call(method, path + "?" + extra, token: token, json: body)
                    #expect(unknown.status == 400, "\(method) \(path)?\(extra) → \(unknown.status) \(unknown.text)")
                    #expect(unknown.errorCode == "invalid_argument")
                    #expect(unknown.errorMessage.hasPrefix("unknown query parameter 'foo'"), "\(method) \(path): \(unknown.errorMessage)")
                }
                guard !query.isEmpty else { continue }
                let accepted = try await stack.call(method, path + "?" + query, token: token, json: body)
                #expect(!accepted.errorMessage.contains("unknown query parameter"), "\(method) \(path)?\(query) → \(accepted.text)")
                #expect(accepted.status < 500, "\(method) \(path)?\(query) → \(accepted.status) \(accepted.text)")
            }
            let noQuery = try await stack.call("GET", "/api/v1/stripe/customers/summary?", token: token)
            #expect(noQuery.status == 200, "an empty query string has no parameters: \(noQuery.text)")
        }

        @Test func anUnacceptableMatchStatusIsWordedAlikeForCustomersAndProducts() async throws {
            let stack = try await GatewayStack.start()
            let token = try await stack.workspaceToken("ws_match_status")
            let expected = [
                "customers": "query parameter 'match_status' must be matched, not_matched or deleted, not 'bogus'",
                "products": "query parameter 'match_status' must be name_match, import, manual, not_matched or ignored, not 'bogus'",
            ]
            for (list, message) in expected {
                let response = try await stack.call("GET", "/api/v1/stripe/\(list)?match_status=bogus", token: token)
                #expect(response.status == 400, "\(list) → \(response.status) \(response.text)")
                #expect(response.errorCode == "invalid_argument")
                #expect(response.errorMessage == message)
            }
            let inList = try await stack.call("GET", "/api/v1/stripe/products?match_status=ignored,bogus", token: token)
            #expect(inList.errorMessage == expected["products"], "one bad value of a list is named: \(inList.errorMessage)")
        }
    }
}
