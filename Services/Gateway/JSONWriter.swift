/// Appends JSON straight into a byte buffer through typed calls, for the bodies that are rendered most (list pages).
///
/// `JSONOutput.encode` takes `[String: Any]` and must ask the runtime what each value is; on a page of 50 customers
/// those dynamic casts were most of the gateway's CPU time. Callers write keys in sorted order themselves, so both
/// renderers produce the same bytes for the same object.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next value or key needs a comma before it (false right after an opening bracket or a key).
    private var needsComma = false

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An object key; the value written next belongs to it.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ text: String) {
        separate()
        Self.appendQuoted(text, to: &bytes)
        needsComma = true
    }

    /// A string, or null when it is empty (proto3 strings have no presence).
    mutating func optionalString(_ text: String) {
        if text.isEmpty { null() } else { string(text) }
    }

    mutating func bool(_ flag: Bool) {
        literal(flag ? "true" : "false")
    }

    mutating func null() {
        literal("null")
    }

    mutating func int(_ number: Int64) {
        separate()
        bytes.append(contentsOf: String(number).utf8)
        needsComma = true
    }

    mutating func stringList(_ items: [String]) {
        beginArray()
        for item in items { string(item) }
        endArray()
    }

    /// Unix milliseconds as ISO 8601 (the form `JSONOutput.time` gives), or null for 0.
    mutating func time(_ milliseconds: Int64) {
        guard milliseconds > 0 else { return null() }
        separate()
        bytes.append(UInt8(ascii: "\""))
        JSONOutput.appendISO8601(milliseconds, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Bytes that are already one JSON value.
    mutating func fragment(_ value: JSONFragment) {
        separate()
        bytes.append(contentsOf: value.bytes)
        needsComma = true
    }

    private mutating func literal(_ text: StaticString) {
        separate()
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as UTF-8.
    static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy those whole instead of byte by byte.
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        } ?? false
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0a: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0d: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0f)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// One JSON value already rendered by a `JSONWriter`, which `JSONOutput.encode` copies as it is.
struct JSONFragment: Sendable {
    let bytes: [UInt8]
}
