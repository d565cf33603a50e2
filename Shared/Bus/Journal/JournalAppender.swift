import Support

/// The broker's side of the journal, confined to the broker's thread: redacts and encodes each record into a
/// buffer of its own while the message is still in the cache, and hands the buffer to the journal thread once a
/// round (`publish`).
///
/// Encoding here copies each payload once and allocates nothing that outlives the call. An earlier design queued
/// the messages themselves and encoded them on the journal thread: that copied each payload four times from
/// memory gone cold, and the batches of messages held for it made the broker thread's heap grow and shrink.
final class JournalAppender {
    let journal: Journal
    private var outbox = JournalBuffer()
    /// Records dropped since the loss was last logged (at most once a second).
    private var dropped = 0
    private var lossLoggedAt: ContinuousClock.Instant?

    init(journal: Journal) {
        self.journal = journal
    }

    /// Bytes encoded and not yet handed to the journal thread.
    var waitingBytes: Int { outbox.byteCount }

    /// Redacts and encodes the record; it reaches the journal thread at the next `publish`.
    func append(_ entry: JournalEntry) {
        guard outbox.byteCount < journal.tuning.capacityBytes else {
            dropped += 1
            return
        }
        outbox.append(JournalRecordBuilder.record(for: entry, redactor: journal.redactor))
    }

    /// Hands what was encoded to the journal thread if it is ready for it; otherwise keeps it for the next round
    /// and, past the backlog limit, lifts the thread's priority so it catches up.
    func publish() {
        if dropped > 0, lossLoggedAt.map({ $0.duration(to: .now) >= .seconds(1) }) ?? true {
            journal.logger.error("journal backlog full; records lost", ["count": String(dropped)])
            dropped = 0
            lossLoggedAt = .now
        }
        guard !outbox.isEmpty else { return }
        if journal.tryHandOver(&outbox) { return }
        journal.noteWaiting(bytes: outbox.byteCount)
        if outbox.byteCount > journal.tuning.liftBacklogBytes { journal.liftIfLowered() }
    }

    /// Hands everything over and closes the journal; the broker's loop has ended.
    func close() {
        journal.close(remaining: outbox)
        outbox.removeAll()
    }
}
