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
final class Journal: Sendable {
    private struct Pending {
        var records = JournalBuffer()
        var dropped = 0
        var stopping = false
    }

    /// Bytes waiting beyond this are dropped (and counted in the log) rather than letting a stuck disk grow the
    /// broker without bound.
    static let capacityBytes = 64 * 1024 * 1024
    static let collectInterval: Int32 = 5

    private let pending = Mutex(Pending())
    private let redactor: PayloadRedactor
    private let wake: WakePipe
    private let finished: WakePipe

    init(configuration: JournalConfiguration, logger: Logger) throws {
        let wake = try WakePipe()
        let finished = try WakePipe()
        self.wake = wake
        self.finished = finished
        redactor = PayloadRedactor(registry: configuration.registry)
        let writer = try JournalFileWriter(configuration: configuration)
        nonisolated(unsafe) let handOff = writer
        logger.info("journal on", ["directory": configuration.directory])
        DedicatedThread.start(name: "veles.journal") { [self] in
            loop(writer: handOff, logger: logger)
            finished.signal()
        }
    }

    /// Redacts and encodes the record on the calling thread and queues its bytes for the journal thread.
    func append(_ entry: JournalEntry) {
        let record = JournalRecordBuilder.record(for: entry, redactor: redactor)
        pending.withLock { pending in
            guard pending.records.byteCount < Self.capacityBytes else {
                pending.dropped += 1
                return
            }
            pending.records.append(record)
        }
    }

    /// Writes what is queued, closes the file and waits for the journal thread to end.
    func close() {
        pending.withLock { $0.stopping = true }
        wake.signal()
        var descriptor = pollfd(fd: finished.fileDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, 5000)
    }

    private func loop(writer: JournalFileWriter, logger: Logger) {
        var descriptor = pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0)
        var batch = JournalBuffer()
        var stopping = false
        while !stopping {
            _ = poll(&descriptor, 1, Self.collectInterval)
            wake.clear()
            let dropped = pending.withLock { pending -> Int in
                swap(&batch, &pending.records)
                stopping = pending.stopping
                defer { pending.dropped = 0 }
                return pending.dropped
            }
            if dropped > 0 {
                logger.error("journal queue full; records lost", ["count": String(dropped)])
            }
            batch.forEachSlice(maxBytes: Self.writeSliceBytes) { slice in
                do {
                    try writer.write(slice)
                } catch {
                    logger.error("journal write failed; records lost", ["error": "\(error)", "bytes": String(slice.count)])
                }
            }
            batch.removeAll()
        }
        writer.close()
    }

    /// Writing in slices of whole records keeps files near their size limit.
    private static let writeSliceBytes = 256 * 1024
}

/// Length-delimited journal records back to back, with where each one ends, so they can be written in slices of
/// whole records. Reused: emptying keeps the memory for the next batch.
struct JournalBuffer {
    private var bytes: [UInt8] = []
    private var recordEnds: [Int] = []

    var byteCount: Int { bytes.count }
    var isEmpty: Bool { recordEnds.isEmpty }

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

    /// Hands over the records in slices of at most `maxBytes` (a larger record goes alone), in order.
    func forEachSlice(maxBytes: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { all in
            var sliceStart = 0
            var previousEnd = 0
            for end in recordEnds {
                if end - sliceStart > maxBytes, previousEnd > sliceStart {
                    body(UnsafeRawBufferPointer(rebasing: all[sliceStart..<previousEnd]))
                    sliceStart = previousEnd
                }
                previousEnd = end
            }
            if previousEnd > sliceStart {
                body(UnsafeRawBufferPointer(rebasing: all[sliceStart..<previousEnd]))
            }
        }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        recordEnds.removeAll(keepingCapacity: true)
    }
}
