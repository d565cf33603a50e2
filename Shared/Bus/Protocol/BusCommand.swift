/// The second frame of every bus message: what the message is.
///
/// Client commands travel between clients and the broker's frontend, worker commands between workers and its backend.
/// Numbers are part of the wire protocol: never renumber one.
public enum BusCommand: UInt8, Sendable {
    // Frontend (client ↔ broker).
    case request = 0x01
    case reply = 0x02
    case heartbeat = 0x03
    case publish = 0x04
    case subscribe = 0x05
    case unsubscribe = 0x06
    case event = 0x07
    // Several requests or replies in one frame (`BatchFrame`).
    case requestBatch = 0x08
    case replyBatch = 0x09
    // Backend (worker ↔ broker).
    case ready = 0x11
    case workerRequest = 0x12
    case workerReply = 0x13
    case workerHeartbeat = 0x14
    case drain = 0x15
    case drainAcknowledged = 0x16
    case disconnect = 0x17
    case workerRequestBatch = 0x18
    case workerReplyBatch = 0x19
    // Either side: a protocol-level refusal (bad version, malformed frames), with a human-readable reason.
    case error = 0x7F

    /// Whether the message packs the bodies of several others (`BatchFrame`).
    public var isBatch: Bool {
        self == .requestBatch || self == .replyBatch || self == .workerRequestBatch || self == .workerReplyBatch
    }
}
