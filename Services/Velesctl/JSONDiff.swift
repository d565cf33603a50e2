import Foundation

/// Field-level differences between two JSON values, as `path: recorded …, replayed …` lines.
enum JSONDiff {
    static func differences(recorded: Any?, replayed: Any?, path: String = "") -> [String] {
        switch (recorded, replayed) {
        case let (left as [String: Any], right as [String: Any]):
            var lines: [String] = []
            for key in Set(left.keys).union(right.keys).sorted() {
                lines += differences(recorded: left[key], replayed: right[key], path: path.isEmpty ? key : "\(path).\(key)")
            }
            return lines
        case let (left as [Any], right as [Any]):
            var lines: [String] = []
            for index in 0..<max(left.count, right.count) {
                lines += differences(recorded: index < left.count ? left[index] : nil,
                                     replayed: index < right.count ? right[index] : nil, path: "\(path)[\(index)]")
            }
            return lines
        default:
            let left = render(recorded)
            let right = render(replayed)
            return left == right ? [] : ["\(path.isEmpty ? "(message)" : path): recorded \(left), replayed \(right)"]
        }
    }

    private static func render(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "(absent)" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }
}
