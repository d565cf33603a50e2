/// Immutable heap storage for a message field whose type contains itself (directly or through other messages).
public final class ProtoBox<Value: ProtoMessage>: Sendable, Hashable {
    public let value: Value

    @inlinable
    public init(_ value: Value) {
        self.value = value
    }

    public static func == (lhs: ProtoBox, rhs: ProtoBox) -> Bool {
        lhs === rhs || lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}
