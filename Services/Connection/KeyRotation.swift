/// One key replacement: when, and the last four characters of the old and new key (never more of either).
struct KeyRotation: Sendable, Hashable {
    var rotatedAtMs: Int64
    var previousKeyLast4: String
    var newKeyLast4: String
}
