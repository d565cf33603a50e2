import Glibc
import ProtoRuntime
import Support
import Synchronization

/// The broker's record of every request, reply and event, written on a thread of its own so routing never waits
/// on the disk. Secret fields are blanked before anything is written.
///
/// The broker only appends to a bounded in-memory queue (a lock, no system call); the journal thread collects
/// the queue every `collectInterval` and encodes, redacts and writes the whole batch, so a busy broker costs one
/// wake-up of the journal thread per interval instead of one per record.
final class Journal: Sendable {
    private struct Queue {
        var entries: [JournalEntry] = []
        var dropped = 0
        var stopping = false
    }

    /// Records waiting beyond this are dropped (and counted in the log) rather than letting a stuck disk grow the
    /// broker without bound.
    static let capacity = 200_000
    static let collectInterval: Int32 = 20

    private let queue = Mutex(Queue())
    private let wake: WakePipe
    private let finished: WakePipe

    init(configuration: JournalConfiguration, logger: Logger) throws {
        let wake = try WakePipe()
        let finished = try WakePipe()
        self.wake = wake
        self.finished = finished
        let writer = try JournalFileWriter(configuration: configuration)
        nonisolated(unsafe) let handOff = writer
        let redactor = PayloadRedactor(registry: configuration.registry)
        logger.info("journal on", ["directory": configuration.directory])
        DedicatedThread.start(name: "veles.journal") { [self] in
            loop(writer: handOff, redactor: redactor, logger: logger)
            finished.signal()
        }
    }

    func append(_ entry: JournalEntry) {
        queue.withLock { queue in
            guard queue.entries.count < Self.capacity else {
                queue.dropped += 1
                return
            }
            queue.entries.append(entry)
        }
    }

    /// Writes what is queued, closes the file and waits for the journal thread to end.
    func close() {
        queue.withLock { $0.stopping = true }
        wake.signal()
        var descriptor = pollfd(fd: finished.fileDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, 5000)
    }

    private func loop(writer: JournalFileWriter, redactor: PayloadRedactor, logger: Logger) {
        var descriptor = pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0)
        var buffer: [UInt8] = []
        var batch: [JournalEntry] = []
        var stopping = false
        while !stopping {
            _ = poll(&descriptor, 1, Self.collectInterval)
            wake.clear()
            let dropped = queue.withLock { queue -> Int in
                swap(&batch, &queue.entries)
                stopping = queue.stopping
                defer { queue.dropped = 0 }
                return queue.dropped
            }
            if dropped > 0 {
                logger.error("journal queue full; records lost", ["count": String(dropped)])
            }
            // By index: the element is lent to the builder, where `for entry in batch` would copy each one (and
            // retain every string and array it holds).
            for index in batch.indices {
                LengthDelimited.append(JournalRecordBuilder.record(for: batch[index], redactor: redactor).serializedBytes(), to: &buffer)
                // Writing in slices keeps files near their size limit.
                if buffer.count >= Self.writeSliceBytes {
                    flush(&buffer, to: writer, logger: logger)
                }
            }
            batch.removeAll(keepingCapacity: true)
            flush(&buffer, to: writer, logger: logger)
        }
        writer.close()
    }

    private static let writeSliceBytes = 256 * 1024

    private func flush(_ buffer: inout [UInt8], to writer: JournalFileWriter, logger: Logger) {
        guard !buffer.isEmpty else { return }
        do {
            try writer.write(buffer)
        } catch {
            logger.error("journal write failed; records lost", ["error": "\(error)", "bytes": String(buffer.count)])
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
