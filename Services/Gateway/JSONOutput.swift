import Foundation

/// Renders response bodies: JSON objects with snake_case keys in sorted order, times as ISO 8601 strings, absent
/// values as null.
///
/// It writes the bytes itself rather than through JSONSerialization, which on Linux bridges every value to an
/// Objective-C-style object and was most of the cost of a customers page.
enum JSONOutput {
    static func encode(_ object: Any) -> [UInt8] {
        let buffer = ByteBuffer(capacity: 1024)
        write(object, to: buffer)
        return buffer.bytes
    }

    /// A Unix-millisecond time as ISO 8601 in UTC with milliseconds, or null for 0 (never happened).
    static func time(_ milliseconds: Int64) -> Any {
        guard milliseconds > 0 else { return NSNull() }
        return iso8601(milliseconds)
    }

    /// A string, or null when empty.
    static func optional(_ text: String) -> Any {
        text.isEmpty ? NSNull() : text
    }

    /// A list page in the shape every list route returns.
    static func page(_ rows: [Any], hasMore: Bool, nextCursor: String) -> [String: Any] {
        ["data": rows, "has_more": hasMore, "next_cursor": optional(nextCursor)]
    }

    private static func write(_ value: Any, to buffer: ByteBuffer) {
        switch value {
        case let fragment as JSONFragment: buffer.append(fragment.bytes)
        case let text as String: buffer.appendQuoted(text)
        case let flag as Bool: buffer.append(flag ? "true" : "false")
        case let number as Int: buffer.appendDecimal(Int64(number))
        case let number as Int32: buffer.appendDecimal(Int64(number))
        case let number as Int64: buffer.appendDecimal(number)
        case let number as UInt32: buffer.appendDecimal(Int64(number))
        case let number as Double:
            buffer.append(Array((number.isFinite ? String(number) : "null").utf8))
        case let list as [Any]:
            buffer.append(UInt8(ascii: "["))
            for (index, item) in list.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                write(item, to: buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case let object as [String: Any]:
            buffer.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.appendQuoted(key)
                buffer.append(UInt8(ascii: ":"))
                write(object[key] ?? NSNull(), to: buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        case let number as NSNumber:
            if JSONInput.isBoolean(number) {
                buffer.append(number.boolValue ? "true" : "false")
            } else {
                buffer.append(Array(number.stringValue.utf8))
            }
        default:
            buffer.append("null")
        }
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` from Unix milliseconds (proleptic Gregorian, UTC), without a formatter object.
    static func iso8601(_ milliseconds: Int64) -> String {
        let buffer = ByteBuffer(capacity: 32)
        buffer.appendISO8601(milliseconds)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }
}
