import Bus
import Foundation

/// Renders journal records as one JSON object per line, payloads decoded and secrets redacted.
struct JournalFormatting {
    let codec: MessageCodec

    func line(for record: Veles_Bus_V1_JournalRecord) -> String {
        var object: [String: Any] = [
            "at": Self.timestamp(record.atMs),
            "direction": Self.direction(record.direction),
            "request_id": record.requestId,
        ]
        if !record.service.isEmpty { object["service"] = record.service }
        if !record.method.isEmpty { object["method"] = record.method }
        if !record.workspaceId.isEmpty { object["workspace_id"] = record.workspaceId }
        if !record.caller.isEmpty { object["caller"] = record.caller }
        if !record.traceId.isEmpty { object["trace_id"] = record.traceId }
        if !record.topic.isEmpty { object["topic"] = record.topic }
        if record.direction == .reply {
            object["status"] = record.status.statusName
            object["duration_us"] = record.durationUs
            if !record.statusMessage.isEmpty { object["status_message"] = record.statusMessage }
        }
        if record.payloadOmitted {
            object["payload_omitted"] = true
        } else if !record.payloadType.isEmpty {
            object["payload_type"] = record.payloadType
            object["payload"] = payloadObject(record) ?? NSNull()
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The payload as a JSON value, or nil when its type is unknown here.
    func payloadObject(_ record: Veles_Bus_V1_JournalRecord) -> Any? {
        guard let json = try? codec.json(record.payload, as: record.payloadType) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    }

    static func direction(_ direction: Veles_Bus_V1_JournalDirection) -> String {
        switch direction {
        case .request: "request"
        case .reply: "reply"
        case .event: "event"
        default: "unknown"
        }
    }

    static func timestamp(_ ms: Int64) -> String {
        Date(timeIntervalSince1970: Double(ms) / 1000).formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
    }
}
