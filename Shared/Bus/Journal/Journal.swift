import Glibc
import Support
import Synchronization

/// The journal's file side: a thread of its own that takes batches of encoded records handed over by the broker
/// (`JournalAppender`) and writes them, so routing never waits on the disk. Secret fields are blanked before
/// anything reaches it.
///
/// The thread runs at idle priority where the process may lift it again (`JournalThreadPriority`). At normal
/// priority, waking every few milliseconds to write a batch, it preempted the broker, a worker or a client in the
/// middle of a call, and every call in flight waited for it: a fifth of the throughput at 4 KiB payloads.
///
/// An idle-priority thread may be starved for seconds while it holds something, so the broker never waits on
/// anything this thread can hold: the hand-over slot is taken with a try-lock (the broker keeps its records and
/// tries again next round), and only this thread touches the file. When the broker sees more than
/// `liftBacklogBytes` waiting it lifts the thread to normal priority until it has caught up.
final class Journal: Sendable {
    private struct HandOff {
        /// The batch handed over and not yet taken; the journal thread leaves an emptied buffer here for reuse.
        var records = JournalBuffer()
        var stopping = false
    }

    struct Tuning: Sendable {
        /// How often the thread looks for a batch.
        var collectIntervalMilliseconds: Int32 = 5
        /// Waiting bytes at which the broker lifts the thread to normal priority.
        var liftBacklogBytes = 8 * 1024 * 1024
        /// A batch at most this large shows the lifted thread has caught up, and it returns to idle priority.
        var caughtUpBytes = 1024 * 1024
        /// Bytes waiting beyond this are dropped (and counted in the log) rather than letting a stuck disk grow
        /// the broker without bound.
        var capacityBytes = 64 * 1024 * 1024
        /// Whether the thread takes idle priority at all (when the process may lift it again).
        var idlePriority = JournalThreadPriority.canLeaveIdle
    }

    let tuning: Tuning
    let redactor: PayloadRedactor
    let logger: Logger
    private let handOff = Mutex(HandOff())
    private let wake: WakePipe
    private let finished: WakePipe
    /// The journal thread once it runs (0 before), for lifting its priority.
    private let thread = Atomic<UInt>(0)
    /// Set when the broker lifted the thread, cleared when the thread lowers itself again.
    private let lifted = Atomic<Bool>(false)
    /// What the broker kept back at its last look, so a lifted thread does not lower itself while more waits.
    private let waitingInBroker = Atomic<Int>(0)

    init(configuration: JournalConfiguration, logger: Logger, tuning: Tuning = Tuning()) throws {
        let wake = try WakePipe()
        let finished = try WakePipe()
        self.wake = wake
        self.finished = finished
        self.tuning = tuning
        self.logger = logger
        redactor = PayloadRedactor(registry: configuration.registry)
        let writer = try JournalFileWriter(configuration: configuration)
        nonisolated(unsafe) let unsharedWriter = writer
        logger.info("journal on", ["directory": configuration.directory, "idle_priority": String(tuning.idlePriority)])
        DedicatedThread.start(name: "veles.journal") { [self] in
            let id = pthread_self()
            if tuning.idlePriority { JournalThreadPriority.set(JournalThreadPriority.idlePolicy, thread: id) }
            thread.store(id, ordering: .releasing)
            loop(writer: unsharedWriter)
            finished.signal()
        }
    }

    /// Hands `records` over when the slot is free and not locked, leaving an emptied buffer in their place; false
    /// when the caller must keep them and try again later. Never waits.
    func tryHandOver(_ records: inout JournalBuffer) -> Bool {
        let handed = handOff.withLockIfAvailable { slot -> Bool in
            guard slot.records.isEmpty else { return false }
            swap(&slot.records, &records)
            return true
        } ?? false
        if handed { waitingInBroker.store(0, ordering: .relaxed) }
        return handed
    }

    /// Records how much the broker holds back because the slot was busy.
    func noteWaiting(bytes: Int) {
        waitingInBroker.store(bytes, ordering: .relaxed)
    }

    /// Lifts the journal thread to normal priority, once per fall behind; what is waiting is past the limit.
    func liftIfLowered() {
        guard tuning.idlePriority, !lifted.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let id = thread.load(ordering: .acquiring)
        guard id != 0 else { return }
        if !JournalThreadPriority.set(JournalThreadPriority.normalPolicy, thread: id) {
            logger.warning("could not lift the journal thread's priority", ["error": String(cString: strerror(errno))])
        }
    }

    /// Writes `remaining` after whatever is queued, closes the file and waits for the thread to end (5 s at most:
    /// a stuck disk must not hold up the broker's exit). Waiting is allowed here: the thread is lifted first.
    func close(remaining: JournalBuffer) {
        lifted.store(false, ordering: .releasing)
        liftIfLowered()
        handOff.withLock { slot in
            slot.records.append(contentsOf: remaining)
            slot.stopping = true
        }
        wake.signal()
        var descriptor = pollfd(fd: finished.fileDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, 5000)
    }

    /// The journal thread's policy (`JournalThreadPriority`), for tests; -1 before it runs.
    var threadPolicy: Int32 {
        let id = thread.load(ordering: .acquiring)
        return id == 0 ? -1 : JournalThreadPriority.policy(of: id)
    }

    /// Runs `body` while holding the hand-over slot, as a journal thread stalled inside it would; for tests.
    func withHandOffHeld(_ body: () -> Void) {
        handOff.withLock { _ in body() }
    }

    private func loop(writer: JournalFileWriter) {
        var descriptor = pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0)
        var batch = JournalBuffer()
        var stopping = false
        while !stopping {
            _ = poll(&descriptor, 1, tuning.collectIntervalMilliseconds)
            wake.clear()
            handOff.withLock { slot in
                swap(&batch, &slot.records)
                stopping = slot.stopping
            }
            let batchBytes = batch.byteCount
            batch.forEachSlice(maxBytes: Self.writeSliceBytes) { slice in
                do {
                    try writer.write(slice)
                } catch {
                    logger.error("journal write failed; records lost", ["error": "\(error)", "bytes": String(slice.count)])
                }
            }
            batch.removeAll()
            let caughtUp = batchBytes <= tuning.caughtUpBytes && waitingInBroker.load(ordering: .relaxed) <= tuning.caughtUpBytes
            if caughtUp, lifted.exchange(false, ordering: .acquiringAndReleasing) {
                JournalThreadPriority.set(JournalThreadPriority.idlePolicy, thread: pthread_self())
            }
        }
        writer.close()
    }

    /// Writing in slices of whole records keeps files near their size limit.
    private static let writeSliceBytes = 256 * 1024
}
