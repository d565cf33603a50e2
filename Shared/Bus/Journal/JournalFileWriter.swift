import Foundation
import Glibc

/// Appends framed records to the current journal file, rotating by size and deleting by count and age.
final class JournalFileWriter {
    private let configuration: JournalConfiguration
    private var descriptor: Int32 = -1
    private var size = 0
    private var sequence = 0
    /// How far the current file has been advised once (its write-out started) and twice (its pages dropped).
    private var writeOutStartedThrough = 0
    private var droppedThrough = 0

    init(configuration: JournalConfiguration) throws {
        self.configuration = configuration
        try FileManager.default.createDirectory(atPath: configuration.directory, withIntermediateDirectories: true)
        sequence = JournalFiles.list(in: configuration.directory).count
        try openNext()
    }

    deinit { close() }

    func close() {
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        // All clean now: a finished file keeps none of its pages.
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    /// Writes a batch of already framed records: all of it, or (when the disk fails) none of it, so a reader
    /// never meets half a record followed by whole ones.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if descriptor < 0 || (size > 0 && size + bytes.count > configuration.maxFileBytes) {
            close()
            try openNext()
        }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                let failure = JournalError.io("writing the journal failed: \(String(cString: strerror(errno)))")
                if offset > 0 { _ = ftruncate(descriptor, off_t(size)) }
                throw failure
            }
            offset += written
        }
        size += bytes.count
        releaseWrittenPages()
    }

    /// The journal is written once and read back rarely, so the file's pages are let go behind the end, a MiB
    /// at a time: advice on a MiB 4 MiB behind the end starts writing it out, and advice again once it is 12 MiB
    /// behind drops its pages, clean by then (a MiB still being written out then stays until the file is
    /// finished, when all its pages go). Without this every record lands on pages the kernel has never
    /// handed out before, and the journal would push everything else out of the page cache. Each piece of advice
    /// covers one MiB, so no call stays long in the kernel (a thread there is not preempted at once).
    private func releaseWrittenPages() {
        let chunk = 1024 * 1024
        while size - writeOutStartedThrough >= 4 * chunk + chunk {
            _ = posix_fadvise(descriptor, off_t(writeOutStartedThrough), off_t(chunk), POSIX_FADV_DONTNEED)
            writeOutStartedThrough += chunk
        }
        while writeOutStartedThrough - droppedThrough >= 8 * chunk + chunk {
            _ = posix_fadvise(descriptor, off_t(droppedThrough), off_t(chunk), POSIX_FADV_DONTNEED)
            droppedThrough += chunk
        }
    }

    private func openNext() throws {
        sequence += 1
        let startMs = Int64(Date().timeIntervalSince1970 * 1000)
        let path = URL(fileURLWithPath: configuration.directory).appendingPathComponent(JournalFiles.name(startMs: startMs, sequence: sequence)).path
        descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw JournalError.io("cannot open journal file \(path): \(String(cString: strerror(errno)))")
        }
        size = 0
        writeOutStartedThrough = 0
        droppedThrough = 0
        applyRetention()
    }

    /// Keeps at most `maxFiles` files and none older than `maxAge` (the file being written always stays).
    private func applyRetention() {
        let files = JournalFiles.list(in: configuration.directory)
        guard files.count > 1 else { return }
        let cutoff = Date().addingTimeInterval(-Double(configuration.maxAge.components.seconds))
        for (index, file) in files.dropLast().enumerated() {
            let tooMany = files.count - index > configuration.maxFiles
            let modified = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date) ?? Date()
            if tooMany || modified < cutoff {
                try? FileManager.default.removeItem(at: file)
            }
        }
    }
}
