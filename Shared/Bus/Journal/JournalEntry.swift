import Foundation

/// What the broker saw of one message, as the journal is handed it; `JournalRecordBuilder` turns it into the
/// record written to disk (on the broker's thread, which owns the `PendingRequest`).
struct JournalEntry {
    enum Body {
        /// The payload's place in the request's envelope bytes, its type, and the timeout the caller gave.
        case request(payloadRange: Range<Int>, payloadType: String, timeoutMs: Int64)
        case reply(Veles_Bus_V1_Reply)
        case replyBytes([UInt8])
        case event(Veles_Bus_V1_Event)
    }

    let atMs: Int64
    let body: Body
    let request: PendingRequest?
    let durationUs: Int64
    let topic: String

    private static var nowMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    static func request(_ request: PendingRequest, route: EnvelopeRoute) -> JournalEntry {
        JournalEntry(atMs: nowMs, body: .request(payloadRange: route.payloadRange, payloadType: route.requestType, timeoutMs: route.timeoutMs),
                     request: request, durationUs: 0, topic: "")
    }

    static func reply(_ request: PendingRequest, reply: Veles_Bus_V1_Reply, now: ContinuousClock.Instant) -> JournalEntry {
        JournalEntry(atMs: nowMs, body: .reply(reply), request: request,
                     durationUs: (now - request.receivedAt).wholeMicroseconds, topic: "")
    }

    static func reply(_ request: PendingRequest, replyBytes: [UInt8], now: ContinuousClock.Instant) -> JournalEntry {
        JournalEntry(atMs: nowMs, body: .replyBytes(replyBytes), request: request,
                     durationUs: (now - request.receivedAt).wholeMicroseconds, topic: "")
    }

    static func event(_ event: Veles_Bus_V1_Event, topic: String) -> JournalEntry {
        JournalEntry(atMs: nowMs, body: .event(event), request: nil, durationUs: 0, topic: topic)
    }
}
