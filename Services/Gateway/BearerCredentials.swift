/// What an `Authorization` header holds as far as the Bearer scheme goes (RFC 6750 §2.1).
enum BearerCredentials: Equatable {
    /// No Bearer credentials: no header, or another scheme such as Basic.
    case absent
    /// The Bearer scheme followed by something that is not one token (nothing, or several words).
    case malformed
    case token(String)

    /// Reads the header. The scheme is matched without regard to case (RFC 9110 §11.1: `bearer` and `BEARER` are
    /// `Bearer`); blanks around the token are tolerated, and a token has none inside. It works on the bytes, since
    /// Foundation's trimming and case folding cost more than the token lookup that follows.
    init(header: String?) {
        guard let header else {
            self = .absent
            return
        }
        let words = header.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        guard let scheme = words.first, scheme.elementsEqual("bearer".utf8, by: { Self.lowercased($0) == $1 }) else {
            self = .absent
            return
        }
        guard words.count == 2, let token = String(words[1]) else {
            self = .malformed
            return
        }
        self = .token(token)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
