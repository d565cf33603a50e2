import Crypto

/// Encrypts Stripe secrets for storage with AES-256-GCM under the master key, binding each box to its workspace so a
/// ciphertext copied to another workspace's row fails to open.
struct SecretSealer: Sendable {
    let masterKey: MasterKey

    func seal(_ secret: String, workspaceId: String) throws -> [UInt8] {
        try AESGCM.seal(Array(secret.utf8), key: masterKey.bytes, additionalData: Array(workspaceId.utf8))
    }

    func open(_ box: [UInt8], workspaceId: String) throws -> String {
        let plain = try AESGCM.open(box, key: masterKey.bytes, additionalData: Array(workspaceId.utf8))
        return String(decoding: plain, as: UTF8.self)
    }
}
