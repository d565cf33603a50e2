import Foundation

/// Reads journal files back, oldest first, for `velesctl bus tail` and `bus replay` and for tests.
public struct JournalReader: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Every record in the journal, in the order written.
    public func records() throws -> [Veles_Bus_V1_JournalRecord] {
        var all: [Veles_Bus_V1_JournalRecord] = []
        for file in JournalFiles.list(in: directory) {
            all.append(contentsOf: try Self.records(in: file))
        }
        return all
    }

    static func records(in file: URL, from offset: Int = 0) throws -> [Veles_Bus_V1_JournalRecord] {
        try framedRecords(in: file, from: offset).records
    }

    static func framedRecords(in file: URL, from offset: Int) throws -> (records: [Veles_Bus_V1_JournalRecord], end: Int) {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let data = [UInt8](try handle.readToEnd() ?? Data())
        let (frames, consumed) = try LengthDelimited.records(in: data)
        let end = offset + consumed
        var records: [Veles_Bus_V1_JournalRecord] = []
        for frame in frames {
            do {
                records.append(try Veles_Bus_V1_JournalRecord(serializedBytes: frame))
            } catch {
                throw JournalError.corrupt(offset: offset, reason: "record in \(file.lastPathComponent) does not decode: \(error)")
            }
        }
        return (records, end)
    }

    /// Records as they are written, starting with those already there when `fromStart`; polls the folder, so it
    /// follows rotation. Ends when the consuming task is cancelled.
    public func follow(fromStart: Bool, pollInterval: Duration = .milliseconds(100)) -> AsyncThrowingStream<Veles_Bus_V1_JournalRecord, any Error> {
        let directory = self.directory
        return AsyncThrowingStream { continuation in
            let task = Task {
                var offsets: [String: Int] = [:]
                if !fromStart {
                    for file in JournalFiles.list(in: directory) {
                        offsets[file.lastPathComponent] = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                    }
                }
                do {
                    while !Task.isCancelled {
                        for file in JournalFiles.list(in: directory) {
                            let start = offsets[file.lastPathComponent] ?? 0
                            let (records, end) = try Self.framedRecords(in: file, from: start)
                            offsets[file.lastPathComponent] = end
                            for record in records { continuation.yield(record) }
                        }
                        try await Task.sleep(for: pollInterval)
                    }
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
