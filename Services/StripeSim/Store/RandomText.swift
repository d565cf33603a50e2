/// Random identifiers in Stripe's alphabet.
enum RandomText {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    static func base62(_ length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: length)
        for index in 0..<length { bytes[index] = alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Upper-case letters and digits (invoice prefixes).
    static func upperAlphanumeric(_ length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("0123456789ABCDEF".utf8)
        var bytes = [UInt8](repeating: 0, count: length)
        for index in 0..<length { bytes[index] = letters[Int(generator.next(upperBound: UInt64(letters.count)))] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
