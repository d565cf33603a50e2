@testable import Bus
import ProtoRuntime
import Testing

/// The broker reads a request's envelope for routing without copying its payload; it must agree with the
/// generated decoder on what it reads and on what it refuses.
@Suite struct EnvelopeRouteTests {
    private static var envelopes: [Veles_Bus_V1_Envelope] {
        var full = Veles_Bus_V1_Envelope()
        full.requestId = "req-1"
        full.method = "/veles.customersync.v1.CustomerSync/ListStripeCustomers"
        full.service = "veles.customersync.v1.CustomerSync"
        full.timeoutMs = 2500
        full.idempotent = true
        full.metadata.workspaceId = "ws_1"
        full.metadata.traceId = "trace-é"
        full.metadata.caller = "gateway"
        full.metadata.attempt = 3
        full.requestType = "veles.customersync.v1.ListStripeCustomersRequest"
        full.responseType = "veles.customersync.v1.ListStripeCustomersResponse"
        full.payload = (0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7) }
        full.deadlineAtMs = 1_780_000_000_000
        var healthCheck = Veles_Bus_V1_Envelope()
        healthCheck.method = Veles_Bus_V1_Health.Methods.check.path
        return [Veles_Bus_V1_Envelope(), full, healthCheck]
    }

    @Test func agreesWithTheGeneratedDecoderAndPointsAtThePayload() throws {
        for envelope in Self.envelopes {
            let bytes = envelope.serializedBytes()
            let route = try EnvelopeRoute(bytes)
            let decoded = try Veles_Bus_V1_Envelope(serializedBytes: bytes)
            #expect(route.method == decoded.method)
            #expect(route.service == decoded.service)
            #expect(route.timeoutMs == decoded.timeoutMs)
            #expect(route.idempotent == decoded.idempotent)
            #expect(route.metadata == decoded.metadata)
            #expect(route.requestType == decoded.requestType)
            #expect(route.responseType == decoded.responseType)
            #expect(Array(bytes[route.payloadRange]) == decoded.payload)
        }
    }

    @Test func metadataSentTwiceMergesAsTheGeneratedDecoderMergesIt() throws {
        var first = Veles_Bus_V1_Metadata()
        first.workspaceId = "ws_1"
        first.caller = "gateway"
        var second = Veles_Bus_V1_Metadata()
        second.caller = "velesctl"
        second.attempt = 2
        var bytes: [UInt8] = []
        for part in [first, second] {
            let encoded = part.serializedBytes()
            bytes += [0x32, UInt8(encoded.count)] + encoded
        }
        #expect(try EnvelopeRoute(bytes).metadata == Veles_Bus_V1_Envelope(serializedBytes: bytes).metadata)
    }

    @Test func whatTheGeneratedDecoderRefusesTheRouteRefusesToo() {
        let malformed: [[UInt8]] = [
            [0x4a, 0x05, 0x01],        // payload longer than the bytes
            [0x48, 0x01],              // payload as a varint
            [0x0a, 0x02, 0xc3, 0x28],  // request_id that is not UTF-8 (a field the broker does not use)
            [0x50, 0x80],              // deadline_at_ms cut inside its varint
            [0x32, 0x02, 0x0a, 0x05],  // metadata whose workspace id runs past its end
            [0x07],                    // a key with a wire type that does not exist
        ]
        var oversized = Veles_Bus_V1_Envelope()
        oversized.payload = [UInt8](repeating: 1, count: DecodingOptions.defaultMaxMessageSize)
        for bytes in malformed + [oversized.serializedBytes()] {
            #expect(throws: (any Error).self, "generated decoder accepted \(bytes.prefix(8))") { try Veles_Bus_V1_Envelope(serializedBytes: bytes) }
            #expect(throws: (any Error).self, "route accepted \(bytes.prefix(8))") { try EnvelopeRoute(bytes) }
        }
    }
}
