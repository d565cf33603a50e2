import CCrypto

/// AES-256-GCM authenticated encryption, for secrets kept at rest.
///
/// A sealed box is `nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`; a fresh random nonce is drawn per seal, and the
/// additional data (for example the row's workspace id) must match on open, so a ciphertext cannot be moved to another row.
public enum AESGCM {
    public static let keyLength = 32
    public static let nonceLength = 12
    public static let tagLength = 16

    public static func seal(_ plaintext: [UInt8], key: [UInt8], additionalData: [UInt8] = []) throws -> [UInt8] {
        guard key.count == keyLength else { throw CryptoError.invalidKeyLength(expected: keyLength, actual: key.count) }
        let nonce = try SecureRandom.bytes(nonceLength)
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL("context allocation") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceLength), nil) == 1,
              EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1
        else { throw CryptoError.openSSL("encryption setup") }

        var length: Int32 = 0
        if !additionalData.isEmpty {
            guard EVP_EncryptUpdate(context, nil, &length, additionalData, Int32(additionalData.count)) == 1
            else { throw CryptoError.openSSL("additional data") }
        }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var written: Int32 = 0
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(context, &ciphertext, &written, plaintext, Int32(plaintext.count)) == 1
            else { throw CryptoError.openSSL("encryption") }
        }
        var finalLength: Int32 = 0
        let finished = ciphertext.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(context, buffer.baseAddress! + Int(written), &finalLength)
        }
        guard finished == 1 else { throw CryptoError.openSSL("encryption final") }
        ciphertext.removeLast(ciphertext.count - Int(written + finalLength))

        var tag = [UInt8](repeating: 0, count: tagLength)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), &tag) == 1
        else { throw CryptoError.openSSL("tag") }
        return nonce + ciphertext + tag
    }

    public static func open(_ box: [UInt8], key: [UInt8], additionalData: [UInt8] = []) throws -> [UInt8] {
        guard key.count == keyLength else { throw CryptoError.invalidKeyLength(expected: keyLength, actual: key.count) }
        guard box.count >= nonceLength + tagLength else { throw CryptoError.ciphertextTooShort }
        let nonce = Array(box[0..<nonceLength])
        let ciphertext = Array(box[nonceLength..<(box.count - tagLength)])
        var tag = Array(box[(box.count - tagLength)...])

        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL("context allocation") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceLength), nil) == 1,
              EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1
        else { throw CryptoError.openSSL("decryption setup") }

        var length: Int32 = 0
        if !additionalData.isEmpty {
            guard EVP_DecryptUpdate(context, nil, &length, additionalData, Int32(additionalData.count)) == 1
            else { throw CryptoError.openSSL("additional data") }
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var written: Int32 = 0
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(context, &plaintext, &written, ciphertext, Int32(ciphertext.count)) == 1
            else { throw CryptoError.authenticationFailed }
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1
        else { throw CryptoError.openSSL("tag") }
        var finalLength: Int32 = 0
        let verified = plaintext.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(context, buffer.baseAddress! + Int(written), &finalLength)
        }
        guard verified == 1 else { throw CryptoError.authenticationFailed }
        plaintext.removeLast(plaintext.count - Int(written + finalLength))
        return plaintext
    }
}
