/// Random identifiers in Stripe's alphabet.
enum RandomText {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private static let hexUpper = Array("0123456789ABCDEF".utf8)

    static func base62(_ length: Int) -> String {
        characters(length, from: alphabet)
    }

    /// Upper-case hexadecimal characters (invoice prefixes).
    static func upperAlphanumeric(_ length: Int) -> String {
        characters(length, from: hexUpper)
    }

    /// Draws ten characters from each 64-bit random word: the system generator costs a system call per word, and a
    /// bulk load asks for hundreds of thousands of ids.
    private static func characters(_ length: Int, from letters: [UInt8]) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: length)
        var word: UInt64 = 0
        var left = 0
        let radix = UInt64(letters.count)
        for index in 0..<length {
            if left == 0 {
                word = generator.next()
                left = 10
            }
            bytes[index] = letters[Int(word % radix)]
            word /= radix
            left -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
