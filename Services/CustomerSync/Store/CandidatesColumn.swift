/// The `candidates` column (a JSON list of ids), read in place when no item has an escape, decoded otherwise.
enum CandidatesColumn {
    case none
    case plain(UnsafeRawBufferPointer)
    case decoded([String])

    init(_ json: UnsafeRawBufferPointer?) {
        guard let json, json.count > 2 else {
            self = .none
            return
        }
        if Self.forEachPlainItem(json, { _ in }) {
            self = .plain(json)
        } else {
            self = .decoded(JSONColumn.list(String(decoding: json, as: UTF8.self)))
        }
    }

    func forEach(_ body: (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .none: break
        case .plain(let json): _ = Self.forEachPlainItem(json, body)
        case .decoded(let items):
            for item in items {
                var copy = item
                copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
            }
        }
    }

    /// Calls `body` with each item of `["a","b"]` written without spaces or escapes, and tells whether the whole text
    /// has that form; `init` checks that first (with a body that does nothing), so later calls see only such text.
    @discardableResult
    private static func forEachPlainItem(_ json: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        let count = json.count
        guard count >= 2, json[0] == UInt8(ascii: "["), json[count - 1] == UInt8(ascii: "]"),
              !json.contains(UInt8(ascii: "\\")) else { return false }
        var index = 1
        while index < count - 1 {
            guard json[index] == UInt8(ascii: "\"") else { return false }
            let start = index + 1
            var end = start
            while end < count - 1, json[end] != UInt8(ascii: "\"") { end += 1 }
            guard end < count - 1 else { return false }
            body(UnsafeRawBufferPointer(rebasing: json[start..<end]))
            index = end + 1
            if index < count - 1 {
                guard json[index] == UInt8(ascii: ","), index + 1 < count - 1 else { return false }
                index += 1
            }
        }
        return true
    }
}
