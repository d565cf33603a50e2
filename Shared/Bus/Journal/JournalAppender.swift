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
    /// When the oldest record of the last batch handed over was encoded (the batch may still be untaken).
    private var handedOldestAt: ContinuousClock.Instant?
    /// When the oldest record still in the outbox was encoded.
    private var outboxOldestAt: ContinuousClock.Instant?
    /// Records dropped since the loss was last logged (at most once a second).
    private var dropped = 0
    private var lossLoggedAt: ContinuousClock.Instant?

    init(journal: Journal) {
        self.journal = journal
    }

    /// Bytes encoded and not yet handed to the journal thread.
    var waitingBytes: Int { outbox.byteCount }

    /// When the broker should look again even if idle: soon while records wait for a hand-over, by the lift
    /// deadline while the journal thread has not taken the last batch; nil when nothing waits.
    func millisecondsToNextLook(now: ContinuousClock.Instant = .now) -> Int? {
        let soonest = Int(journal.tuning.collectIntervalMilliseconds)
        if !outbox.isEmpty { return soonest }
        guard let handedOldestAt, !journal.lastHandOverTaken else { return nil }
        // Past the deadline (the thread lifted, the disk slow) it looks at the pace the thread does.
        return max(soonest, Int(((handedOldestAt + journal.tuning.liftAfter) - now) / .milliseconds(1)) + 1)
    }

    /// Redacts and encodes the record; it reaches the journal thread at a later `publish`.
    func append(_ entry: JournalEntry) {
        // What the journal thread holds counts too: the cap bounds all unwritten bytes.
        guard outbox.byteCount + journal.bytesBeingWritten < journal.tuning.capacityBytes else {
            dropped += 1
            return
        }
        if outbox.isEmpty { outboxOldestAt = .now }
        outbox.append(JournalRecordBuilder.record(for: entry, redactor: journal.redactor))
    }

    /// Hands what was encoded to the journal thread if it is ready for it; otherwise keeps it and, once the
    /// thread is behind by bytes or by time, lifts its priority so it catches up. Logs losses, at most once a second.
    func publish(now: ContinuousClock.Instant = .now) {
        reportLosses(now: now)
        if !outbox.isEmpty, journal.tryHandOver(&outbox) {
            handedOldestAt = outboxOldestAt
            outboxOldestAt = nil
            // A burst's buffers keep their size; the broker frees an oversized one itself (the journal thread
            // must not call into the allocator for memory of the broker's).
            if outbox.reservedBytes > Self.keptBufferBytes { outbox = JournalBuffer() }
            return
        }
        journal.noteWaiting(bytes: outbox.byteCount)
        // Behind by bytes, or a record unwritten for too long, untaken in the slot or held here because the slot
        // was (under light traffic on a busy machine the bytes alone would leave records unwritten for long).
        let limit = journal.tuning.liftAfter
        let untakenTooLong = handedOldestAt.map { now - $0 >= limit && !journal.lastHandOverTaken } ?? false
        let heldTooLong = outboxOldestAt.map { now - $0 >= limit } ?? false
        if outbox.byteCount > journal.tuning.liftBacklogBytes || untakenTooLong || heldTooLong {
            journal.liftIfLowered()
        }
    }

    /// Hands everything over and closes the journal; the broker's loop has ended.
    func close() {
        journal.close(remaining: outbox)
        outbox.removeAll()
        if dropped > 0 { logLoss() }
    }

    private static let keptBufferBytes = 8 * 1024 * 1024

    private func reportLosses(now: ContinuousClock.Instant) {
        if let failed = journal.takeWriteFailures() { journal.log(failed) }
        guard dropped > 0, lossLoggedAt.map({ now - $0 >= .seconds(1) }) ?? true else { return }
        logLoss()
        lossLoggedAt = now
    }

    private func logLoss() {
        journal.logger.error("journal backlog full; records lost", ["count": String(dropped)])
        dropped = 0
    }
}
