import Foundation

/// Pulls host names out of the ways people write them: email addresses and website fields.
/// Works on UTF-8 bytes because it runs for every customer of a workspace on each match.
enum DomainText {
    /// An email address as the email rule compares it: trimmed and lowercased; nil when it has no
    /// `@` with text on both sides.
    static func normalizedEmail(_ raw: String) -> String? {
        let bytes = trimmedLowercased(raw)
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The host of a normalised email address.
    static func host(ofEmail email: String) -> String? {
        let bytes = Array(email.utf8)
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        return cleanedHost(bytes[(at + 1)...])
    }

    /// The host of a website written as a URL ("https://www.acme.com/about"), a bare host
    /// ("www.acme.com", "acme.com:8080") or with user info ("user@acme.com").
    static func host(ofWebsite raw: String) -> String? {
        let bytes = trimmedLowercased(raw)
        var text = bytes[...]
        if let scheme = schemeEnd(in: text) {
            text = text[scheme...]
        } else if text.starts(with: [0x2F, 0x2F]) {
            text = text.dropFirst(2)
        }
        if let end = text.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            text = text[..<end]
        }
        if let at = text.lastIndex(of: UInt8(ascii: "@")) {
            text = text[(at + 1)...]
        }
        if let colon = text.lastIndex(of: UInt8(ascii: ":")) {
            text = text[..<colon]
        }
        return cleanedHost(text)
    }

    /// Where the text after "scheme://" starts, if the text begins with a scheme.
    private static func schemeEnd(in text: ArraySlice<UInt8>) -> Int? {
        var index = text.startIndex
        while index < text.endIndex, isSchemeByte(text[index]) { index += 1 }
        guard index > text.startIndex, text[index...].starts(with: [0x3A, 0x2F, 0x2F]) else { return nil }
        return index + 3
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
    }

    /// A host without its trailing dots, or nil when it cannot be a domain name.
    private static func cleanedHost(_ text: ArraySlice<UInt8>) -> String? {
        var host = text
        while host.last == UInt8(ascii: ".") { host = host.dropLast() }
        var sawDot = false
        var previous: UInt8 = UInt8(ascii: ".")  // so that a leading dot reads as ".." and is refused
        for byte in host {
            if byte == UInt8(ascii: ".") {
                if previous == byte { return nil }
                sawDot = true
            } else if byte <= 0x20 || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "/") || byte == 0x7F {
                return nil
            }
            previous = byte
        }
        guard sawDot else { return nil }
        return String(decoding: host, as: UTF8.self)
    }

    /// The text's UTF-8 bytes with surrounding white space removed and lowercased; plain ASCII
    /// (almost every address) never goes through Foundation.
    private static func trimmedLowercased(_ raw: String) -> [UInt8] {
        guard raw.utf8.allSatisfy({ $0 < 0x80 }) else {
            return Array(raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().utf8)
        }
        var bytes = Array(raw.utf8)
        while let last = bytes.last, isASCIISpace(last) { bytes.removeLast() }
        let leading = bytes.prefix(while: isASCIISpace).count
        if leading > 0 { bytes.removeFirst(leading) }
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A {
            bytes[index] += 0x20
        }
        return bytes
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
