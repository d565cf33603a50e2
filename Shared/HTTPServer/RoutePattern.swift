/// A path pattern such as `/v1/customers/{id}`: literal segments and `{name}` captures, matched segment by segment.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case capture(String)
    }

    let segments: [Segment]
    public let description: String

    public init(_ pattern: String) {
        description = pattern
        segments = RoutePattern.segments(of: pattern).map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                return .capture(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The captured values when `path` matches, nil otherwise. Captures are percent-decoded.
    public func match(_ path: String) -> [String: String]? {
        match(segments: RoutePattern.segments(of: path))
    }

    /// Like `match(_:)` for a path already cut into segments, so a router cuts each path once, not once per route.
    func match(segments parts: [Substring]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var captures: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard literal == part else { return nil }
            case .capture(let name):
                guard !part.isEmpty, let decoded = URLEncodedForm.decode(Array(part.utf8)) else { return nil }
                captures[name] = decoded
            }
        }
        return captures
    }

    static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
