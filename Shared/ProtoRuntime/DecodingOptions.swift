/// Limits applied while decoding untrusted bytes.
public struct DecodingOptions: Sendable, Hashable {
    /// Largest accepted message, in bytes.
    public var maxMessageSize: Int
    /// Deepest accepted nesting of messages (and groups) below the top-level message.
    public var maxDepth: Int

    public static let defaultMaxMessageSize = 64 * 1024 * 1024
    public static let defaultMaxDepth = 100

    public init(maxMessageSize: Int = DecodingOptions.defaultMaxMessageSize, maxDepth: Int = DecodingOptions.defaultMaxDepth) {
        self.maxMessageSize = maxMessageSize
        self.maxDepth = maxDepth
    }
}
