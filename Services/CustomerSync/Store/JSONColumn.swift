import Foundation

/// Small JSON values (string lists, string maps) kept in a TEXT column.
///
/// Written by hand rather than with `JSONEncoder`: a full sync writes two of these per customer, and the encoder's
/// setup dominated the cost of storing a row. Map keys are sorted, so equal maps always give equal text.
enum JSONColumn {
    static func encode(_ list: [String]) -> String {
        var text = "["
        for (position, item) in list.enumerated() {
            if position > 0 { text += "," }
            appendQuoted(item, to: &text)
        }
        return text + "]"
    }

    static func encode(_ map: [String: String]) -> String {
        guard !map.isEmpty else { return "{}" }
        var text = "{"
        for (position, key) in map.keys.sorted().enumerated() {
            if position > 0 { text += "," }
            appendQuoted(key, to: &text)
            text += ":"
            appendQuoted(map[key] ?? "", to: &text)
        }
        return text + "}"
    }

    static func list(_ text: String?) -> [String] {
        guard let text, text != "[]", let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }

    static func map(_ text: String?) -> [String: String] {
        guard let text, text != "{}", let data = text.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }

    /// A JSON string literal, escaped as `JSONEncoder` escapes it (including `/`).
    private static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        var plainStart = value.unicodeScalars.startIndex
        var index = plainStart
        let scalars = value.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String? = switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "/": "\\/"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case "\u{08}": "\\b"
            case "\u{0C}": "\\f"
            default: scalar.value < 0x20 ? "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                + String(scalar.value, radix: 16) : nil
            }
            if let escape {
                text.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                text += escape
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        text.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        text += "\""
    }
}
