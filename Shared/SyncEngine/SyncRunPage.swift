/// One page of a workspace's sync runs, newest first, with the cursor of the page after it.
public struct SyncRunPage: Sendable {
    public let runs: [SyncRun]
    /// Empty on the last page.
    public let nextCursor: String

    /// A cursor that no page of this list gave out.
    public struct InvalidCursor: Error, Sendable, CustomStringConvertible {
        public let cursor: String
        public var description: String { "cursor '\(cursor.prefix(64))' was not given out by this list" }
    }

    /// Where a page ends in the list's order (start time, then run id, both descending).
    struct Place {
        let startedAtMs: Int64
        let runId: String

        init(run: SyncRun) {
            startedAtMs = run.startedAtMs
            runId = run.runId
        }

        /// Reads `<start time in ms>.<run id>`; nil for anything else.
        init?(cursor: String) {
            guard let dot = cursor.firstIndex(of: "."), let startedAtMs = Int64(cursor[..<dot]) else { return nil }
            let runId = String(cursor[cursor.index(after: dot)...])
            guard !runId.isEmpty, runId.count <= 128 else { return nil }
            self.startedAtMs = startedAtMs
            self.runId = runId
        }

        var cursor: String { "\(startedAtMs).\(runId)" }
    }
}
