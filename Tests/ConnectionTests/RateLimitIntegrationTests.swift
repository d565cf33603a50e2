import Bus
import Foundation
import Testing
import TestSupport
import VelesAPI

/// Several worker processes on one Stripe account share one budget, counted where it matters: at stripe-sim.
@Suite("Shared rate budget across processes, counted at stripe-sim", .serialized)
struct RateLimitIntegrationTests {
    @Test func fourWorkerProcessesNeverExceedTwentyFiveRequestsInAnySecond() async throws {
        // Two connection processes share the store, so the budget must hold across them too.
        let stack = try await ConnectionStack(connectionProcesses: 2)
        defer { stack.stop() }
        _ = try await stack.connect("ws-acme", key: ConnectionStack.keyA1)
        _ = try await stack.control("/_sim/requests", method: "DELETE")
        let perWorker = 30
        let started = ContinuousClock.now
        let workers = try (0..<4).map { _ in
            try ChildProcess("ConnectionLoadClient", arguments: [
                "--broker-frontend", stack.frontend, "--workspace", "ws-acme",
                "--stripe-api-url", stack.simURL.absoluteString, "--requests", "\(perWorker)",
            ], logDirectory: stack.folder.url)
        }
        defer { workers.forEach { $0.stop() } }
        for worker in workers {
            let status = await worker.waitForExit(timeout: .seconds(60))
            #expect(status == 0, "worker failed: \(worker.log)")
            #expect(worker.log.contains("done requests=\(perWorker)"))
        }
        let elapsed = ContinuousClock.now - started
        let report = try await stack.control("/_sim/requests?account=\(ConnectionStack.accountA)&mode=test")
        let total = report["total"] as? Int ?? -1
        let busiest = report["max_per_second"] as? Int ?? -1
        let seconds = report["per_second"] as? [[String: Any]] ?? []
        let limited = seconds.reduce(0) { $0 + ($1["rate_limited"] as? Int ?? 0) }
        print("measured: four workers on one test account: requests=\(total) max_per_second=\(busiest) rate_limited=\(limited) seconds=\(elapsed)")
        #expect(total == 4 * perWorker)
        #expect(busiest <= 25)
        #expect(busiest >= 15, "the budget should be used, not starved")
        #expect(limited == 0)
    }

    @Test func disconnectStopsWorkersBeforeTheirNextRequest() async throws {
        let stack = try await ConnectionStack()
        defer { stack.stop() }
        _ = try await stack.connect("ws-acme", key: ConnectionStack.keyA1)
        let worker = try ChildProcess("ConnectionLoadClient", arguments: [
            "--broker-frontend", stack.frontend, "--workspace", "ws-acme",
            "--stripe-api-url", stack.simURL.absoluteString, "--requests", "1000",
        ], logDirectory: stack.folder.url)
        defer { worker.stop() }
        try await Task.sleep(for: .seconds(1))
        _ = try await stack.client.disconnect(Veles_Connection_V1_DisconnectRequest(), options: stack.call("ws-acme"))
        let afterDisconnect = try await stack.control("/_sim/requests?account=\(ConnectionStack.accountA)&mode=test")["total"] as? Int ?? -1
        let status = await worker.waitForExit(timeout: .seconds(10))
        #expect(status == 3, "the worker should stop on its own: \(worker.log)")
        #expect(worker.log.contains("stopped: connection no longer active"))
        try await Task.sleep(for: .milliseconds(500))
        let later = try await stack.control("/_sim/requests?account=\(ConnectionStack.accountA)&mode=test")["total"] as? Int ?? -1
        // At most the one request already past its check when Disconnect landed.
        #expect(later - afterDisconnect <= 1)
    }
}
