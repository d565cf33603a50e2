import Bus
import Foundation
import ProtoRuntime
import Testing
import TestSupport

/// Broker, workers and clients as real processes over real sockets. One serialized suite: the timing checks must
/// not compete with each other for the two cores.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct BusIntegrationTests {
    typealias Test = Veles_Bustest_V1_BusTestClient

    static func echo(_ text: String, apiKey: String = "") -> Veles_Bustest_V1_EchoRequest {
        var request = Veles_Bustest_V1_EchoRequest()
        request.text = text
        request.apiKey = apiKey
        return request
    }

    static func sleep(_ ms: Int64, label: String) -> Veles_Bustest_V1_SleepRequest {
        var request = Veles_Bustest_V1_SleepRequest()
        request.sleepMs = ms
        request.label = label
        return request
    }

    static func code(of body: () async throws -> Void) async -> Veles_Bus_V1_StatusCode? {
        do {
            try await body()
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test func threeWorkersShareThreeHundredRequestsEachAnsweredOnce() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        for name in ["w1", "w2", "w3"] { try bus.startWorker(name, concurrency: 2) }
        try await bus.waitForWorkers(3)
        let client = Test(channel: try bus.client())
        let replies = try await withThrowingTaskGroup(of: (String, String).self) { group in
            for index in 0..<300 {
                group.addTask {
                    let reply = try await client.echo(Self.echo("message-\(index)"))
                    return (reply.text, reply.worker)
                }
            }
            var all: [(String, String)] = []
            for try await reply in group { all.append(reply) }
            return all
        }
        #expect(replies.count == 300)
        #expect(Set(replies.map(\.0)) == Set((0..<300).map { "message-\($0)" }))
        let perWorker = Dictionary(grouping: replies, by: \.1).mapValues(\.count)
        #expect(Set(perWorker.keys) == ["w1", "w2", "w3"])
        for (worker, count) in perWorker {
            #expect(count >= 30, "worker \(worker) took only \(count) of 300")
        }
    }

    @Test func killedWorkerMidRequestRetriesIdempotentAndFailsOthers() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        let victim = try bus.startWorker("victim", concurrency: 4)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client(timeout: .seconds(8)))
        let started = ContinuousClock.now
        async let idempotent = client.sleep(Self.sleep(1500, label: "idem"))
        async let once = Self.code { _ = try await client.sleepOnce(Self.sleep(1500, label: "once")) }
        try await victim.waitForLog("label=idem")
        try await victim.waitForLog("label=once")
        try bus.startWorker("survivor", concurrency: 4)
        try await bus.waitForWorkers(2)
        victim.kill9()
        let reply = try await idempotent
        #expect(reply.worker == "survivor")
        #expect(await once == .unavailable)
        #expect(ContinuousClock.now - started < .seconds(8))
    }

    @Test func deadlineOfTwoHundredMillisecondsStopsATwoSecondHandler() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        let worker = try bus.startWorker("sleeper")
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client())
        _ = try await client.echo(Self.echo("warm-up"))
        let started = ContinuousClock.now
        let code = await Self.code { _ = try await client.sleep(Self.sleep(2000, label: "long"), options: CallOptions(timeout: .milliseconds(200))) }
        let elapsed = ContinuousClock.now - started
        #expect(code == .deadlineExceeded)
        #expect(elapsed < .milliseconds(300), "took \(elapsed)")
        try await worker.waitForLog("sleep handler cancelled label=long", timeout: .seconds(2))
    }

    @Test func aHandlerCancelledAtItsDeadlineNeverCancelsTheRequestsAfterIt() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        // One slot: every request runs after the one before, so handler tasks go on to the next request.
        try bus.startWorker("one-slot", concurrency: 1)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client())
        _ = try await client.echo(Self.echo("warm-up"))
        let codes = try await withThrowingTaskGroup(of: (Bool, Veles_Bus_V1_StatusCode?).self) { group in
            for index in 0..<12 {
                let short = index % 3 == 0
                group.addTask {
                    let code = await Self.code {
                        _ = try await client.sleep(Self.sleep(short ? 400 : 20, label: "burst-\(index)"),
                                                   options: CallOptions(timeout: short ? .milliseconds(100) : .seconds(10)))
                    }
                    return (short, code)
                }
            }
            var codes: [(short: Bool, code: Veles_Bus_V1_StatusCode?)] = []
            for try await result in group { codes.append(result) }
            return codes
        }
        #expect(codes.filter(\.short).allSatisfy { $0.code == .deadlineExceeded })
        #expect(codes.filter { !$0.short }.map(\.code) == Array(repeating: .ok, count: 8))
    }

    /// Quick handlers may run on the worker's socket thread; one that blocks its thread must never run there,
    /// or it would hold up every other request of its worker.
    @Test func aHandlerBlockingItsThreadNeverHoldsUpQuickRequestsOfTheSameWorker() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        try bus.startWorker("mixed", concurrency: 4)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client())
        // Enough echoes for the worker to judge echo quick, so echoes from now on run on its socket thread.
        for index in 0..<50 { _ = try await client.echo(Self.echo("warm-up-\(index)")) }
        var blocking = Self.sleep(800, label: "blocking")
        blocking.blockThread = true
        async let blocked = client.sleep(blocking)
        try await Task.sleep(for: .milliseconds(100))
        var echoTimes: [Duration] = []
        for index in 0..<10 {
            let sent = ContinuousClock.now
            let reply = try await client.echo(Self.echo("during-\(index)"))
            echoTimes.append(ContinuousClock.now - sent)
            #expect(reply.text == "during-\(index)")
        }
        #expect((try await blocked).label == "blocking")
        let slowest = echoTimes.max() ?? .zero
        #expect(slowest < .milliseconds(300), "an echo waited \(slowest) behind the blocking handler")
    }

    /// A handler started on the socket thread that then waits (here on a zero-length sleep) goes on in Swift's pool;
    /// none of them may be lost or answered twice, mixed with quick ones that never wait.
    @Test func quickHandlersThatWaitPartWayAreAllAnsweredOnce() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        try bus.startWorker("waiter", concurrency: 8)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client())
        for index in 0..<100 {
            _ = try await client.sleep(Self.sleep(0, label: "warm-up-\(index)"))
            _ = try await client.echo(Self.echo("warm-up-\(index)"))
        }
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<300 {
                group.addTask {
                    index % 2 == 0
                        ? try await client.sleep(Self.sleep(0, label: "sleep-\(index)")).label
                        : try await client.echo(Self.echo("echo-\(index)")).text
                }
            }
            var all: [String] = []
            for try await answer in group { all.append(answer) }
            return all
        }
        #expect(answers.count == 300)
        #expect(Set(answers) == Set((0..<300).map { $0 % 2 == 0 ? "sleep-\($0)" : "echo-\($0)" }))
    }

    @Test func deadlineTravelsIntoNestedCalls() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        try bus.startWorker("nest", concurrency: 4)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client())
        var request = Veles_Bustest_V1_NestedRequest()
        request.sleepMs = 10
        let reply = try await client.nested(request, options: CallOptions(timeout: .milliseconds(1500), traceId: "trace-nested"))
        #expect(reply.innerRemainingMs > 0)
        #expect(reply.innerRemainingMs <= 1500)
        #expect(reply.traceId == "trace-nested")
        request.sleepMs = 3000
        let code = await Self.code { _ = try await client.nested(request, options: CallOptions(timeout: .milliseconds(400))) }
        #expect(code == .deadlineExceeded)
    }

    @Test func clientsAndWorkersRecoverFromABrokerRestart() async throws {
        let bus = try BusHarness(tcp: true)
        let first = try await bus.startBroker()
        try bus.startWorker("steady", concurrency: 4)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client(timeout: .seconds(3)))
        _ = try await client.echo(Self.echo("before"))
        first.kill9()
        try await bus.startBroker()
        let restarted = ContinuousClock.now
        var recovered = false
        while ContinuousClock.now - restarted < .seconds(5) {
            if let reply = try? await client.echo(Self.echo("after"), options: CallOptions(timeout: .seconds(1))), reply.text == "after" {
                recovered = true
                break
            }
        }
        #expect(recovered, "no echo answered within 5 s of the broker restart")
        #expect(ContinuousClock.now - restarted < .seconds(5))
    }

    @Test func unknownServiceAndMethodGetClearErrors() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(extra: ["--max-message-bytes", "65536", "--startup-grace-ms", "0"])
        try bus.startWorker("solo")
        try await bus.waitForWorkers(1)
        let channel = try bus.client()
        let nowhere = MethodDescriptor(service: "veles.nowhere.v1.Nothing", name: "Call", idempotent: false, isInternal: false,
                                       requestType: "veles.bustest.v1.EchoRequest", responseType: "veles.bustest.v1.EchoResponse")
        let unknownService = await Self.code { _ = try await channel.unary(method: nowhere, request: [], options: CallOptions()) }
        #expect(unknownService == .unavailable)
        let missing = MethodDescriptor(service: Veles_Bustest_V1_BusTest.descriptor.fullName, name: "Missing", idempotent: false,
                                       isInternal: false, requestType: "veles.bustest.v1.EchoRequest", responseType: "veles.bustest.v1.EchoResponse")
        let unknownMethod = await Self.code { _ = try await channel.unary(method: missing, request: [], options: CallOptions()) }
        #expect(unknownMethod == .unimplemented)
        let echoMethod = Veles_Bustest_V1_BusTest.Methods.echo
        let garbage = await Self.code { _ = try await channel.unary(method: echoMethod, request: [0x0A, 0xFF, 0x01], options: CallOptions()) }
        #expect(garbage == .invalidArgument)
        let oversized = await Self.code {
            _ = try await channel.unary(method: echoMethod, request: [UInt8](repeating: 0x41, count: 100_000), options: CallOptions())
        }
        #expect(oversized == .resourceExhausted)
        let reply = try await Test(channel: channel).echo(Self.echo("still here"))
        #expect(reply.text == "still here")
    }

    @Test func internalMethodsRefuseTheGatewayIdentity() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        try bus.startWorker("guard")
        try await bus.waitForWorkers(1)
        let fromGateway = Test(channel: try bus.client(caller: "gateway"))
        let fromService = Test(channel: try bus.client(caller: "customer-sync"))
        let refused = await Self.code { _ = try await fromGateway.internalPing(Veles_Bustest_V1_InternalPingRequest()) }
        #expect(refused == .permissionDenied)
        #expect(try await fromService.internalPing(Veles_Bustest_V1_InternalPingRequest()).worker == "guard")
        #expect(try await fromGateway.echo(Self.echo("public")).caller == "gateway")
    }

    @Test func healthReportsServicesWorkersAndServingStatus() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        try bus.startWorker("h1")
        try bus.startWorker("h2")
        try await bus.waitForWorkers(2)
        let client = try bus.client()
        let busHealth = try await client.brokerHealth()
        let entry = busHealth.services.first { $0.name == Veles_Bustest_V1_BusTest.descriptor.fullName }
        #expect(entry?.liveWorkers == 2)
        #expect(busHealth.responder == "broker")
        let service = try await client.health(of: Veles_Bustest_V1_BusTest.descriptor.fullName)
        #expect(service.status == .serving)
        #expect(["h1", "h2"].contains(service.responder))
        let absent = try await client.health(of: "veles.nowhere.v1.Nothing")
        #expect(absent.status == .notServing)
        let (status, output) = try bus.velesctl(["health"])
        #expect(status == 0)
        #expect(output.contains("veles.bustest.v1.BusTest SERVING workers=2"))
    }

    @Test func drainingWorkerFinishesWhatItHoldsAndTakesNothingNew() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        let leaving = try bus.startWorker("leaving", concurrency: 2)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client(timeout: .seconds(6)))
        async let held = client.sleepOnce(Self.sleep(800, label: "held"))
        try await leaving.waitForLog("label=held")
        leaving.signal(SIGTERM)
        try await leaving.waitForLog("draining")
        try bus.startWorker("staying", concurrency: 2)
        try await bus.waitForWorkers(1)
        let after = try await client.echo(Self.echo("after drain"))
        #expect(after.worker == "staying")
        #expect(try await held.worker == "leaving")
        #expect(await leaving.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test func eventsReachSubscribersOfTheirTopic() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(journal: true)
        let publisher = try bus.client(caller: "publisher")
        let subscriber = try bus.client(caller: "subscriber")
        let stream = subscriber.subscribe(topicPrefix: "connection.")
        try await Task.sleep(for: .milliseconds(200))
        var notice = Veles_Bustest_V1_Notice()
        notice.text = "connected"
        notice.apiKey = "sk_test_event_secret_0000"
        publisher.publish(topic: "sync.finished", notice)
        publisher.publish(topic: "connection.changed", notice, workspaceId: "ws-1")
        var iterator = stream.makeAsyncIterator()
        let received = await iterator.next()
        #expect(received?.topic == "connection.changed")
        #expect(try received?.payload(as: Veles_Bustest_V1_Notice.self).text == "connected")
        #expect(received?.event.workspaceId == "ws-1")
    }
}
