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
        case let fragment as JSONFragment: bytes.append(contentsOf: fragment.bytes)
        case let text as String: JSONWriter.appendQuoted(text, to: &bytes)
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
                JSONWriter.appendQuoted(key, to: &bytes)
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

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` from Unix milliseconds (proleptic Gregorian, UTC), without a formatter object.
    static func iso8601(_ milliseconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendISO8601(milliseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the ISO 8601 digits of `iso8601` to `bytes`, building no string on the way (list pages write two per row).
    static func appendISO8601(_ milliseconds: Int64, to bytes: inout [UInt8]) {
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
        appendDigits(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendDigits(millis, width: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// A number zero-padded to `width` digits; one that does not fit (a year past 9999, or before 0) is written whole.
    private static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        guard value >= 0, value / divisor < 10 else { return bytes.append(contentsOf: String(value).utf8) }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, so times before 1970 land on the right day.
    fileprivate func quotientRoundingDown(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
