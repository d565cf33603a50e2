import Bus
import Foundation
import ProtoRuntime
import Testing
import TestSupport

extension BusIntegrationTests {
    @Test func fullServiceQueueAnswersResourceExhausted() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(extra: ["--max-queue", "2"])
        let worker = try bus.startWorker("narrow", concurrency: 1)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client(timeout: .seconds(5)))
        async let busy = client.sleepOnce(Self.sleep(600, label: "busy"))
        try await worker.waitForLog("label=busy")
        async let queuedA = client.sleepOnce(Self.sleep(1, label: "queued-a"))
        async let queuedB = client.sleepOnce(Self.sleep(1, label: "queued-b"))
        try await Task.sleep(for: .milliseconds(150))
        let refused = await Self.code { _ = try await client.sleepOnce(Self.sleep(1, label: "one too many")) }
        #expect(refused == .resourceExhausted)
        #expect(try await busy.label == "busy")
        #expect(try await queuedA.label == "queued-a")
        #expect(try await queuedB.label == "queued-b")
    }
}
