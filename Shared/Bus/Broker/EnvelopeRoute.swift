import ProtoRuntime

/// What the broker needs of a request's `Envelope` to route and journal it, read without copying the payload out:
/// the broker forwards the envelope's bytes as they came.
struct EnvelopeRoute {
    var method = ""
    var service = ""
    var timeoutMs: Int64 = 0
    var idempotent = false
    var metadata = Veles_Bus_V1_Metadata()
    var requestType = ""
    var responseType = ""
    /// Where the payload lies in the bytes read.
    var payloadRange: Range<Int> = 0..<0

    /// Reads the fields of `Envelope` the broker uses (method 2, service 3, timeout_ms 4, idempotent 5, metadata 6,
    /// request_type 7, response_type 8, payload 9) and checks the others as the generated decoder would (a test holds
    /// the two to each other), so an envelope it accepts is one a worker can decode.
    init(_ bytes: [UInt8]) throws {
        try ProtoReader.forEachField(in: bytes) { reader, tag, buffer in
            switch tag.fieldNumber {
            case 1: _ = try reader.read(ProtoString.self, tag)
            case 2: method = try reader.read(ProtoString.self, tag)
            case 3: service = try reader.read(ProtoString.self, tag)
            case 4: timeoutMs = try reader.read(ProtoInt64.self, tag)
            case 5: idempotent = try reader.read(ProtoBool.self, tag)
            case 6: try reader.mergeMessage(tag, into: &metadata)
            case 7: requestType = try reader.read(ProtoString.self, tag)
            case 8: responseType = try reader.read(ProtoString.self, tag)
            case 9: payloadRange = try reader.readRange(tag, in: buffer)
            case 10: _ = try reader.read(ProtoInt64.self, tag)
            default: try reader.skipPayload(tag)
            }
        }
    }
}
