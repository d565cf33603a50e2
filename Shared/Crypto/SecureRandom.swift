import CCrypto

/// Bytes from OpenSSL's CSPRNG, for keys, nonces and tokens.
public enum SecureRandom {
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return output }
        let status = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard status == 1 else { throw CryptoError.randomUnavailable }
        return output
    }

    /// A random token of `byteCount` bytes rendered as lowercase hex.
    public static func hexToken(byteCount: Int = 32) throws -> String {
        Hex.encode(try bytes(byteCount))
    }
}
