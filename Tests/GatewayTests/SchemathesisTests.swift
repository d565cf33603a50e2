import Foundation
import TestSupport
import Testing

extension GatewayTests {
    /// schemathesis (pinned in Tests/requirements.txt) generates requests from the served OpenAPI document and sends
    /// them to the running gateway with a valid token; no answer may be a server error.
    @Suite struct Schemathesis {
        @Test func generatedRequestsFromTheOpenAPIDocumentNeverGetAServerError() async throws {
            let stack = try await GatewayStack.start(dataset: CustomerRoutes.dataset)
            let token = try await stack.workspaceToken("ws_fuzz")
            try await stack.connect(token)
            try await stack.syncCustomers(token)
            let arguments = [
                "run", stack.baseURL + "/api/v1/openapi.json",
                "--header", "Authorization: Bearer \(token)",
                "--checks", "not_a_server_error", "--max-examples", "12", "--seed", "4242",
                "--workers", "2", "--request-timeout", "10", "--max-time", "45",
                // The coverage phase is left out: on CPython 3.11 it can crash inside hypothesis while describing a
                // filter lambda ("AST constructor recursion depth mismatch"), a fault of the tool, not of the API.
                "--phases", "examples,fuzzing", "--suppress-health-check", "all",
                "--output-sanitize", "true", "--no-color",
            ]
            let tool = TestPaths.python.deletingLastPathComponent().appendingPathComponent("schemathesis").path
            let child = try stack.stack.launch(tool, arguments)
            let status = await child.waitForExit(timeout: .seconds(100))
            let log = child.log
            #expect(status == 0, "schemathesis found problems:\n\(log.suffix(6000))")
            // The summary reads "N generated, N passed": every generated case was sent and none failed the check.
            let summary = log.split(separator: "\n").first { $0.contains(" generated, ") }?
                .trimmingCharacters(in: .whitespaces).split(separator: " ") ?? []
            #expect(summary.count >= 4 && summary[0] == summary[2] && (Int(summary[0]) ?? 0) > 500,
                    "\(log.suffix(2000))")
            #expect(!stack.gateway.log.contains(token))
        }
    }
}
