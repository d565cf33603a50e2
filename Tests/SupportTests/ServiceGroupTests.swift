import Synchronization
import Testing
@testable import Support

private final class Recorder: Sendable {
    let events = Mutex<[String]>([])
    func add(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

private struct WaitingService: Service {
    let name: String
    let recorder: Recorder
    func run() async throws {
        recorder.add("start \(name)")
        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        recorder.add("stop \(name)")
    }
}

@Suite struct ServiceGroupTests {
    @Test func signalStopsServicesInReverseStartOrder() async throws {
        let recorder = Recorder()
        let signal = ShutdownSignal(signals: [])
        let group = ServiceGroup(
            services: [WaitingService(name: "store", recorder: recorder), WaitingService(name: "server", recorder: recorder)],
            logger: Logger(process: "test", level: .error), signal: signal)
        let running = Task { try await group.run() }
        while recorder.all.count < 2 { try await Task.sleep(for: .milliseconds(5)) }
        signal.trigger()
        try await running.value
        #expect(recorder.all.suffix(2) == ["stop server", "stop store"])
    }

    @Test func failingServiceStopsTheOthersAndRethrows() async throws {
        struct Boom: Error {}
        struct Failing: Service {
            let name = "failing"
            func run() async throws {
                try await Task.sleep(for: .milliseconds(20))
                throw Boom()
            }
        }
        let recorder = Recorder()
        let group = ServiceGroup(services: [WaitingService(name: "other", recorder: recorder), Failing()],
                                 logger: Logger(process: "test", level: .error), signal: nil)
        await #expect(throws: Boom.self) { try await group.run() }
        #expect(recorder.all.contains("stop other"))
    }
}
