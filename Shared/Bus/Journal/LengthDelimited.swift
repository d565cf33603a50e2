/// Varint length prefixes, the framing of journal files (the same as protobuf's `writeDelimitedTo`).
public enum LengthDelimited {
    public static func append(_ record: [UInt8], to buffer: inout [UInt8]) {
        var length = UInt64(record.count)
        while length >= 0x80 {
            buffer.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        buffer.append(UInt8(length))
        buffer.append(contentsOf: record)
    }

    /// Splits `data` into records starting at `offset`; returns them and the offset after the last complete one
    /// (a record still being written is left for the next read).
    public static func records(in data: [UInt8], from offset: Int = 0) throws(JournalError) -> (records: [[UInt8]], end: Int) {
        var records: [[UInt8]] = []
        var position = offset
        while position < data.count {
            var length: UInt64 = 0
            var shift: UInt64 = 0
            var cursor = position
            var complete = false
            while cursor < data.count {
                let byte = data[cursor]
                cursor += 1
                guard shift < 64 else { throw .corrupt(offset: position, reason: "length prefix longer than 10 bytes") }
                length |= UInt64(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { complete = true; break }
            }
            guard complete, length <= UInt64(data.count - cursor) else { break }
            records.append(Array(data[cursor..<(cursor + Int(length))]))
            position = cursor + Int(length)
        }
        return (records, position)
    }
}
