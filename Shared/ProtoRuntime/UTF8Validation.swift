/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF), with an ASCII fast path.
public enum UTF8Validation {
    @inlinable
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        // Eight bytes at a time while everything is ASCII.
        while index &+ 8 <= count {
            if base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            index &+= 8
        }
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte < 0x80 { index &+= 1; continue }
            guard let length = sequenceLength(base, index, count) else { return false }
            index &+= length
        }
        return true
    }

    /// Length of the well-formed multi-byte sequence at `index`, or nil when it is malformed.
    @usableFromInline
    static func sequenceLength(_ base: UnsafeRawPointer, _ index: Int, _ count: Int) -> Int? {
        func byte(_ offset: Int) -> UInt8? {
            index + offset < count ? base.load(fromByteOffset: index + offset, as: UInt8.self) : nil
        }
        func isContinuation(_ value: UInt8?) -> Bool { value.map { $0 & 0xC0 == 0x80 } ?? false }
        guard let lead = byte(0), let second = byte(1) else { return nil }
        switch lead {
        case 0xC2...0xDF:
            return isContinuation(second) ? 2 : nil
        case 0xE0...0xEF:
            let lower: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let upper: UInt8 = lead == 0xED ? 0x9F : 0xBF
            guard (lower...upper).contains(second), isContinuation(byte(2)) else { return nil }
            return 3
        case 0xF0...0xF4:
            let lower: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let upper: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            guard (lower...upper).contains(second), isContinuation(byte(2)), isContinuation(byte(3)) else { return nil }
            return 4
        default:
            return nil
        }
    }
}
