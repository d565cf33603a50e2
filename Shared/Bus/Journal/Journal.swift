import Glibc
import ProtoRuntime
import Support

/// The broker's record of every request, reply and event, written on a thread of its own so routing never waits
/// on the disk. Secret fields are blanked before anything is written.
final class Journal: Sendable {
    private enum Command: Sendable {
        case entry(JournalEntry)
        case stop
    }

    private let mailbox: Mailbox<Command>
    private let finished: Mailbox<Bool>

    init(configuration: JournalConfiguration, logger: Logger) throws {
        let mailbox = try Mailbox<Command>()
        let finished = try Mailbox<Bool>()
        self.mailbox = mailbox
        self.finished = finished
        let writer = try JournalFileWriter(configuration: configuration)
        nonisolated(unsafe) let handOff = writer
        let redactor = PayloadRedactor(registry: configuration.registry)
        logger.info("journal on", ["directory": configuration.directory])
        DedicatedThread.start(name: "veles.journal") {
            Self.loop(mailbox: mailbox, writer: handOff, redactor: redactor, logger: logger)
            finished.post(true)
        }
    }

    func append(_ entry: JournalEntry) {
        mailbox.post(.entry(entry))
    }

    /// Writes what is queued, closes the file and waits for the journal thread to end.
    func close() {
        mailbox.post(.stop)
        var descriptor = pollfd(fd: finished.fileDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, 5000)
    }

    private static func loop(mailbox: Mailbox<Command>, writer: JournalFileWriter, redactor: PayloadRedactor, logger: Logger) {
        var descriptor = pollfd(fd: mailbox.fileDescriptor, events: Int16(POLLIN), revents: 0)
        var running = true
        var buffer: [UInt8] = []
        while running {
            _ = poll(&descriptor, 1, 1000)
            for command in mailbox.takeAll() {
                switch command {
                case .entry(let entry):
                    LengthDelimited.append(JournalRecordBuilder.record(for: entry, redactor: redactor).serializedBytes(), to: &buffer)
                    // A busy broker queues many records per wake-up; writing in slices keeps files near their size limit.
                    if buffer.count >= Self.writeSliceBytes {
                        flush(&buffer, to: writer, logger: logger)
                    }
                case .stop:
                    running = false
                }
            }
            flush(&buffer, to: writer, logger: logger)
        }
        writer.close()
    }

    private static let writeSliceBytes = 256 * 1024

    private static func flush(_ buffer: inout [UInt8], to writer: JournalFileWriter, logger: Logger) {
        do {
            try writer.write(buffer)
        } catch {
            logger.error("journal write failed; records lost", ["error": "\(error)", "bytes": String(buffer.count)])
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
