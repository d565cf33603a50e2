/// A type allowed as a protobuf map key, with the order entries are written in (so encoding is deterministic).
public protocol ProtoMapKey: Hashable, Sendable {
    static func protoMapOrder(_ lhs: Self, _ rhs: Self) -> Bool
}

extension ProtoMapKey where Self: Comparable {
    @inlinable
    public static func protoMapOrder(_ lhs: Self, _ rhs: Self) -> Bool { lhs < rhs }
}

extension Int32: ProtoMapKey {}
extension Int64: ProtoMapKey {}
extension UInt32: ProtoMapKey {}
extension UInt64: ProtoMapKey {}
extension String: ProtoMapKey {}

extension Bool: ProtoMapKey {
    @inlinable
    public static func protoMapOrder(_ lhs: Bool, _ rhs: Bool) -> Bool { !lhs && rhs }
}
