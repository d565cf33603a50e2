import Foundation
import Testing
@testable import StripeClient

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    let secret = StripeWebhookSecret("whsec_test_secret_0123456789")
    let payload = Array(#"{"id": "evt_1", "object": "event", "type": "customer.created", "created": 1700000000, "data": {"object": {"id": "cus_1", "object": "customer"}}}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    var timestamp: Int64 { Int64(now.timeIntervalSince1970) }

    @Test func validSignatureVerifiesAndDecodesTheEvent() throws {
        let header = StripeWebhookSignature.header(payload: payload, secret: secret, timestamp: timestamp)
        let event = try StripeWebhookSignature.verifiedEvent(payload: payload, header: header, secrets: [secret], now: now)
        #expect(event.id == "evt_1")
        #expect(event.object.id == "cus_1")
    }

    @Test func matchesASignatureComputedIndependently() {
        // hmac.new(b"whsec_test_secret_0123456789", b"1700000000.{}", hashlib.sha256).hexdigest() in Python.
        let signature = StripeWebhookSignature.signature(payload: Array("{}".utf8), secret: secret, timestamp: 1_700_000_000)
        #expect(signature == "3cd786d75e63491193133ea204b65d54d4c3f7e90d74136bc4479e38abf21574")
    }

    @Test func oneValidAmongSeveralV1Passes() throws {
        let good = StripeWebhookSignature.signature(payload: payload, secret: secret, timestamp: timestamp)
        let stale = StripeWebhookSignature.signature(payload: payload, secret: StripeWebhookSecret("whsec_old"), timestamp: timestamp)
        let header = "t=\(timestamp),v1=\(stale),v0=deadbeef,v1=\(good)"
        #expect(try StripeWebhookSignature.verify(payload: payload, header: header, secrets: [secret], now: now) == timestamp)
    }

    @Test func anyOfSeveralSecretsMayMatch() throws {
        let header = StripeWebhookSignature.header(payload: payload, secret: secret, timestamp: timestamp)
        let secrets = [StripeWebhookSecret("whsec_rotated_new"), secret]
        #expect(try StripeWebhookSignature.verify(payload: payload, header: header, secrets: secrets, now: now) == timestamp)
    }

    @Test func wrongSecretIsRejected() {
        let header = StripeWebhookSignature.header(payload: payload, secret: StripeWebhookSecret("whsec_wrong"), timestamp: timestamp)
        let error = #expect(throws: StripeError.self) {
            try StripeWebhookSignature.verify(payload: payload, header: header, secrets: [secret], now: now)
        }
        #expect(error?.kind == .invalidSignature)
    }

    @Test func timestampOutsideTheToleranceIsRejectedEitherWay() throws {
        for offset: Int64 in [-301, 301] {
            let header = StripeWebhookSignature.header(payload: payload, secret: secret, timestamp: timestamp + offset)
            let error = #expect(throws: StripeError.self) {
                try StripeWebhookSignature.verify(payload: payload, header: header, secrets: [secret], now: now)
            }
            #expect(error?.kind == .invalidSignature, "offset \(offset)")
        }
        for offset: Int64 in [-300, 300] {
            let header = StripeWebhookSignature.header(payload: payload, secret: secret, timestamp: timestamp + offset)
            #expect(try StripeWebhookSignature.verify(payload: payload, header: header, secrets: [secret], now: now) == timestamp + offset)
        }
    }

    @Test func tamperedBodyIsRejected() {
        let header = StripeWebhookSignature.header(payload: payload, secret: secret, timestamp: timestamp)
        var tampered = payload
        tampered[tampered.count - 3] ^= 0x01
        #expect(throws: StripeError.self) {
            try StripeWebhookSignature.verify(payload: tampered, header: header, secrets: [secret], now: now)
        }
        // Re-encoding the same JSON differently (a space dropped) changes the bytes, so it fails too.
        let reencoded = Array(String(decoding: payload, as: UTF8.self).replacingOccurrences(of: ": ", with: ":").utf8)
        #expect(throws: StripeError.self) {
            try StripeWebhookSignature.verify(payload: reencoded, header: header, secrets: [secret], now: now)
        }
    }

    @Test(arguments: ["", "v1=abc", "t=1700000000", "t=abc,v1=00", "t=1700000000,v1=nothex"])
    func malformedHeadersAreRejected(header: String) {
        #expect(throws: StripeError.self) {
            try StripeWebhookSignature.verify(payload: [], header: header, secrets: [StripeWebhookSecret("whsec_x")], now: Date(timeIntervalSince1970: 1_700_000_000))
        }
    }
}
