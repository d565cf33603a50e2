import Foundation

/// Renders response bodies: JSON objects with snake_case keys in sorted order, times as ISO 8601 strings, absent
/// values as null.
///
/// It writes the bytes itself rather than through JSONSerialization, which on Linux bridges every value to an
/// Objective-C-style object and was most of the cost of a customers page.
enum JSONOutput {
    static func encode(_ object: Any) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        write(object, to: &bytes)
        return bytes
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

    private static func write(_ value: Any, to bytes: inout [UInt8]) {
        switch value {
        case let text as String: writeString(text, to: &bytes)
        case let flag as Bool: bytes.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8))
        case let number as Int: bytes.append(contentsOf: String(number).utf8)
        case let number as Int32: bytes.append(contentsOf: String(number).utf8)
        case let number as Int64: bytes.append(contentsOf: String(number).utf8)
        case let number as UInt32: bytes.append(contentsOf: String(number).utf8)
        case let number as Double:
            bytes.append(contentsOf: (number.isFinite ? String(number) : "null").utf8)
        case let list as [Any]:
            bytes.append(UInt8(ascii: "["))
            for (index, item) in list.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case let object as [String: Any]:
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                write(object[key] ?? NSNull(), to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case let number as NSNumber:
            if JSONInput.isBoolean(number) {
                bytes.append(contentsOf: number.boolValue ? Array("true".utf8) : Array("false".utf8))
            } else {
                bytes.append(contentsOf: number.stringValue.utf8)
            }
        default:
            bytes.append(contentsOf: "null".utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0a: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0d: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0f)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` from Unix milliseconds (proleptic Gregorian, UTC), without a formatter object.
    static func iso8601(_ milliseconds: Int64) -> String {
        let seconds = milliseconds.quotientRoundingDown(1000)
        let millis = Int(milliseconds - seconds * 1000)
        let days = seconds.quotientRoundingDown(86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        // Howard Hinnant's days-to-civil conversion.
        let z = days + 719_468
        let era = z.quotientRoundingDown(146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))Z"
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, so times before 1970 land on the right day.
    fileprivate func quotientRoundingDown(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
