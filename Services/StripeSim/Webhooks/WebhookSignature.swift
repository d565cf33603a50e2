import Crypto

/// Stripe's webhook signature: `t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload" under the endpoint secret>`.
enum WebhookSignature {
    static func header(payload: [UInt8], secret: String, timestamp: Int) -> String {
        let signed = Array("\(timestamp).".utf8) + payload
        let mac = Digest.hmacSHA256(key: Array(secret.utf8), data: signed)
        return "t=\(timestamp),v1=\(Hex.encode(mac))"
    }
}
