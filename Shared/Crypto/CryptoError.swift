/// Why a cryptographic operation failed; never carries key material.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    case randomUnavailable
    case invalidKeyLength(expected: Int, actual: Int)
    case ciphertextTooShort
    case authenticationFailed
    case openSSL(String)

    public var description: String {
        switch self {
        case .randomUnavailable: "the system's secure random generator failed"
        case .invalidKeyLength(let expected, let actual): "a key of \(expected) bytes is needed, got \(actual)"
        case .ciphertextTooShort: "the ciphertext is shorter than its nonce and tag"
        case .authenticationFailed: "the ciphertext failed authentication (wrong key or tampered data)"
        case .openSSL(let step): "OpenSSL failed during \(step)"
        }
    }
}
