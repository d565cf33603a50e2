import Foundation

/// Naming and listing of journal files: names sort in the order they were written.
public enum JournalFiles {
    public static let fileExtension = "vbj"

    static func name(startMs: Int64, sequence: Int) -> String {
        let start = String(startMs).leftPadded(to: 13)
        let number = String(sequence).leftPadded(to: 6)
        return "journal-\(start)-\(number).\(fileExtension)"
    }

    /// Every journal file in `directory`, oldest first.
    public static func list(in directory: String) -> [URL] {
        let folder = URL(fileURLWithPath: directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("journal-") && $0.hasSuffix(".\(fileExtension)") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }
}
