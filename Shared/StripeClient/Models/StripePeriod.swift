/// A billing period in Unix seconds.
public struct StripePeriod: Decodable, Sendable, Hashable {
    public let start: Int64
    public let end: Int64
}
