import Bus

/// How a replay marks the requests it sends, so that a later replay tells them from the system's own traffic.
///
/// The mark is the trace id rather than the caller name: the calls a worker makes while serving a replayed request
/// inherit its trace but carry the worker's own caller name, and they are the replay's doing too. Each replayed
/// request's trace is named after the recorded request it repeats, so `bus tail` links the two.
enum ReplayMark {
    static let tracePrefix = "velesctl-replay-"

    /// The trace id a replay of `request` is sent with.
    static func traceId(replaying request: Veles_Bus_V1_JournalRecord) -> String {
        tracePrefix + request.requestId
    }

    /// True for a request a replay sent, or one a worker sent while serving it. Generated trace ids are hex, so
    /// no other request starts with the prefix.
    static func isReplay(_ record: Veles_Bus_V1_JournalRecord) -> Bool {
        record.traceId.hasPrefix(tracePrefix)
    }
}
