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
        segments = RoutePattern.split(pattern).map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                return .capture(String(part.dropFirst().dropLast()))
            }
            return .literal(part)
        }
    }

    /// The captured values when `path` matches, nil otherwise. Captures are percent-decoded.
    public func match(_ path: String) -> [String: String]? {
        let parts = RoutePattern.split(path)
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

    private static func split(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }
}
