import ProtoRuntime

/// A journal record and the bytes of its payload, kept apart so the payload is copied once, straight from the
/// message the broker received into the journal's buffer.
struct JournalRecordParts {
    /// Everything but the payload bytes (`payload` stays empty here).
    var record = Veles_Bus_V1_JournalRecord()
    var payload: [UInt8] = []
    var payloadRange: Range<Int> = 0..<0
}

/// Turns what the broker saw into the record written to disk.
enum JournalRecordBuilder {
    static func record(for entry: JournalEntry, redactor: PayloadRedactor) -> JournalRecordParts {
        var parts = JournalRecordParts()
        parts.record.atMs = entry.atMs
        if let request = entry.request {
            parts.record.service = request.service
            parts.record.method = request.method
            parts.record.requestId = request.requestId
            parts.record.workspaceId = request.workspaceId
            parts.record.caller = request.caller
            parts.record.traceId = request.traceId
            parts.record.idempotent = request.idempotent
            parts.record.attempt = request.attempt
        }
        switch entry.body {
        case .request(let payloadRange, let payloadType, let timeoutMs):
            parts.record.direction = .request
            parts.record.timeoutMs = timeoutMs
            setPayload(&parts, entry.request?.envelope ?? [], payloadRange, type: payloadType, redactor: redactor)
        case .reply(let reply):
            fillReply(&parts, code: reply.code, message: reply.message, payload: reply.payload, reply.payload.indices,
                      entry: entry, redactor: redactor)
        case .replyBytes(let bytes):
            if let reply = try? ReplyFields(bytes) {
                fillReply(&parts, code: reply.code, message: reply.message, payload: bytes, reply.payloadRange,
                          entry: entry, redactor: redactor)
            } else {
                parts.record.direction = .reply
                parts.record.status = .internal
                parts.record.statusMessage = "the worker's reply could not be decoded"
                parts.record.payloadOmitted = true
            }
        case .event(let event):
            parts.record.direction = .event
            parts.record.topic = entry.topic
            parts.record.requestId = event.eventId
            parts.record.workspaceId = event.workspaceId
            parts.record.caller = event.publisher
            setPayload(&parts, event.payload, event.payload.indices, type: event.payloadType, redactor: redactor)
        }
        return parts
    }

    private static func fillReply(_ parts: inout JournalRecordParts, code: Veles_Bus_V1_StatusCode, message: String,
                                  payload: [UInt8], _ range: Range<Int>, entry: JournalEntry, redactor: PayloadRedactor) {
        parts.record.direction = .reply
        parts.record.status = code
        parts.record.statusMessage = message
        parts.record.durationUs = entry.durationUs
        if code == .ok {
            setPayload(&parts, payload, range, type: entry.request?.responseType ?? "", redactor: redactor)
        }
    }

    private static func setPayload(_ parts: inout JournalRecordParts, _ payload: [UInt8], _ range: Range<Int>, type: String,
                                   redactor: PayloadRedactor) {
        parts.record.payloadType = type
        guard !range.isEmpty else { return }
        if let safe = redactor.safePayload(payload, range, typeName: type) {
            (parts.payload, parts.payloadRange) = safe
        } else {
            parts.record.payloadOmitted = true
        }
    }
}

/// What the journal needs of an encoded `Reply`, read without copying its payload out.
struct ReplyFields {
    var code = Veles_Bus_V1_StatusCode.ok
    var message = ""
    /// Where the payload lies in the bytes read.
    var payloadRange: Range<Int> = 0..<0

    /// Reads the fields of `Reply` (request_id 1, code 2, message 3, payload 4); a test holds this to the generated
    /// decoder.
    init(_ bytes: [UInt8]) throws {
        try ProtoReader.forEachField(in: bytes) { reader, tag, buffer in
            switch tag.fieldNumber {
            case 2: code = try reader.read(ProtoEnumCodec<Veles_Bus_V1_StatusCode>.self, tag)
            case 3: message = try reader.read(ProtoString.self, tag)
            case 4: payloadRange = try reader.readRange(tag, in: buffer)
            default: try reader.skipPayload(tag)
            }
        }
    }
}
