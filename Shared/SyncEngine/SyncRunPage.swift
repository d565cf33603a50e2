/// One page of a workspace's sync runs, newest first, with the cursor of the page after it.
public struct SyncRunPage: Sendable {
    public let runs: [SyncRun]
    /// Empty on the last page.
    public let nextCursor: String

    /// A cursor that is not of the form this list gives out.
    public struct InvalidCursor: Error, Sendable, CustomStringConvertible {
        public let cursor: String
        public var description: String { "cursor '\(cursor.prefix(64))' is not one this list gives out" }
    }

    /// Where a page ends in the list's order: start time, then the order runs were recorded in, both descending.
    struct Place {
        let startedAtMs: Int64
        let sequence: Int64

        /// Ahead of every run: the first page starts after it.
        static let beforeEverything = Place(startedAtMs: .max, sequence: .max)

        init(startedAtMs: Int64, sequence: Int64) {
            self.startedAtMs = startedAtMs
            self.sequence = sequence
        }

        /// Reads `<start time in ms>.<sequence>`; nil for anything else.
        init?(cursor: String) {
            let parts = cursor.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let startedAtMs = Int64(parts[0]), let sequence = Int64(parts[1]), sequence > 0 else { return nil }
            self.startedAtMs = startedAtMs
            self.sequence = sequence
        }

        var cursor: String { "\(startedAtMs).\(sequence)" }
    }
}
