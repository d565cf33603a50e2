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
