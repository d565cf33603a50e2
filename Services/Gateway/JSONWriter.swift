/// Appends JSON straight into a byte buffer through typed calls, for the bodies that are rendered most (list pages).
///
/// `JSONOutput.encode` takes `[String: Any]` and must ask the runtime what each value is; on a page of 50 customers
/// those dynamic casts were most of the gateway's CPU time. Callers write keys in sorted order themselves, so both
/// renderers produce the same bytes for the same object. Its buffer is shared by copies: keep one writer per body.
struct JSONWriter {
    let buffer: ByteBuffer
    /// Whether the next value or key needs a comma before it (false right after an opening bracket or a key).
    private var needsComma = false

    init(capacity: Int = 1024) {
        buffer = ByteBuffer(capacity: capacity)
    }

    var bytes: [UInt8] { buffer.bytes }

    mutating func beginObject() {
        separate()
        buffer.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        buffer.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        buffer.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        buffer.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An object key; the value written next belongs to it.
    mutating func key(_ name: StaticString) {
        separate()
        buffer.append(UInt8(ascii: "\""))
        buffer.append(name)
        buffer.append("\":")
        needsComma = false
    }

    mutating func string(_ text: String) {
        separate()
        buffer.appendQuoted(text)
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
        buffer.appendDecimal(number)
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
        buffer.append(UInt8(ascii: "\""))
        buffer.appendISO8601(milliseconds)
        buffer.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Bytes that are already one JSON value.
    mutating func fragment(_ value: JSONFragment) {
        separate()
        buffer.append(value.bytes)
        needsComma = true
    }

    /// Bytes written as they are, as one value (or the opening of one) after a comma when one is due.
    mutating func literal(_ text: StaticString) {
        separate()
        buffer.append(text)
        needsComma = true
    }

    private func separate() {
        if needsComma { buffer.append(UInt8(ascii: ",")) }
    }
}

/// One JSON value already rendered by a `JSONWriter`, which `JSONOutput.encode` copies as it is.
struct JSONFragment: Sendable {
    let bytes: [UInt8]
}
