@testable import Bus
import Testing

/// The broker's pending journal bytes: records framed in place, handed to the file in slices of whole records.
@Suite struct JournalBufferTests {
    private static func record(_ id: String, payloadBytes: Int) -> Veles_Bus_V1_JournalRecord {
        var record = Veles_Bus_V1_JournalRecord()
        record.requestId = id
        record.payload = [UInt8](repeating: 7, count: payloadBytes)
        return record
    }

    @Test func slicesHoldWholeRecordsInOrderAndDecodeBackToTheRecords() throws {
        var buffer = JournalBuffer()
        let records = [Self.record("a", payloadBytes: 100), Self.record("b", payloadBytes: 100),
                       Self.record("c", payloadBytes: 5000), Self.record("d", payloadBytes: 10), Self.record("e", payloadBytes: 10)]
        for record in records { buffer.append(record) }
        var slices: [[UInt8]] = []
        buffer.forEachSlice(maxBytes: 300) { slices.append(Array($0)) }
        // a and b fit one slice, c is larger than a slice and goes alone, d and e share the last.
        #expect(slices.count == 3)
        #expect(slices[1].count > 5000)
        var decoded: [Veles_Bus_V1_JournalRecord] = []
        for slice in slices {
            let (framed, end) = try LengthDelimited.records(in: slice)
            #expect(end == slice.count, "a slice must end on a record boundary")
            decoded += try framed.map { try Veles_Bus_V1_JournalRecord(serializedBytes: $0) }
        }
        #expect(decoded == records)
        #expect(buffer.byteCount == slices.reduce(0) { $0 + $1.count })
    }

    @Test func emptyingKeepsNothingForTheNextBatch() {
        var buffer = JournalBuffer()
        buffer.append(Self.record("a", payloadBytes: 10))
        buffer.removeAll()
        #expect(buffer.isEmpty)
        #expect(buffer.byteCount == 0)
        var slices = 0
        buffer.forEachSlice(maxBytes: 300) { _ in slices += 1 }
        #expect(slices == 0)
    }
}

/// The journal reads a worker's reply for its status and payload without decoding it; it must agree with the
/// generated decoder.
@Suite struct ReplyFieldsTests {
    @Test func agreesWithTheGeneratedDecoderAndPointsAtThePayload() throws {
        var replies: [Veles_Bus_V1_Reply] = [Veles_Bus_V1_Reply()]
        var full = Veles_Bus_V1_Reply()
        full.requestId = "req-1"
        full.code = .notFound
        full.message = "no such customer: é"
        full.payload = Array(0..<200).map { UInt8($0) }
        replies.append(full)
        var payloadOnly = Veles_Bus_V1_Reply()
        payloadOnly.payload = [1, 2, 3]
        replies.append(payloadOnly)
        for reply in replies {
            let bytes = reply.serializedBytes()
            let fields = try ReplyFields(bytes)
            #expect(fields.code == reply.code)
            #expect(fields.message == reply.message)
            #expect(Array(bytes[fields.payloadRange]) == reply.payload)
        }
    }

    @Test func malformedRepliesAreRefused() {
        #expect(throws: (any Error).self) { try ReplyFields([0x22, 0x05, 0x01]) }  // payload longer than the bytes
        #expect(throws: (any Error).self) { try ReplyFields([0x20, 0x01]) }  // payload as a varint
    }

    @Test func aPayloadAppendedRawReadsBackAsTheRecordsPayload() throws {
        var record = Veles_Bus_V1_JournalRecord()
        record.requestId = "r"
        record.status = .ok
        record.idempotent = true
        record.timeoutMs = 250
        let payload = [UInt8](repeating: 9, count: 300)
        var buffer = JournalBuffer()
        payload.withUnsafeBytes { buffer.append(record, payload: $0) }
        var slices: [[UInt8]] = []
        buffer.forEachSlice(maxBytes: 1 << 20) { slices.append(Array($0)) }
        let (framed, _) = try LengthDelimited.records(in: slices[0])
        var expected = record
        expected.payload = payload
        #expect(try Veles_Bus_V1_JournalRecord(serializedBytes: framed[0]) == expected)
    }
}
