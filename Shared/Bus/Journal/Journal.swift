import Glibc
import ProtoRuntime
import Support
import Synchronization

/// The broker's record of every request, reply and event, written on a thread of its own so routing never waits
/// on the disk. Secret fields are blanked before anything is written.
///
/// The broker encodes each record straight into a shared buffer while the message is still in its cache (one
/// copy of the payload, no allocation that outlives the call); the journal thread swaps that buffer for an empty
/// one every `collectInterval` and writes it. An earlier design queued the messages themselves and encoded them
/// on the journal thread: that copied each payload four times from memory gone cold, and the batches of messages
/// held for it made the broker thread's heap grow and shrink, with page faults on every batch.
///
/// The journal thread runs at idle priority. At normal priority, waking every few milliseconds to write a
/// batch, it preempted the broker, a worker or a client in the middle of a call, and every call in flight
/// waited for it: a fifth of the throughput at 4 KiB payloads. When the machine has no idle time left, the thread
/// falls behind, and while more than `backlogLimitBytes` wait the broker's thread writes a slice of them with each
/// record it adds, so nothing is lost to a busy CPU (a stuck disk still is, past `capacityBytes`).
final class Journal: Sendable {
    private struct Pending {
        var records = JournalBuffer()
        var dropped = 0
        var stopping = false
    }

    /// The batch being written and the file it goes to. Whoever holds it writes the batch's next slice, so the
    /// slices reach the file in order whichever thread writes them.
    private struct Output {
        let writer: JournalFileWriter
        var batch = JournalBuffer()
        var nextRecord = 0
    }

    /// Bytes waiting beyond this are dropped (and counted in the log) rather than letting a stuck disk grow the
    /// broker without bound.
    static let capacityBytes = 64 * 1024 * 1024

    private let pending = Mutex(Pending())
    private let output: Mutex<Output>
    private let redactor: PayloadRedactor
    private let logger: Logger
    private let collectInterval: Int32
    private let backlogLimitBytes: Int
    private let wake: WakePipe
    private let finished: WakePipe

    init(configuration: JournalConfiguration, logger: Logger, collectIntervalMilliseconds: Int32 = 5,
         backlogLimitBytes: Int = 8 * 1024 * 1024) throws {
        let wake = try WakePipe()
        let finished = try WakePipe()
        self.wake = wake
        self.finished = finished
        self.logger = logger
        collectInterval = collectIntervalMilliseconds
        self.backlogLimitBytes = backlogLimitBytes
        redactor = PayloadRedactor(registry: configuration.registry)
        output = Mutex(Output(writer: try JournalFileWriter(configuration: configuration)))
        logger.info("journal on", ["directory": configuration.directory])
        DedicatedThread.start(name: "veles.journal") { [self] in
            Self.takeOnlyIdleTime(logger: logger)
            loop()
            finished.signal()
        }
    }

    /// Redacts and encodes the record on the calling thread and queues its bytes for the journal thread.
    func append(_ entry: JournalEntry) {
        let record = JournalRecordBuilder.record(for: entry, redactor: redactor)
        let waiting = pending.withLock { pending -> Int in
            guard pending.records.byteCount < Self.capacityBytes else {
                pending.dropped += 1
                return pending.records.byteCount
            }
            pending.records.append(record)
            return pending.records.byteCount
        }
        if waiting > backlogLimitBytes { catchUp() }
    }

    /// Writes what is queued, closes the file and waits for the journal thread to end (5 s at most: a stuck disk
    /// must not hold up the broker's exit).
    func close() {
        pending.withLock { $0.stopping = true }
        wake.signal()
        let deadline = ContinuousClock.now + .seconds(5)
        // At idle priority on a busy machine the journal thread may not run for a while: the closing thread
        // writes what is left itself, taking turns with it slice by slice.
        while ContinuousClock.now < deadline {
            guard let wrote = output.withLockIfAvailable({ writeNextSlice(&$0) }) else {
                usleep(1000)
                continue
            }
            if !wrote { break }
        }
        var descriptor = pollfd(fd: finished.fileDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, Int32(clamping: max(0, deadline.millisecondsFromNow)))
    }

    /// Writes one slice of the backlog on the calling thread, unless the journal thread is in the middle of one:
    /// then it is running (or waiting on the disk, which the broker must never do), and the next append looks
    /// again. One slice per append keeps the broker's share small while still outpacing what comes in.
    private func catchUp() {
        _ = output.withLockIfAvailable { writeNextSlice(&$0) }
    }

    private func loop() {
        var descriptor = pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0)
        var stopping = false
        while !stopping {
            _ = poll(&descriptor, 1, collectInterval)
            wake.clear()
            let dropped = pending.withLock { pending -> Int in
                stopping = pending.stopping
                defer { pending.dropped = 0 }
                return pending.dropped
            }
            if dropped > 0 {
                logger.error("journal queue full; records lost", ["count": String(dropped)])
            }
            // One slice per turn of the lock, so a broker thread catching up waits for a slice at most.
            while output.withLock({ writeNextSlice(&$0) }) {}
        }
        output.withLock { $0.writer.close() }
    }

    /// Writes the next slice of the batch, first taking what is pending when the batch is done; false when
    /// there was nothing to write.
    private func writeNextSlice(_ output: inout Output) -> Bool {
        if output.nextRecord >= output.batch.recordCount {
            output.batch.removeAll()
            output.nextRecord = 0
            pending.withLock { swap(&output.batch, &$0.records) }
            if output.batch.isEmpty { return false }
        }
        let writer = output.writer
        var failure: (any Error)?
        var sliceBytes = 0
        output.nextRecord = output.batch.slice(from: output.nextRecord, maxBytes: Self.writeSliceBytes) { slice in
            sliceBytes = slice.count
            do { try writer.write(slice) } catch { failure = error }
        }
        if let failure {
            logger.error("journal write failed; records lost", ["error": "\(failure)", "bytes": String(sliceBytes)])
        }
        return true
    }

    /// Writing in slices of whole records keeps files near their size limit.
    private static let writeSliceBytes = 256 * 1024

    /// `SCHED_IDLE`, which Glibc's module leaves out (it is behind `_GNU_SOURCE`).
    private static let idleSchedulingPolicy: Int32 = 5

    /// Moves the calling thread to idle priority. Lowering is always allowed; if the system refuses anyway, the
    /// journal still works, at the cost described above.
    private static func takeOnlyIdleTime(logger: Logger) {
        var parameters = sched_param(sched_priority: 0)
        if sched_setscheduler(0, idleSchedulingPolicy, &parameters) != 0 {
            logger.warning("journal thread could not take idle priority", ["error": String(cString: strerror(errno))])
        }
    }
}

/// Length-delimited journal records back to back, with where each one ends, so they can be written in slices of
/// whole records. Reused: emptying keeps the memory for the next batch.
struct JournalBuffer {
    private var bytes: [UInt8] = []
    private var recordEnds: [Int] = []

    var byteCount: Int { bytes.count }
    var isEmpty: Bool { recordEnds.isEmpty }
    var recordCount: Int { recordEnds.count }

    /// Appends the record's length and its encoding, written in place; the payload's bytes are copied once from
    /// where they lie, as the last field (protobuf readers take fields in any order).
    mutating func append(_ parts: JournalRecordParts) {
        parts.payload.withUnsafeBytes { payload in
            append(parts.record, payload: UnsafeRawBufferPointer(rebasing: payload[parts.payloadRange]))
        }
    }

    /// Appends `record` (whose own `payload` should be empty when `payload` is not) and then `payload` as its
    /// payload field.
    mutating func append(_ record: Veles_Bus_V1_JournalRecord, payload: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) {
        let fieldsSize = record.serializedSize()
        let payloadKeyAndLength = payload.isEmpty ? 0 : ProtoSize.varint(Self.payloadKey) + ProtoSize.varint(UInt64(payload.count))
        let size = fieldsSize + payloadKeyAndLength + payload.count
        let start = bytes.count
        let written = ProtoSize.varint(UInt64(size)) + fieldsSize + payloadKeyAndLength
        bytes.append(contentsOf: repeatElement(0, count: written))
        bytes.withUnsafeMutableBytes { buffer in
            var writer = ProtoWriter(buffer.baseAddress! + start)
            writer.writeVarint(UInt64(size))
            record.encodeFields(to: &writer)
            if !payload.isEmpty {
                writer.writeVarint(Self.payloadKey)
                writer.writeVarint(UInt64(payload.count))
            }
        }
        bytes.append(contentsOf: payload)
        recordEnds.append(bytes.count)
    }

    /// `JournalRecord.payload`: field 11, length-delimited.
    private static let payloadKey: UInt64 = 11 << 3 | 2

    /// Hands `body` the records from `firstRecord` on, as many whole ones as fit in `maxBytes` (a larger record
    /// goes alone), and returns the index of the first record it did not hand over.
    func slice(from firstRecord: Int, maxBytes: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Int {
        guard firstRecord < recordEnds.count else { return firstRecord }
        let start = firstRecord == 0 ? 0 : recordEnds[firstRecord - 1]
        var last = firstRecord
        while last + 1 < recordEnds.count, recordEnds[last + 1] - start <= maxBytes { last += 1 }
        bytes.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[start..<recordEnds[last]])) }
        return last + 1
    }

    /// Hands over all the records in slices of at most `maxBytes` (a larger record goes alone), in order.
    func forEachSlice(maxBytes: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        var next = 0
        while next < recordEnds.count { next = slice(from: next, maxBytes: maxBytes, body) }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        recordEnds.removeAll(keepingCapacity: true)
    }
}
