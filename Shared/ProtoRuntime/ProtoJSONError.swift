/// Why a JSON text cannot become the requested message.
public struct ProtoJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
