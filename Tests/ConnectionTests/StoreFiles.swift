import Foundation

/// Byte searches over every file in a folder, for proving that a secret is (or is no longer) on disk.
enum StoreFiles {
    static func anyContains(_ needle: [UInt8], under folder: URL) -> Bool {
        !files(containing: needle, under: folder).isEmpty
    }

    static func files(containing needle: [UInt8], under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        for case let relative as String in walker {
            let path = folder.appendingPathComponent(relative).path
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if Data(data).range(of: Data(needle)) != nil { found.append(relative) }
        }
        return found
    }
}
