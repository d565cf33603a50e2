/// The JSON pieces every renderer shares: string literals and ISO 8601 times.
extension ByteBuffer {
    /// A JSON string literal of UTF-8 bytes: quotes, backslashes and control characters escaped, the rest as it is.
    func appendQuoted(_ utf8: UnsafeRawBufferPointer) {
        append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy those whole, else copy the runs between the bytes that need it.
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            append(UnsafeRawBufferPointer(rebasing: utf8[runStart..<index]))
            appendEscape(byte)
            runStart = index + 1
        }
        append(UnsafeRawBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        append(UInt8(ascii: "\""))
    }

    func appendQuoted(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ appendQuoted(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        var copy = text
        copy.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0)) }
    }

    private func appendEscape(_ byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
        case 0x0a: append(UInt8(ascii: "n"))
        case 0x0d: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        default:
            append("u00")
            append(Self.hexDigits[Int(byte >> 4)])
            append(Self.hexDigits[Int(byte & 0x0f)])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A whole number in decimal.
    func appendDecimal(_ number: Int64) {
        var text = String(number)
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Unix milliseconds as `yyyy-MM-ddTHH:mm:ss.SSSZ` (proleptic Gregorian, UTC), without a formatter object.
    func appendISO8601(_ milliseconds: Int64) {
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
        guard (0...9999).contains(year) else {
            // Outside four digits the year is written whole; nothing Stripe sends gets here.
            appendDecimal(Int64(year))
            return appendISO8601Rest(month: month, day: day, secondOfDay: secondOfDay, millis: millis)
        }
        write(length: 4) { out in
            Self.putTwoDigits(year / 100, at: out)
            Self.putTwoDigits(year % 100, at: out + 2)
        }
        appendISO8601Rest(month: month, day: day, secondOfDay: secondOfDay, millis: millis)
    }

    /// `-MM-ddTHH:mm:ss.SSSZ`, the part after the year.
    private func appendISO8601Rest(month: Int, day: Int, secondOfDay: Int, millis: Int) {
        write(length: 20) { out in
            Self.putTwoDigits(month, after: "-", at: out)
            Self.putTwoDigits(day, after: "-", at: out + 3)
            Self.putTwoDigits(secondOfDay / 3600, after: "T", at: out + 6)
            Self.putTwoDigits(secondOfDay / 60 % 60, after: ":", at: out + 9)
            Self.putTwoDigits(secondOfDay % 60, after: ":", at: out + 12)
            out[15] = UInt8(ascii: ".")
            out[16] = Self.digit(millis / 100)
            Self.putTwoDigits(millis % 100, at: out + 17)
            out[19] = UInt8(ascii: "Z")
        }
    }

    @inline(__always)
    private static func putTwoDigits(_ value: Int, after separator: Unicode.Scalar, at out: UnsafeMutablePointer<UInt8>) {
        out[0] = UInt8(ascii: separator)
        putTwoDigits(value, at: out + 1)
    }

    @inline(__always)
    private static func putTwoDigits(_ value: Int, at out: UnsafeMutablePointer<UInt8>) {
        out[0] = digit(value / 10)
        out[1] = digit(value % 10)
    }

    @inline(__always)
    private static func digit(_ value: Int) -> UInt8 {
        UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, so times before 1970 land on the right day.
    fileprivate func quotientRoundingDown(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
