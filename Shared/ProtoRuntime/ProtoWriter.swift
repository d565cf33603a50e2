/// Writes protobuf wire data into memory sized beforehand by `serializedSize()` (the second pass of encoding).
public struct ProtoWriter {
    @usableFromInline var pointer: UnsafeMutableRawPointer

    @inlinable
    public init(_ pointer: UnsafeMutableRawPointer) {
        self.pointer = pointer
    }

    @inlinable
    public mutating func writeByte(_ byte: UInt8) {
        pointer.storeBytes(of: byte, as: UInt8.self)
        pointer += 1
    }

    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            writeByte(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        writeByte(UInt8(truncatingIfNeeded: value))
    }

    /// Writes a precomputed field key (`number << 3 | wireType`).
    @inlinable
    public mutating func writeTag(_ key: UInt32) {
        if key < 0x80 {
            writeByte(UInt8(truncatingIfNeeded: key))
        } else {
            writeVarint(UInt64(key))
        }
    }

    @inlinable
    public mutating func writeFixed32(_ value: UInt32) {
        pointer.storeBytes(of: value.littleEndian, as: UInt32.self)
        pointer += 4
    }

    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        pointer.storeBytes(of: value.littleEndian, as: UInt64.self)
        pointer += 8
    }

    @inlinable
    public mutating func writeRaw(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        pointer.copyMemory(from: source, byteCount: bytes.count)
        pointer += bytes.count
    }

    // MARK: Fields

    @inlinable
    public mutating func write<S: ProtoScalar>(_ codec: S.Type, key: UInt32, _ value: S.Value) {
        writeTag(key)
        S.write(value, to: &self)
    }

    /// Writes repeated scalars as one packed run.
    @inlinable
    public mutating func writePacked<S: ProtoScalar>(_ codec: S.Type, key: UInt32, _ values: [S.Value]) {
        writeTag(key)
        writeVarint(UInt64(S.packedPayloadSize(values)))
        for value in values { S.write(value, to: &self) }
    }

    /// Writes repeated values with one key each.
    @inlinable
    public mutating func writeUnpacked<S: ProtoScalar>(_ codec: S.Type, key: UInt32, _ values: [S.Value]) {
        for value in values {
            writeTag(key)
            S.write(value, to: &self)
        }
    }

    @inlinable
    public mutating func writeMessage<M: ProtoMessage>(key: UInt32, _ message: M) {
        writeTag(key)
        writeVarint(UInt64(message.serializedSize()))
        message.encodeFields(to: &self)
    }

    @inlinable
    public mutating func writeMessages<M: ProtoMessage>(key: UInt32, _ messages: [M]) {
        for message in messages { writeMessage(key: key, message) }
    }

    /// Writes a map as repeated entries with the key as field 1 and the value as field 2, in key order; like
    /// libprotobuf-c, scalar keys and values equal to their default are left out of the entry.
    @inlinable
    public mutating func writeMap<K: ProtoScalar, V: ProtoScalar>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, key: UInt32, _ map: [K.Value: V.Value]
    ) where K.Value: ProtoMapKey {
        for (entryKey, value) in map.sorted(by: { K.Value.protoMapOrder($0.key, $1.key) }) {
            writeTag(key)
            writeVarint(UInt64(ProtoSize.mapEntry(K.self, V.self, entryKey, value)))
            if entryKey != K.defaultValue {
                writeTag(UInt32(1 << 3) | UInt32(K.wireType.rawValue))
                K.write(entryKey, to: &self)
            }
            if value != V.defaultValue {
                writeTag(UInt32(2 << 3) | UInt32(V.wireType.rawValue))
                V.write(value, to: &self)
            }
        }
    }

    @inlinable
    public mutating func writeMap<K: ProtoScalar, M: ProtoMessage>(
        _ keyCodec: K.Type, message: M.Type, key: UInt32, _ map: [K.Value: M]
    ) where K.Value: ProtoMapKey {
        for (entryKey, value) in map.sorted(by: { K.Value.protoMapOrder($0.key, $1.key) }) {
            writeTag(key)
            writeVarint(UInt64(ProtoSize.mapEntry(K.self, entryKey, value)))
            if entryKey != K.defaultValue {
                writeTag(UInt32(1 << 3) | UInt32(K.wireType.rawValue))
                K.write(entryKey, to: &self)
            }
            writeMessage(key: UInt32(2 << 3 | 2), value)
        }
    }

    @inlinable
    public mutating func writeUnknown(_ fields: UnknownFields) {
        guard !fields.data.isEmpty else { return }
        fields.data.withUnsafeBytes { writeRaw($0) }
    }
}
