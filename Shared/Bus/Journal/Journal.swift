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
/// tries again shortly), only this thread touches the files, and it never logs (its failures are counted for the
/// broker to log; a log line written while starved would hold the log file's lock). When the broker finds the
/// thread behind, by bytes or by time, it lifts the thread to normal priority until it has caught up.
final class Journal: Sendable {
    private struct HandOff {
        /// The batch handed over and not yet taken; the journal thread leaves an emptied buffer here for reuse.
        var records = JournalBuffer()
        var stopping = false
    }

    /// What went wrong writing since the broker last asked.
    struct WriteFailures {
        var count = 0
        var bytes = 0
        var lastError = ""
    }

    struct Tuning: Sendable {
        /// How often the thread looks for a batch, and how soon the broker retries a hand-over that failed.
        var collectIntervalMilliseconds: Int32 = 5
        /// Bytes waiting in the broker at which it lifts the thread to normal priority.
        var liftBacklogBytes = 8 * 1024 * 1024
        /// How long the slot may stay untaken before the broker lifts the thread: under light traffic on a busy
        /// machine the bytes alone would leave records unwritten for long.
        var liftAfter: Duration = .milliseconds(250)
        /// A batch at most this large, with as little waiting in the broker, shows the lifted thread has caught up.
        var caughtUpBytes = 1024 * 1024
        /// Unwritten bytes (in the broker, the slot and the batch being written) beyond which new records are
        /// dropped and counted in the log, rather than letting a stuck disk grow the broker without bound.
        var capacityBytes = 64 * 1024 * 1024
        /// Whether the thread takes idle priority at all; nil lets it find out on its own thread whether the
        /// process may lift it again (`JournalThreadPriority.canLeaveIdle`), and take it only then.
        var idlePriority: Bool?
    }

    let tuning: Tuning
    let redactor: PayloadRedactor
    let logger: Logger
    private let handOff = Mutex(HandOff())
    private let failures = Mutex(WriteFailures())
    /// Whether `failures` holds any, so the broker's every round need not take its lock.
    private let hasFailures = Atomic<Bool>(false)
    private let wake: WakePipe
    private let finished: WakePipe
    /// The journal thread's kernel id once it runs (0 before).
    private let threadId = Atomic<Int32>(0)
    /// Whether the thread takes idle priority, decided on the thread itself when it starts.
    private let usesIdlePriority = Atomic<Bool>(false)
    /// Set while the broker wants the thread at normal priority because it fell behind.
    private let lifted = Atomic<Bool>(false)
    /// Set by `close()`: from then on the thread stays at normal priority.
    private let closing = Atomic<Bool>(false)
    /// What the broker kept back at its last look, so a lifted thread does not lower itself while more waits.
    private let waitingInBroker = Atomic<Int>(0)
    /// Bytes handed over and not yet written.
    private let unwrittenBytes = Atomic<Int>(0)
    /// Cleared by a hand-over, set when the thread takes the batch.
    private let slotTaken = Atomic<Bool>(true)
    /// Set while the thread, having found nothing for a while, sleeps until woken (or for a second).
    private let dozing = Atomic<Bool>(false)

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
        DedicatedThread.start(name: "veles.journal") { [self] in
            let id = JournalThreadPriority.currentThreadId()
            // Found out here, where waiting for the trial costs no one anything (records wait in the slot).
            let idle = tuning.idlePriority ?? JournalThreadPriority.canLeaveIdle
            // Logged while still at normal priority: a starved thread must never hold the log's lock.
            logger.info("journal on", ["directory": configuration.directory, "idle_priority": String(idle)])
            usesIdlePriority.store(idle, ordering: .sequentiallyConsistent)
            // Published before lowering: a lift or a close from now on reaches this thread, and one that came
            // earlier is seen by `lowerUnlessWanted`.
            threadId.store(id, ordering: .sequentiallyConsistent)
            if idle { lowerUnlessWanted(id) }
            loop(writer: unsharedWriter, threadId: id)
            finished.signal()
        }
    }

    /// Hands `records` over when the slot is free and not locked, leaving an emptied buffer in their place; false
    /// when the caller must keep them and try again later. Never waits.
    func tryHandOver(_ records: inout JournalBuffer) -> Bool {
        let bytes = records.byteCount
        let handed = handOff.withLockIfAvailable { slot -> Bool in
            guard slot.records.isEmpty else { return false }
            swap(&slot.records, &records)
            // Inside the lock, as the thread's taking is: the two cannot then overwrite each other's word.
            slotTaken.store(false, ordering: .sequentiallyConsistent)
            return true
        } ?? false
        if handed {
            unwrittenBytes.add(bytes, ordering: .relaxed)
            // A dozing thread is woken; a busy one finds the batch at its next look without a system call here.
            if dozing.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
            waitingInBroker.store(0, ordering: .relaxed)
        }
        return handed
    }

    /// Records how much the broker holds back because the slot was busy.
    func noteWaiting(bytes: Int) {
        waitingInBroker.store(bytes, ordering: .relaxed)
    }

    /// Bytes handed over and not yet written.
    var bytesBeingWritten: Int { unwrittenBytes.load(ordering: .relaxed) }

    /// Whether the thread has taken the last batch handed over.
    var lastHandOverTaken: Bool { slotTaken.load(ordering: .relaxed) }

    /// Lifts the journal thread to normal priority, once per fall behind. Never waits on the thread.
    func liftIfLowered() {
        guard !lifted.exchange(true, ordering: .sequentiallyConsistent) else { return }
        // A thread not yet running sees `lifted` when it lowers itself.
        let id = threadId.load(ordering: .sequentiallyConsistent)
        guard id != 0, usesIdlePriority.load(ordering: .sequentiallyConsistent) else { return }
        if !JournalThreadPriority.set(JournalThreadPriority.normalPolicy, thread: id) {
            logger.warning("could not lift the journal thread's priority", ["error": String(cString: strerror(errno))])
        }
    }

    /// The write failures since the last call, without waiting: nil when there were none or the thread holds them.
    func takeWriteFailures() -> WriteFailures? {
        guard hasFailures.load(ordering: .acquiring) else { return nil }
        return failures.withLockIfAvailable { failures -> WriteFailures? in
            hasFailures.store(false, ordering: .relaxed)
            guard failures.count > 0 else { return nil }
            defer { failures = WriteFailures() }
            return failures
        } ?? nil
    }

    /// Writes `remaining` after whatever is queued, closes the file and waits for the thread to end (5 s at most:
    /// a stuck disk must not hold up the broker's exit). The thread is lifted first and stays lifted, so waiting
    /// for it here is bounded by the disk, not by other load.
    func close(remaining: JournalBuffer) {
        closing.store(true, ordering: .sequentiallyConsistent)
        let id = threadId.load(ordering: .sequentiallyConsistent)
        if id != 0, usesIdlePriority.load(ordering: .sequentiallyConsistent) {
            JournalThreadPriority.set(JournalThreadPriority.normalPolicy, thread: id)
        }
        unwrittenBytes.add(remaining.byteCount, ordering: .relaxed)
        handOff.withLock { slot in
            slot.records.append(contentsOf: remaining)
            slot.stopping = true
        }
        wake.signal()
        var descriptor = pollfd(fd: finished.fileDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 5000) <= 0 {
            logger.error("journal thread did not finish writing within 5 s; its last records may be lost")
        }
        takeWriteFailures().map(log)
    }

    /// Logs write failures the broker collected.
    func log(_ failed: WriteFailures) {
        logger.error("journal write failed; records lost", ["count": String(failed.count), "bytes": String(failed.bytes),
                                                           "error": failed.lastError])
    }

    /// Whether the thread dozes (sleeps until a hand-over wakes it), for tests.
    var isDozing: Bool { dozing.load(ordering: .relaxed) }

    /// The journal thread's kernel id (0 before it runs), for tests.
    var kernelThreadId: Int32 { threadId.load(ordering: .acquiring) }

    /// The journal thread's policy (`JournalThreadPriority`), for tests; -1 before it runs.
    var threadPolicy: Int32 { JournalThreadPriority.policy(of: threadId.load(ordering: .acquiring)) }

    /// Runs `body` while holding the hand-over slot, as a journal thread stalled inside it would; for tests.
    func withHandOffHeld(_ body: () -> Void) {
        handOff.withLock { _ in body() }
    }

    /// Goes to idle priority, and straight back if the broker lifted it or the journal began closing meanwhile
    /// (each of those sets its flag before looking at the thread, and this looks at the flags after lowering).
    private func lowerUnlessWanted(_ id: Int32) {
        JournalThreadPriority.set(JournalThreadPriority.idlePolicy, thread: id)
        if lifted.load(ordering: .sequentiallyConsistent) || closing.load(ordering: .sequentiallyConsistent) {
            JournalThreadPriority.set(JournalThreadPriority.normalPolicy, thread: id)
        }
    }

    private func loop(writer: JournalFileWriter, threadId id: Int32) {
        var descriptor = pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0)
        var batch = JournalBuffer()
        var stopping = false
        var lastRecordsAt = ContinuousClock.now
        let idle = usesIdlePriority.load(ordering: .relaxed)
        while !stopping {
            var timeout = tuning.collectIntervalMilliseconds
            // An idle broker should not have this thread up 200 times a second: after 100 ms without records it
            // dozes until the next hand-over wakes it. A hand-over that came before it said so is seen here.
            if ContinuousClock.now - lastRecordsAt >= .milliseconds(100) {
                dozing.store(true, ordering: .sequentiallyConsistent)
                if slotTaken.load(ordering: .sequentiallyConsistent) { timeout = 1000 }
            }
            _ = poll(&descriptor, 1, timeout)
            dozing.store(false, ordering: .relaxed)
            wake.clear()
            handOff.withLock { slot in
                swap(&batch, &slot.records)
                stopping = slot.stopping
                slotTaken.store(true, ordering: .sequentiallyConsistent)
            }
            let batchBytes = batch.byteCount
            if !batch.isEmpty { lastRecordsAt = .now }
            batch.forEachSlice(maxBytes: Self.writeSliceBytes) { slice in
                do {
                    try writer.write(slice)
                } catch {
                    failures.withLock { failures in
                        failures.count += 1
                        failures.bytes += slice.count
                        failures.lastError = "\(error)"
                    }
                    hasFailures.store(true, ordering: .releasing)
                }
            }
            batch.removeAll()
            unwrittenBytes.subtract(batchBytes, ordering: .relaxed)
            let caughtUp = batchBytes <= tuning.caughtUpBytes && waitingInBroker.load(ordering: .relaxed) <= tuning.caughtUpBytes
            if idle, !stopping, caughtUp, lifted.exchange(false, ordering: .sequentiallyConsistent) {
                lowerUnlessWanted(id)
            }
        }
        writer.close()
    }

    /// Writing in slices of whole records keeps files near their size limit, and a small slice keeps each call
    /// short: the kernel does not preempt a thread in the middle of one, so a call woken on this CPU would wait
    /// out the rest of a long copy (64 KiB did better than 256 KiB and 32 KiB in alternated runs, by a few percent).
    private static let writeSliceBytes = 64 * 1024
}
