@testable import Bus
import Testing

@Suite struct WireProtocolTests {
    @Test func framesRoundTripThroughParse() throws {
        let message = BusMessage(peer: [1, 2, 3], command: .request, body: [Array("id".utf8), [9, 9]])
        let parsed = try BusMessage.parse(message.frames, routed: true)
        #expect(parsed.peer == [1, 2, 3])
        #expect(parsed.command == .request)
        #expect(parsed.body == [Array("id".utf8), [9, 9]])
    }

    @Test func otherVersionsAndForeignHeadersAreRefused() {
        // Version 1 had no batches: a peer of that build could not read them, so it is refused too.
        #expect(throws: BusProtocolError.unsupportedVersion(1)) { try BusMessage.parse([[0x56, 0x42, 1], [1]], routed: false) }
        #expect(throws: BusProtocolError.unsupportedVersion(3)) { try BusMessage.parse([[0x56, 0x42, 3], [1]], routed: false) }
        #expect(throws: BusProtocolError.notBusProtocol) { try BusMessage.parse([[0x00, 0x42, 2], [1]], routed: false) }
        #expect(throws: BusProtocolError.missingHeader) { try BusMessage.parse([[7]], routed: true) }
        #expect(throws: BusProtocolError.unknownCommand(0x55)) { try BusMessage.parse([BusHeader.frame, [0x55]], routed: false) }
        #expect(throws: BusProtocolError.malformedFrame("command frame must be one byte, got 2")) {
            try BusMessage.parse([BusHeader.frame, [1, 2]], routed: false)
        }
    }

    @Test func batchFramesCarryTheirMessagesBodiesInOrder() throws {
        let bodies: [[[UInt8]]] = [
            [FrameCoding.encode(UInt64(7)), FrameCoding.encode(UInt32(1500)), Array(repeating: 0xAB, count: 4096)],
            [FrameCoding.encode(UInt64.max), FrameCoding.encode(UInt32(0)), []],
            [FrameCoding.encode(UInt64(1) << 40), FrameCoding.encode(UInt32.max), [1, 2, 3]],
        ]
        let frame = BatchFrame.pack(bodies[...])
        #expect(frame.count == bodies.reduce(0) { $0 + BatchFrame.size(of: $1) })
        #expect(try BatchFrame.bodies(in: frame, framesPerBody: 3) == bodies)

        let messages = BatchFrame.messages(to: [9], single: .workerRequest, batch: .workerRequestBatch, bodies: bodies)
        #expect(messages.count == 1)
        #expect(messages[0].message.command == .workerRequestBatch && messages[0].message.peer == [9] && messages[0].bodies == 0..<3)
        // A lone body travels as an ordinary message.
        let lone = BatchFrame.messages(single: .reply, batch: .replyBatch, bodies: [[Array("id".utf8), [1]]])
        #expect(lone.map(\.message.command) == [.reply] && lone[0].message.body == [Array("id".utf8), [1]])
    }

    @Test func batchesStayUnderTheirSizeAndABigBodyGoesAlone() {
        let small: [[UInt8]] = [Array(repeating: 1, count: 8), Array(repeating: 2, count: 10_000)]
        let huge: [[UInt8]] = [Array(repeating: 3, count: 8), Array(repeating: 4, count: BatchFrame.maxBytes * 2)]
        let bodies = Array(repeating: small, count: 9) + [huge] + Array(repeating: small, count: 2)
        let runs = BatchFrame.runs(bodies)
        // Four small bodies (10,016 bytes each) fit in 48 KiB, five do not; the huge one goes alone.
        #expect(runs == [0..<4, 4..<8, 8..<9, 9..<10, 10..<12])
        for run in runs where run.count > 1 {
            #expect(bodies[run].reduce(0) { $0 + BatchFrame.size(of: $1) } <= BatchFrame.maxBytes)
        }
    }

    @Test func batchesHoldAtMostTheirCountAndSizeAndBiggerOnesAreRefused() {
        let tiny: [[UInt8]] = [[1], [2]]
        #expect(BatchFrame.runs(Array(repeating: tiny, count: BatchFrame.maxBodies * 2 + 1)).map(\.count)
                == [BatchFrame.maxBodies, BatchFrame.maxBodies, 1])
        let tooMany = BatchFrame.pack(Array(repeating: tiny, count: BatchFrame.maxBodies + 1)[...])
        #expect(throws: BusProtocolError.self) { try BatchFrame.bodies(in: tooMany, framesPerBody: 2) }
        #expect((try? BatchFrame.bodies(in: BatchFrame.pack(Array(repeating: tiny, count: BatchFrame.maxBodies)[...]), framesPerBody: 2))?.count
                == BatchFrame.maxBodies)
        // One body, but bigger than any sender packs: such a body travels as an ordinary message.
        let oversized = BatchFrame.pack([[[1], Array(repeating: 7, count: BatchFrame.maxBytes)]][...])
        #expect(throws: BusProtocolError.self) { try BatchFrame.bodies(in: oversized, framesPerBody: 2) }
    }

    @Test func receivingCountsABatchAsWhatItHolds() throws {
        let context = try ZMQContext()
        let receiver = try ZMQSocket(context: context, type: .pair)
        let sender = try ZMQSocket(context: context, type: .pair)
        try receiver.bind("inproc://weights")
        try sender.connect("inproc://weights")
        for _ in 0..<10 { try sender.send([[1]]) }
        var handled = 0
        // Each message says it was 64 messages' worth: a limit of 256 stops after four.
        #expect(try receiver.receiveWaiting(limit: 256) { _ in handled += 1; return 64 } == false)
        #expect(handled == 4)
        #expect(try receiver.receiveWaiting(limit: 256) { _ in handled += 1; return 1 } == true)
        #expect(handled == 10)
    }

    @Test func damagedBatchFramesAreRefusedWhole() throws {
        let bodies: [[[UInt8]]] = [[[1], [1, 2, 3, 4]], [[2], [5, 6]]]
        let frame = BatchFrame.pack(bodies[...])
        // A cut anywhere but between bodies leaves one incomplete. (libzmq delivers a frame whole or not at all, so
        // a cut between bodies is only a shorter batch a peer chose to send.)
        let firstBody = BatchFrame.size(of: bodies[0])
        for length in 0..<frame.count where length != firstBody {
            #expect(throws: BusProtocolError.self) { try BatchFrame.bodies(in: Array(frame[..<length]), framesPerBody: 2) }
        }
        #expect(try BatchFrame.bodies(in: Array(frame[..<firstBody]), framesPerBody: 2).count == 1)
        // A length that runs past the frame, and bodies of another size than the command's.
        var overrun = frame
        overrun[0..<4] = [0x7F, 0xFF, 0xFF, 0xFF]
        #expect(throws: BusProtocolError.self) { try BatchFrame.bodies(in: overrun, framesPerBody: 2) }
        #expect(throws: BusProtocolError.self) { try BatchFrame.bodies(in: frame, framesPerBody: 3) }
    }

    @Test func fixedWidthIntegersRoundTripAndRejectWrongSizes() throws {
        #expect(try FrameCoding.decodeUInt64(FrameCoding.encode(UInt64(0x0102_0304_0506_0708))) == 0x0102_0304_0506_0708)
        #expect(try FrameCoding.decodeUInt32(FrameCoding.encode(UInt32.max)) == UInt32.max)
        #expect(throws: BusProtocolError.self) { try FrameCoding.decodeUInt32([1, 2]) }
        #expect(throws: BusProtocolError.self) { try FrameCoding.string([0xFF, 0xFE], what: "name") }
    }

    @Test func ringQueueKeepsOrderThroughGrowthAndPrepend() {
        var queue = RingQueue<Int>()
        for value in 0..<40 { queue.append(value) }
        #expect(queue.popFirst() == 0)
        queue.prepend(-1)
        #expect(queue.popFirst() == -1)
        let removed = queue.removeAll { $0 % 2 == 0 }
        #expect(removed.count == 19)
        var rest: [Int] = []
        while let value = queue.popFirst() { rest.append(value) }
        #expect(rest == Array(stride(from: 1, to: 40, by: 2)))
    }

    @Test func lengthDelimitedRecordsLeaveAPartialTailForLater() throws {
        var buffer: [UInt8] = []
        LengthDelimited.append([1, 2, 3], to: &buffer)
        LengthDelimited.append([UInt8](repeating: 5, count: 300), to: &buffer)
        let complete = buffer.count
        LengthDelimited.append([9, 9, 9, 9], to: &buffer)
        let cut = Array(buffer.dropLast(2))
        let (records, end) = try LengthDelimited.records(in: cut)
        #expect(records.count == 2)
        #expect(records[1].count == 300)
        #expect(end == complete)
        #expect(throws: JournalError.self) { try LengthDelimited.records(in: [UInt8](repeating: 0xFF, count: 12)) }
    }

    @Test func retryBackoffGrowsWithJitterAndStaysBounded() {
        let policy = RetryPolicy(maxAttempts: 6, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(500), multiplier: 2, jitter: 0.2)
        for _ in 0..<50 {
            let first = policy.backoff(after: 1)
            #expect(first >= .milliseconds(80) && first <= .milliseconds(120))
            let third = policy.backoff(after: 3)
            #expect(third >= .milliseconds(320) && third <= .milliseconds(480))
            #expect(policy.backoff(after: 10) <= .milliseconds(500))
        }
    }

    @Test func errorsMapToStatusCodes() {
        #expect(RPCError(from: CancellationError()).code == .cancelled)
        #expect(RPCError(from: RPCError(.notFound, "x")).code == .notFound)
        struct Odd: Error {}
        #expect(RPCError(from: Odd()).code == .internal)
        #expect(Veles_Bus_V1_StatusCode.deadlineExceeded.statusName == "DEADLINE_EXCEEDED")
    }
}
