import ProtoRuntime

/// Length-delimited journal records back to back, with where each one ends, so they can be written in slices of
/// whole records. Reused: emptying keeps the memory for the next batch.
struct JournalBuffer {
    private var bytes: [UInt8] = []
    private var recordEnds: [Int] = []

    var byteCount: Int { bytes.count }
    /// Memory held for bytes, used or not.
    var reservedBytes: Int { bytes.capacity }
    var isEmpty: Bool { recordEnds.isEmpty }

    /// Appends the record's length and its encoding, written in place; the payload's bytes are copied once from
    /// where they lie, as the last field (protobuf readers take fields in any order).
    mutating func append(_ parts: JournalRecordParts) {
        parts.payload.withUnsafeBytes { payload in
            append(parts.record, payload: UnsafeRawBufferPointer(rebasing: payload[parts.payloadRange]))
        }
    }

    /// Appends `record` (whose own `payload` should be empty when `payload` is not) and then `payload` as its
    /// payload field.
    mutating func append(_ record: Veles_Bus_V1_JournalRecord, payload: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) {
        let fieldsSize = record.serializedSize()
        let payloadKeyAndLength = payload.isEmpty ? 0 : ProtoSize.varint(Self.payloadKey) + ProtoSize.varint(UInt64(payload.count))
        let size = fieldsSize + payloadKeyAndLength + payload.count
        let start = bytes.count
        let written = ProtoSize.varint(UInt64(size)) + fieldsSize + payloadKeyAndLength
        bytes.append(contentsOf: repeatElement(0, count: written))
        bytes.withUnsafeMutableBytes { buffer in
            var writer = ProtoWriter(buffer.baseAddress! + start)
            writer.writeVarint(UInt64(size))
            record.encodeFields(to: &writer)
            if !payload.isEmpty {
                writer.writeVarint(Self.payloadKey)
                writer.writeVarint(UInt64(payload.count))
            }
        }
        bytes.append(contentsOf: payload)
        recordEnds.append(bytes.count)
    }

    /// `JournalRecord.payload`: field 11, length-delimited.
    private static let payloadKey: UInt64 = 11 << 3 | 2

    /// Hands over the records in slices of at most `maxBytes` (a larger record goes alone), in order.
    func forEachSlice(maxBytes: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { all in
            var sliceStart = 0
            var previousEnd = 0
            for end in recordEnds {
                if end - sliceStart > maxBytes, previousEnd > sliceStart {
                    body(UnsafeRawBufferPointer(rebasing: all[sliceStart..<previousEnd]))
                    sliceStart = previousEnd
                }
                previousEnd = end
            }
            if previousEnd > sliceStart {
                body(UnsafeRawBufferPointer(rebasing: all[sliceStart..<previousEnd]))
            }
        }
    }

    /// Appends `other`'s records after these.
    mutating func append(contentsOf other: JournalBuffer) {
        let offset = bytes.count
        bytes.append(contentsOf: other.bytes)
        recordEnds.append(contentsOf: other.recordEnds.lazy.map { $0 + offset })
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        recordEnds.removeAll(keepingCapacity: true)
    }
}
