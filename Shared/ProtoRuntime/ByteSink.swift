/// A growable byte buffer for the slow paths (JSON parsing, redaction) that cannot size their output up front.
struct ByteSink {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func tag(_ number: Int, _ wireType: WireType) {
        varint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    mutating func fixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func lengthDelimited(_ payload: some Collection<UInt8>) {
        varint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    mutating func raw(_ payload: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: payload)
    }
}
