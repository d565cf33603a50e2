import Bus
import Foundation
import ProtoRuntime
import Testing
import TestSupport

extension BusIntegrationTests {
    static func request(_ text: String) -> Veles_Bus_V1_Envelope {
        var envelope = Veles_Bus_V1_Envelope()
        envelope.requestId = "raw-\(text)"
        envelope.method = Veles_Bustest_V1_BusTest.Methods.echo.path
        envelope.service = Veles_Bustest_V1_BusTest.descriptor.fullName
        envelope.timeoutMs = 3000
        envelope.requestType = "veles.bustest.v1.EchoRequest"
        envelope.responseType = "veles.bustest.v1.EchoResponse"
        envelope.payload = echo(text).serializedBytes()
        return envelope
    }

    static func reply(_ message: BusMessage?) throws -> Veles_Bus_V1_Reply {
        let message = try #require(message)
        return try Veles_Bus_V1_Reply(serializedBytes: message.body[1])
    }

    @Test func brokerRefusesMalformedFramesAndKeepsServing() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        try bus.startWorker("robust")
        try await bus.waitForWorkers(1)
        let raw = try RawPeer(type: .dealer, connect: bus.frontend)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let frames = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            try raw.send(frames)
        }
        // Another protocol version: refused with a reason naming the version.
        try raw.send([[0x56, 0x42, 9], [BusCommand.request.rawValue], Array("v9".utf8), []])
        let refusal = try raw.receive(command: .error, routed: false) {
            String(decoding: $0.body.first ?? [], as: UTF8.self).contains("protocol version 9 is not supported")
        }
        #expect(refusal != nil)
        // A truncated envelope: INVALID_ARGUMENT for that request id.
        let whole = Self.request("cut").serializedBytes()
        try raw.send(BusMessage(command: .request, body: [Array("raw-cut".utf8), Array(whole.prefix(whole.count / 2))]).frames)
        let truncated = try Self.reply(try raw.receive(command: .reply, routed: false) { $0.body.first == Array("raw-cut".utf8) })
        #expect(truncated.code == .invalidArgument)
        #expect(truncated.requestId == "raw-cut")
        // Garbage on the worker side of the broker as well.
        let fakeWorker = try RawPeer(type: .dealer, connect: bus.backend)
        try fakeWorker.send([[1, 2, 3], [4]])
        try fakeWorker.send(BusMessage(command: .ready, body: [[0, 0, 0]]).frames)
        // A well-formed request on the same connection still works, and so does an ordinary client.
        try raw.send(BusMessage(command: .request, body: [Array("raw-ok".utf8), Self.request("ok").serializedBytes()]).frames)
        let answered = try Self.reply(try raw.receive(command: .reply, routed: false) { $0.body.first == Array("raw-ok".utf8) })
        #expect(answered.code == .ok)
        #expect(try Veles_Bustest_V1_EchoResponse(serializedBytes: answered.payload).text == "ok")
        let reply = try await Test(channel: try bus.client()).echo(Self.echo("after garbage"))
        #expect(reply.text == "after garbage")
        #expect(bus.broker?.log.contains("refused malformed message") == true)
    }

    /// The replies `peer` receives, keyed by their first frame, until `expected` came or 10 s passed. They come one
    /// to a message or several to a batch; a request answered twice is an issue.
    static func replies<Key: Hashable>(from peer: RawPeer, routed: Bool, single: BusCommand, batch: BusCommand, expected: Int,
                                       key: ([UInt8]) throws -> Key) throws -> [Key: Veles_Bus_V1_Reply] {
        var replies: [Key: Veles_Bus_V1_Reply] = [:]
        let deadline = ContinuousClock.now + .seconds(10)
        while replies.count < expected, ContinuousClock.now < deadline {
            guard let frames = try peer.receive(timeout: .seconds(1)) else { continue }
            let message = try BusMessage.parse(frames, routed: routed)
            guard message.command == single || message.command == batch else { continue }
            for body in try BatchFrame.bodies(of: message, framesPerBody: 2) {
                let id = try key(body[0])
                #expect(replies[id] == nil, "\(id) answered twice")
                replies[id] = try Veles_Bus_V1_Reply(serializedBytes: body[1])
            }
        }
        return replies
    }

    @Test func brokerAnswersEveryRequestOfABatchAndRefusesADamagedOne() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(extra: ["--startup-grace-ms", "0"])
        try bus.startWorker("batched")
        try await bus.waitForWorkers(1)
        let raw = try RawPeer(type: .dealer, connect: bus.frontend)
        var nowhere = Self.request("nowhere")
        nowhere.service = "veles.nosuch.v1.Nothing"
        let requests: [String: Veles_Bus_V1_Envelope] = [
            "b-1": Self.request("one"), "b-2": Self.request(String(repeating: "y", count: 5000)), "b-3": nowhere, "b-4": Self.request("four"),
        ]
        let damaged = BatchFrame.pack([[Array("d-1".utf8), Self.request("lost").serializedBytes()]][...])
        try raw.send(BusMessage(command: .requestBatch, body: [Array(damaged.dropLast(3))]).frames)
        let ids = requests.keys.sorted()
        // One request in the batch has a request id that is not UTF-8: it alone is refused.
        let bodies = ids.map { [Array($0.utf8), requests[$0]!.serializedBytes()] } + [[[0xFF, 0xFE], Self.request("unaddressed").serializedBytes()]]
        try raw.send(BusMessage(command: .requestBatch, body: [BatchFrame.pack(bodies.shuffled()[...])]).frames)

        let replies = try Self.replies(from: raw, routed: false, single: .reply, batch: .replyBatch, expected: requests.count) {
            try FrameCoding.string($0, what: "request id")
        }
        #expect(Set(replies.keys) == Set(ids))
        #expect(replies["b-3"]?.code == .unavailable)
        for id in ["b-1", "b-2", "b-4"] {
            let reply = try #require(replies[id])
            #expect(reply.code == .ok)
            let text = try Veles_Bustest_V1_EchoResponse(serializedBytes: reply.payload).text
            #expect(Self.request(text).serializedBytes() == requests[id]!.serializedBytes(), "\(id) got another request's answer")
        }
        #expect(bus.broker?.log.contains("refused malformed message") == true)
        #expect(bus.broker?.log.contains("1 request(s) in a batch could not be read") == true)
        let after = try await Test(channel: try bus.client()).echo(Self.echo("after a damaged batch"))
        #expect(after.text == "after a damaged batch")
    }

    /// A real worker registered with a ROUTER socket the test drives as its broker.
    struct FakeBroker {
        let directory: TemporaryDirectory
        let socket: RawPeer
        let worker: ChildProcess
        let workerPeer: [UInt8]

        init() throws {
            directory = try TemporaryDirectory(prefix: "veles-fake-broker")
            let endpoint = "ipc://\(directory.path)/backend"
            socket = try RawPeer(type: .router, bind: endpoint)
            worker = try ChildProcess("BusTestWorker", arguments: ["--broker-backend", endpoint, "--name", "target"], logDirectory: directory.url)
            workerPeer = try #require(try socket.receive(command: .ready, routed: true, timeout: .seconds(10))).peer
        }
    }

    @Test func aFloodOfBatchesDoesNotHoldUpAnotherClient() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(journal: true)
        try bus.startWorker("flooded")
        try await bus.waitForWorkers(1)
        let echo = Test(channel: try bus.client())
        _ = try await echo.echo(Self.echo("warm"))
        // Requests the broker answers itself (their envelope names no service), packed as full batches: the
        // broker reads a bounded number of requests per turn, so another client's call waits for a few turns of
        // the flood, not for all of it.
        let flooder = try RawPeer(type: .dealer, connect: bus.frontend)
        let batches = 400
        let started = ContinuousClock.now
        for batch in 0..<batches {
            let bodies = (0..<BatchFrame.maxBodies).map { [Array("f-\(batch)-\($0)".utf8), [UInt8]()] }
            try flooder.send(BusMessage(command: .requestBatch, body: [BatchFrame.pack(bodies[...])]).frames)
        }
        let callStarted = ContinuousClock.now
        #expect(try await echo.echo(Self.echo("through the flood")).text == "through the flood")
        let call = ContinuousClock.now - callStarted
        let replies = try Self.replies(from: flooder, routed: false, single: .reply, batch: .replyBatch,
                                       expected: batches * BatchFrame.maxBodies) { $0 }
        let flood = ContinuousClock.now - started
        #expect(replies.count == batches * BatchFrame.maxBodies)
        #expect(replies.values.allSatisfy { $0.code == .invalidArgument })
        #expect(call < flood / 3, "the call took \(call) while the flood took \(flood)")
    }

    @Test func workerRefusesMalformedRequestsAndKeepsServing() async throws {
        let fake = try FakeBroker()
        defer { fake.worker.stop() }
        let (fakeBroker, worker, peer) = (fake.socket, fake.worker, fake.workerPeer)
        func dispatch(_ token: UInt64, _ envelope: [UInt8]) throws -> Veles_Bus_V1_Reply {
            try fakeBroker.send(BusMessage(peer: peer, command: .workerRequest,
                                           body: [FrameCoding.encode(token), FrameCoding.encode(UInt32(3000)), envelope]).frames)
            let message = try #require(try fakeBroker.receive(command: .workerReply, routed: true))
            #expect(message.body[0] == FrameCoding.encode(token))
            return try Veles_Bus_V1_Reply(serializedBytes: message.body[1])
        }
        try fakeBroker.send([peer, [0xDE, 0xAD], [0xBE, 0xEF]])
        try fakeBroker.send([peer, [0x56, 0x42, 7], [BusCommand.workerRequest.rawValue]])
        try fakeBroker.send(BusMessage(peer: peer, command: .workerRequest, body: [[1]]).frames)
        #expect(try dispatch(1, [0x12, 0x40, 0x01]).code == .invalidArgument)
        var unknown = Self.request("unknown")
        unknown.method = "/veles.bustest.v1.BusTest/NoSuchMethod"
        #expect(try dispatch(2, unknown.serializedBytes()).code == .unimplemented)
        var badPayload = Self.request("bad")
        badPayload.payload = [0x0A, 0x05, 0x01]
        #expect(try dispatch(3, badPayload.serializedBytes()).code == .invalidArgument)
        let good = try dispatch(4, Self.request("fine").serializedBytes())
        #expect(good.code == .ok)
        #expect(try Veles_Bustest_V1_EchoResponse(serializedBytes: good.payload).worker == "target")
        #expect(worker.isRunning)
    }

    @Test func workerAnswersEveryRequestOfABatchAndRefusesADamagedOne() async throws {
        let fake = try FakeBroker()
        defer { fake.worker.stop() }
        let (fakeBroker, worker, peer) = (fake.socket, fake.worker, fake.workerPeer)
        var unknown = Self.request("unknown")
        unknown.method = "/veles.bustest.v1.BusTest/NoSuchMethod"
        let envelopes: [UInt64: [UInt8]] = [
            11: Self.request("first").serializedBytes(), 12: Self.request(String(repeating: "x", count: 4000)).serializedBytes(),
            13: unknown.serializedBytes(), 14: Self.request("last").serializedBytes(),
        ]
        func body(_ token: UInt64, _ envelope: [UInt8]) -> [[UInt8]] { [FrameCoding.encode(token), FrameCoding.encode(UInt32(3000)), envelope] }
        let damaged = BatchFrame.pack([body(21, Self.request("never").serializedBytes()), body(22, Self.request("never").serializedBytes())][...])
        try fakeBroker.send(BusMessage(peer: peer, command: .workerRequestBatch, body: [Array(damaged.dropLast())]).frames)
        let batch = BatchFrame.pack(envelopes.keys.sorted().map { body($0, envelopes[$0]!) }[...])
        try fakeBroker.send(BusMessage(peer: peer, command: .workerRequestBatch, body: [batch]).frames)

        let replies = try Self.replies(from: fakeBroker, routed: true, single: .workerReply, batch: .workerReplyBatch,
                                       expected: envelopes.count) { try FrameCoding.decodeUInt64($0) }
        #expect(Set(replies.keys) == Set(envelopes.keys))
        #expect(replies[13]?.code == .unimplemented)
        for token: UInt64 in [11, 12, 14] {
            let reply = try #require(replies[token])
            #expect(reply.code == .ok)
            let text = try Veles_Bustest_V1_EchoResponse(serializedBytes: reply.payload).text
            #expect(Self.request(text).serializedBytes() == envelopes[token], "token \(token) got another request's answer")
        }
        #expect(worker.isRunning)
        #expect(worker.log.contains("ignored malformed message from the broker"))
    }
}
