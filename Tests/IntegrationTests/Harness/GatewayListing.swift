import Foundation

extension HTTPClient {
    /// Every row of a paged gateway list (`data`, `has_more`, `next_cursor`), following the cursor to the end.
    func listAll(_ path: String, pageSize: Int = 200) async throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        var cursor: String?
        let separator = path.contains("?") ? "&" : "?"
        repeat {
            let page = try await get("\(path)\(separator)limit=\(pageSize)" + (cursor.map { "&cursor=\(Self.queryValue($0))" } ?? ""))
            guard page.status == 200 else { throw HarnessError("GET \(path) answered \(page.status): \(page.text)") }
            let json = page.json
            rows += json["data"] as? [[String: Any]] ?? []
            cursor = json["has_more"] as? Bool == true ? json["next_cursor"] as? String : nil
        } while cursor != nil
        return rows
    }

    /// A value made safe for a query string (cursors may hold `+`, `/` or `=`).
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
