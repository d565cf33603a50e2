/// Sizes of encoded values, for the first pass of encoding.
public enum ProtoSize {
    @inlinable
    public static func varint(_ value: UInt64) -> Int {
        // 7 payload bits per byte; `| 1` makes zero take one byte.
        (64 &- (value | 1).leadingZeroBitCount &+ 6) / 7
    }

    @inlinable
    public static func lengthDelimited(_ payload: Int) -> Int {
        varint(UInt64(payload)) &+ payload
    }

    @inlinable
    public static func message<M: ProtoMessage>(_ message: M) -> Int {
        lengthDelimited(message.serializedSize())
    }

    @inlinable
    public static func messages<M: ProtoMessage>(keySize: Int, _ messages: [M]) -> Int {
        var total = keySize &* messages.count
        for message in messages { total &+= lengthDelimited(message.serializedSize()) }
        return total
    }

    @inlinable
    public static func packed<S: ProtoScalar>(keySize: Int, _ codec: S.Type, _ values: [S.Value]) -> Int {
        values.isEmpty ? 0 : keySize &+ lengthDelimited(S.packedPayloadSize(values))
    }

    @inlinable
    public static func unpacked<S: ProtoScalar>(keySize: Int, _ codec: S.Type, _ values: [S.Value]) -> Int {
        if let width = S.fixedWidth { return (keySize &+ width) &* values.count }
        var total = keySize &* values.count
        for value in values { total &+= S.payloadSize(value) }
        return total
    }

    @inlinable
    public static func mapEntry<K: ProtoScalar, V: ProtoScalar>(_ k: K.Type, _ v: V.Type, _ key: K.Value, _ value: V.Value) -> Int {
        (key == K.defaultValue ? 0 : 1 &+ K.payloadSize(key)) &+ (value == V.defaultValue ? 0 : 1 &+ V.payloadSize(value))
    }

    @inlinable
    public static func mapEntry<K: ProtoScalar, M: ProtoMessage>(_ k: K.Type, _ key: K.Value, _ value: M) -> Int {
        (key == K.defaultValue ? 0 : 1 &+ K.payloadSize(key)) &+ 1 &+ lengthDelimited(value.serializedSize())
    }

    @inlinable
    public static func map<K: ProtoScalar, V: ProtoScalar>(keySize: Int, _ k: K.Type, _ v: V.Type, _ map: [K.Value: V.Value]) -> Int {
        var total = keySize &* map.count
        for (key, value) in map { total &+= lengthDelimited(mapEntry(K.self, V.self, key, value)) }
        return total
    }

    @inlinable
    public static func map<K: ProtoScalar, M: ProtoMessage>(keySize: Int, _ k: K.Type, message: M.Type, _ map: [K.Value: M]) -> Int {
        var total = keySize &* map.count
        for (key, value) in map { total &+= lengthDelimited(mapEntry(K.self, key, value)) }
        return total
    }
}
