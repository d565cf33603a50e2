import Foundation

/// Renders response bodies: JSON objects with snake_case keys, times as ISO 8601 strings, absent values as null.
enum JSONOutput {
    static func encode(_ object: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return [UInt8](data)
    }

    private static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// A Unix-millisecond time as ISO 8601, or null for 0 (never happened).
    static func time(_ milliseconds: Int64) -> Any {
        guard milliseconds > 0 else { return NSNull() }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(timeStyle)
    }

    /// A string, or null when empty.
    static func optional(_ text: String) -> Any {
        text.isEmpty ? NSNull() : text
    }

    /// A list page in the shape every list route returns.
    static func page(_ rows: [Any], hasMore: Bool, nextCursor: String) -> [String: Any] {
        ["data": rows, "has_more": hasMore, "next_cursor": optional(nextCursor)]
    }
}
