@testable import Bus
import Foundation
import Glibc
import ProtoRuntime
import Testing

/// The journal's files let go of their pages: the journal is written once and read back rarely, and must not push
/// everything else out of the page cache.
@Suite struct JournalFileWriterTests {
    /// How many of the file's pages are in the page cache, from `mincore`.
    private static func residentPages(of path: String) throws -> (resident: Int, total: Int) {
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let size = Int(lseek(descriptor, 0, SEEK_END))
        let mapping = try #require(mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0))
        try #require(mapping != MAP_FAILED)
        defer { munmap(mapping, size) }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var vector = [UInt8](repeating: 0, count: (size + pageSize - 1) / pageSize)
        try #require(mincore(mapping, size, &vector) == 0)
        return (vector.filter { $0 & 1 != 0 }.count, vector.count)
    }

    /// A folder beside the build, which lives on disk: /tmp may be tmpfs, where the pages are the data and cannot
    /// be let go.
    private static func scratchDirectory() -> URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/journal-pages-\(UUID().uuidString)")
    }

    @Test func aFinishedFileKeepsNoneOfItsPagesAndTheCurrentOneOnlyItsTail() throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = JournalConfiguration(directory: directory.path, maxFileBytes: 24 * 1024 * 1024, registry: MessageRegistry([]))
        let writer = try JournalFileWriter(configuration: configuration)
        let slice = [UInt8](repeating: 0x5A, count: 64 * 1024)
        // 24 MiB close the first file; 20 more stay in the second.
        for _ in 0..<(44 * 16) {
            try slice.withUnsafeBytes { try writer.write($0) }
            // The pace of a busy journal, so write-out keeps up as it would.
            usleep(200)
        }
        let files = JournalFiles.list(in: directory.path)
        try #require(files.count == 2)
        let pagesPerMiB = 1024 * 1024 / Int(sysconf(Int32(_SC_PAGESIZE)))
        let finished = try Self.residentPages(of: files[0].path)
        #expect(finished.total == 24 * pagesPerMiB)
        #expect(finished.resident < finished.total / 20, "a finished file kept \(finished.resident) of \(finished.total) pages")
        // Pages are dropped 12 to 14 MiB behind the end of the file being written.
        let open = try Self.residentPages(of: files[1].path)
        #expect(open.total == 20 * pagesPerMiB)
        #expect(open.resident <= 14 * pagesPerMiB + pagesPerMiB / 16, "the current file kept \(open.resident) of \(open.total) pages")
        writer.close()
        let closed = try Self.residentPages(of: files[1].path)
        #expect(closed.resident < closed.total / 20, "the closed file kept \(closed.resident) of \(closed.total) pages")
    }
}
