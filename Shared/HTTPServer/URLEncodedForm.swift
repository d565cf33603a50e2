/// Parsing of `application/x-www-form-urlencoded` text (query strings and form bodies) into ordered pairs.
public enum URLEncodedForm {
    /// Splits `a=1&b=2` into decoded pairs in order; `+` is a space and `%XX` a byte.
    /// Returns nil when a percent escape is malformed or the bytes are not UTF-8.
    public static func parse(_ bytes: some Collection<UInt8>) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        var name: [UInt8] = []
        var value: [UInt8] = []
        var inValue = false
        var iterator = Array(bytes)[...]
        func flush() -> Bool {
            defer { name.removeAll(keepingCapacity: true); value.removeAll(keepingCapacity: true); inValue = false }
            if name.isEmpty && value.isEmpty && !inValue { return true }
            guard let decodedName = decode(name), let decodedValue = decode(value) else { return false }
            pairs.append((decodedName, decodedValue))
            return true
        }
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "&"):
                guard flush() else { return nil }
            case UInt8(ascii: "=") where !inValue:
                inValue = true
            default:
                if inValue { value.append(byte) } else { name.append(byte) }
            }
        }
        guard flush() else { return nil }
        return pairs
    }

    /// Parses a Swift string (for example a raw query string).
    public static func parse(_ text: String) -> [(name: String, value: String)]? {
        parse(Array(text.utf8))
    }

    /// Decodes one component: `+` to space, `%XX` to the byte, then UTF-8.
    public static func decode(_ component: [UInt8]) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(component.count)
        var index = 0
        while index < component.count {
            let byte = component[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < component.count,
                      let high = hexValue(component[index + 1]), let low = hexValue(component[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Percent-encodes a component for use in a query string or form body.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
