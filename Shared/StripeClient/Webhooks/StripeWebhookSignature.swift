import Crypto
import Foundation

/// Checks and makes `Stripe-Signature` headers (`t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">,v1=…`).
public enum StripeWebhookSignature {
    /// How far a delivery's timestamp may be from now, either way, before it is refused as a replay.
    public static let defaultTolerance: Duration = .seconds(300)

    /// Verifies the header against the raw body bytes as received. Any `v1` value matching any of the secrets
    /// passes (Stripe signs with both the old and the new secret while one is being rolled). Returns the timestamp.
    @discardableResult
    public static func verify(payload: [UInt8], header: String, secrets: [StripeWebhookSecret],
                              tolerance: Duration = defaultTolerance, now: Date = Date()) throws(StripeError) -> Int64 {
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        for item in header.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if name == "t" {
                timestamp = Int64(value)
            } else if name == "v1", let bytes = Hex.decode(value) {
                signatures.append(bytes)
            }
        }
        guard let timestamp else {
            throw StripeError(kind: .invalidSignature, message: "The Stripe-Signature header has no timestamp.")
        }
        guard !signatures.isEmpty else {
            throw StripeError(kind: .invalidSignature, message: "The Stripe-Signature header has no v1 signature.")
        }
        let signedPayload = Array("\(timestamp).".utf8) + payload
        let matches = secrets.contains { secret in
            let expected = Digest.hmacSHA256(key: Array(secret.unredactedValue.utf8), data: signedPayload)
            return signatures.contains { Digest.constantTimeEquals($0, expected) }
        }
        guard matches else {
            throw StripeError(kind: .invalidSignature, message: "No signature in the Stripe-Signature header matches the payload.")
        }
        let age = now.timeIntervalSince1970 - Double(timestamp)
        guard abs(age) <= tolerance.seconds else {
            throw StripeError(kind: .invalidSignature, message: "The webhook's timestamp is \(Int(age.rounded())) s from now, more than the \(Int(tolerance.seconds)) s allowed.")
        }
        return timestamp
    }

    /// Verifies the delivery and decodes its event.
    public static func verifiedEvent(payload: [UInt8], header: String, secrets: [StripeWebhookSecret],
                                     tolerance: Duration = defaultTolerance, now: Date = Date()) throws(StripeError) -> StripeEvent {
        try verify(payload: payload, header: header, secrets: secrets, tolerance: tolerance, now: now)
        do {
            return try JSONDecoder().decode(StripeEvent.self, from: Data(payload))
        } catch {
            throw StripeError(kind: .decoding, message: "A correctly signed webhook body is not a Stripe event: \(error)")
        }
    }

    /// The header Stripe would send for this body, secret and time (for emulators and tests).
    public static func header(payload: [UInt8], secret: StripeWebhookSecret, timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(signature(payload: payload, secret: secret, timestamp: timestamp))"
    }

    /// The hex `v1` value for this body, secret and time.
    public static func signature(payload: [UInt8], secret: StripeWebhookSecret, timestamp: Int64) -> String {
        Hex.encode(Digest.hmacSHA256(key: Array(secret.unredactedValue.utf8), data: Array("\(timestamp).".utf8) + payload))
    }
}
