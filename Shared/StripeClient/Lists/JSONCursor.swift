/// A forward-only reader over one JSON document, for the hot Stripe list pages the sync services read without
/// `JSONDecoder` (whose keyed containers build a dictionary of every field of every object, a third of a full sync's
/// CPU). It reads what it is asked for and skips the rest; anything it does not expect is a `Malformed` error, and
/// the caller then falls back to the general decoder.
public struct JSONCursor {
    /// The document is not shaped as the reader expected.
    public struct Malformed: Error {
        public let offset: Int

        public init(offset: Int) {
            self.offset = offset
        }
    }

    private let bytes: [UInt8]
    private var index = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func fail() -> Malformed { Malformed(offset: index) }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func peek() throws -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw fail() }
        return bytes[index]
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw fail() }
        index += 1
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw fail() }
        index += count
    }

    /// Consumes a `null` if one comes next.
    public mutating func takeNull() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Calls `body` with each key of an object; `body` must read or skip the key's value.
    public mutating func object(_ body: (inout JSONCursor, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") { index += 1; return }
        while true {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw fail()
            }
        }
    }

    /// Calls `body` once per element of an array; `body` must read or skip the element.
    public mutating func array(_ body: (inout JSONCursor) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") { index += 1; return }
        while true {
            try body(&self)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw fail()
            }
        }
    }

    public mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count else { throw fail() }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"): try unescape(into: &scalars)
            default: scalars.append(byte)
            }
        }
        throw fail()
    }

    private mutating func unescape(into out: inout [UInt8]) throws {
        guard index < bytes.count else { throw fail() }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A surrogate pair spells one scalar beyond the basic plane.
                try literal("\\u")
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail() }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default: throw fail()
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A whole number; a fraction or exponent is not one (the caller falls back).
    public mutating func int64() throws -> Int64 {
        _ = try peek()
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        let start = index
        var value: Int64 = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow, !overflowAdd else { throw fail() }
            value = sum
            index += 1
        }
        guard index > start else { throw fail() }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { throw fail() }
        return negative ? -value : value
    }

    public mutating func bool() throws -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw fail()
        }
    }

    public mutating func optionalString() throws -> String? { try takeNull() ? nil : try string() }
    public mutating func optionalInt64() throws -> Int64? { try takeNull() ? nil : try int64() }
    public mutating func optionalBool() throws -> Bool? { try takeNull() ? nil : try bool() }

    /// An object of string values, such as Stripe's `metadata`; null reads as empty.
    public mutating func stringMap() throws -> [String: String] {
        var map: [String: String] = [:]
        if try !takeNull() {
            try object { cursor, key in map[key] = try cursor.string() }
        }
        return map
    }

    /// Skips one value of any kind.
    public mutating func skip() throws {
        switch try peek() {
        case UInt8(ascii: "{"): try object { cursor, _ in try cursor.skip() }
        case UInt8(ascii: "["): try array { try $0.skip() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): try literal("null")
        default:
            let start = index
            while index < bytes.count, !",}] \n\r\t".utf8.contains(bytes[index]) { index += 1 }
            guard index > start else { throw fail() }
        }
    }

    /// A whole Stripe list page: `data` read by `item`, `has_more`, every other key skipped, nothing after it.
    public static func listPage<Item>(_ bytes: [UInt8], item: (inout JSONCursor) throws -> Item) throws -> (items: [Item], hasMore: Bool) {
        var cursor = JSONCursor(bytes)
        var items: [Item] = []
        var hasMore: Bool?
        try cursor.object { cursor, key in
            switch key {
            case "data": try cursor.array { items.append(try item(&$0)) }
            case "has_more": hasMore = try cursor.bool()
            default: try cursor.skip()
            }
        }
        guard let hasMore, cursor.atEnd() else { throw Malformed(offset: cursor.index) }
        return (items, hasMore)
    }

    /// True once only white space is left.
    public mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }
}
