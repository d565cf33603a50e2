/// How one protobuf scalar type is written on the wire; generated code names the codec (`ProtoSInt32.self`, …).
public protocol ProtoScalar {
    associatedtype Value: Hashable & Sendable
    static var wireType: WireType { get }
    /// Bytes per value when the width is fixed, else nil.
    static var fixedWidth: Int? { get }
    /// The value of an absent field.
    static var defaultValue: Value { get }
    static func read(from reader: inout ProtoReader) throws -> Value
    static func payloadSize(_ value: Value) -> Int
    static func write(_ value: Value, to writer: inout ProtoWriter)
}

extension ProtoScalar {
    @inlinable public static var fixedWidth: Int? { nil }

    @inlinable
    public static func packedPayloadSize(_ values: [Value]) -> Int {
        if let width = fixedWidth { return width &* values.count }
        var total = 0
        for value in values { total &+= payloadSize(value) }
        return total
    }
}

extension ProtoReader {
    /// Reads a singular scalar field, checking its wire type.
    @inlinable
    public mutating func read<S: ProtoScalar>(_ codec: S.Type, _ tag: ProtoTag) throws -> S.Value {
        guard tag.wireType == S.wireType else { throw wrongWireType(tag, expected: S.wireType) }
        return try S.read(from: &self)
    }

    /// Reads one element or a packed run of a repeated scalar field; both encodings are accepted for packable types.
    @inlinable
    public mutating func readRepeated<S: ProtoScalar>(_ codec: S.Type, _ tag: ProtoTag, into values: inout [S.Value]) throws {
        if tag.wireType == S.wireType {
            // Lists usually hold more than one element: skip the 1 → 2 → 4 regrowth.
            if values.isEmpty { values.reserveCapacity(4) }
            values.append(try S.read(from: &self))
        } else if tag.wireType == .lengthDelimited {
            let length = try readLength()
            let savedEnd = end
            end = position &+ length
            if let width = S.fixedWidth { values.reserveCapacity(values.count &+ length / width) }
            while position < end { values.append(try S.read(from: &self)) }
            end = savedEnd
        } else {
            throw wrongWireType(tag, expected: S.wireType)
        }
    }

    @inlinable
    public mutating func readRepeatedMessage<M: ProtoMessage>(_ tag: ProtoTag, into values: inout [M]) throws {
        if values.isEmpty { values.reserveCapacity(4) }
        // Decoded in place, so the element is not copied into the array afterwards.
        values.append(M())
        try mergeMessage(tag, into: &values[values.count - 1])
    }

    /// Reads one map entry (key field 1, value field 2; absent parts take defaults).
    @inlinable
    public mutating func readMapEntry<K: ProtoScalar, V: ProtoScalar>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, _ tag: ProtoTag, into map: inout [K.Value: V.Value]
    ) throws where K.Value: ProtoMapKey {
        var key = K.defaultValue
        var value = V.defaultValue
        try withNestedLimit(tag) { reader in
            while let inner = try reader.nextTag() {
                switch inner.fieldNumber {
                case 1: key = try reader.read(K.self, inner)
                case 2: value = try reader.read(V.self, inner)
                default: try reader.skipPayload(inner)
                }
            }
        }
        map[key] = value
    }

    @inlinable
    public mutating func readMapEntry<K: ProtoScalar, M: ProtoMessage>(
        _ keyCodec: K.Type, message: M.Type, _ tag: ProtoTag, into map: inout [K.Value: M]
    ) throws where K.Value: ProtoMapKey {
        var key = K.defaultValue
        var value = M()
        try withNestedLimit(tag) { reader in
            while let inner = try reader.nextTag() {
                switch inner.fieldNumber {
                case 1: key = try reader.read(K.self, inner)
                case 2: try reader.mergeMessage(inner, into: &value)
                default: try reader.skipPayload(inner)
                }
            }
        }
        map[key] = value
    }
}
