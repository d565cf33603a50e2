/// Leading comments from a file's source info, by descriptor path, turned into `///` lines.
struct DocComments {
    private var byPath: [[Int32]: String] = [:]

    init(_ file: Google_Protobuf_FileDescriptorProto) {
        for location in file.sourceCodeInfo.location where location.hasLeadingComments {
            byPath[location.path] = location.leadingComments
        }
    }

    /// Writes the comment at `path`, or `fallback` when the .proto has none there.
    func write(_ path: [Int32], fallback: String?, into writer: inout CodeWriter) {
        if let comment = byPath[path] {
            var lines = comment.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.hasPrefix(" ") ? String($0.dropFirst()) : String($0)
            }
            while lines.last?.trimmingWhitespace().isEmpty == true { lines.removeLast() }
            for line in lines { writer.line(line.isEmpty ? "///" : "/// " + line) }
        } else if let fallback {
            writer.line("/// " + fallback)
        }
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let trimmedStart = drop { $0 == " " || $0 == "\t" }
        var end = trimmedStart.endIndex
        while end > trimmedStart.startIndex, trimmedStart[trimmedStart.index(before: end)] == " " {
            end = trimmedStart.index(before: end)
        }
        return trimmedStart[..<end]
    }
}
