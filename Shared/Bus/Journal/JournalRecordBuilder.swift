/// Turns what the broker saw into the record written to disk.
enum JournalRecordBuilder {
    static func record(for entry: JournalEntry, redactor: PayloadRedactor) -> Veles_Bus_V1_JournalRecord {
        var record = Veles_Bus_V1_JournalRecord()
        record.atMs = entry.atMs
        if let request = entry.request {
            record.service = request.service
            record.method = request.method
            record.requestId = request.requestId
            record.workspaceId = request.workspaceId
            record.caller = request.caller
            record.traceId = request.traceId
            record.idempotent = request.idempotent
            record.attempt = request.attempt
        }
        switch entry.body {
        case .request(let envelope):
            record.direction = .request
            record.timeoutMs = envelope.timeoutMs
            setPayload(&record, envelope.payload, type: envelope.requestType, redactor: redactor)
        case .reply(let reply):
            fillReply(&record, reply, entry: entry, redactor: redactor)
        case .replyBytes(let bytes):
            if let reply = try? Veles_Bus_V1_Reply(serializedBytes: bytes) {
                fillReply(&record, reply, entry: entry, redactor: redactor)
            } else {
                record.direction = .reply
                record.status = .internal
                record.statusMessage = "the worker's reply could not be decoded"
                record.payloadOmitted = true
            }
        case .event(let event):
            record.direction = .event
            record.topic = entry.topic
            record.requestId = event.eventId
            record.workspaceId = event.workspaceId
            record.caller = event.publisher
            setPayload(&record, event.payload, type: event.payloadType, redactor: redactor)
        }
        return record
    }

    private static func fillReply(_ record: inout Veles_Bus_V1_JournalRecord, _ reply: Veles_Bus_V1_Reply, entry: JournalEntry,
                                  redactor: PayloadRedactor) {
        record.direction = .reply
        record.status = reply.code
        record.statusMessage = reply.message
        record.durationUs = entry.durationUs
        if reply.code == .ok {
            setPayload(&record, reply.payload, type: entry.request?.responseType ?? "", redactor: redactor)
        }
    }

    private static func setPayload(_ record: inout Veles_Bus_V1_JournalRecord, _ payload: [UInt8], type: String,
                                   redactor: PayloadRedactor) {
        record.payloadType = type
        guard !payload.isEmpty else { return }
        if let safe = redactor.redact(payload, typeName: type) {
            record.payload = safe
        } else {
            record.payloadOmitted = true
        }
    }
}
