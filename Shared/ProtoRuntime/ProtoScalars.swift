// One codec per protobuf scalar type. Each is a handful of lines, so they share this file.

/// `int32`: varint, negative values sign-extended to ten bytes.
public enum ProtoInt32: ProtoScalar {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: Int32 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Int32 { Int32(truncatingIfNeeded: try reader.readVarint()) }
    @inlinable public static func payloadSize(_ value: Int32) -> Int { ProtoSize.varint(UInt64(bitPattern: Int64(value))) }
    @inlinable public static func write(_ value: Int32, to writer: inout ProtoWriter) { writer.writeVarint(UInt64(bitPattern: Int64(value))) }
}

/// `int64`: varint.
public enum ProtoInt64: ProtoScalar {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: Int64 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Int64 { Int64(bitPattern: try reader.readVarint()) }
    @inlinable public static func payloadSize(_ value: Int64) -> Int { ProtoSize.varint(UInt64(bitPattern: value)) }
    @inlinable public static func write(_ value: Int64, to writer: inout ProtoWriter) { writer.writeVarint(UInt64(bitPattern: value)) }
}

/// `uint32`: varint.
public enum ProtoUInt32: ProtoScalar {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: UInt32 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> UInt32 { UInt32(truncatingIfNeeded: try reader.readVarint()) }
    @inlinable public static func payloadSize(_ value: UInt32) -> Int { ProtoSize.varint(UInt64(value)) }
    @inlinable public static func write(_ value: UInt32, to writer: inout ProtoWriter) { writer.writeVarint(UInt64(value)) }
}

/// `uint64`: varint.
public enum ProtoUInt64: ProtoScalar {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: UInt64 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> UInt64 { try reader.readVarint() }
    @inlinable public static func payloadSize(_ value: UInt64) -> Int { ProtoSize.varint(value) }
    @inlinable public static func write(_ value: UInt64, to writer: inout ProtoWriter) { writer.writeVarint(value) }
}

/// `sint32`: zigzag varint.
public enum ProtoSInt32: ProtoScalar {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: Int32 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Int32 {
        let raw = UInt32(truncatingIfNeeded: try reader.readVarint())
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
    @inlinable static func zigzag(_ value: Int32) -> UInt32 { UInt32(bitPattern: (value << 1) ^ (value >> 31)) }
    @inlinable public static func payloadSize(_ value: Int32) -> Int { ProtoSize.varint(UInt64(zigzag(value))) }
    @inlinable public static func write(_ value: Int32, to writer: inout ProtoWriter) { writer.writeVarint(UInt64(zigzag(value))) }
}

/// `sint64`: zigzag varint.
public enum ProtoSInt64: ProtoScalar {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: Int64 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Int64 {
        let raw = try reader.readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
    @inlinable static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    @inlinable public static func payloadSize(_ value: Int64) -> Int { ProtoSize.varint(zigzag(value)) }
    @inlinable public static func write(_ value: Int64, to writer: inout ProtoWriter) { writer.writeVarint(zigzag(value)) }
}

/// `fixed32`: four little-endian bytes.
public enum ProtoFixed32: ProtoScalar {
    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fixedWidth: Int? { 4 }
    @inlinable public static var defaultValue: UInt32 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> UInt32 { try reader.readFixed32() }
    @inlinable public static func payloadSize(_ value: UInt32) -> Int { 4 }
    @inlinable public static func write(_ value: UInt32, to writer: inout ProtoWriter) { writer.writeFixed32(value) }
}

/// `fixed64`: eight little-endian bytes.
public enum ProtoFixed64: ProtoScalar {
    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fixedWidth: Int? { 8 }
    @inlinable public static var defaultValue: UInt64 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> UInt64 { try reader.readFixed64() }
    @inlinable public static func payloadSize(_ value: UInt64) -> Int { 8 }
    @inlinable public static func write(_ value: UInt64, to writer: inout ProtoWriter) { writer.writeFixed64(value) }
}

/// `sfixed32`: four little-endian bytes, two's complement.
public enum ProtoSFixed32: ProtoScalar {
    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fixedWidth: Int? { 4 }
    @inlinable public static var defaultValue: Int32 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Int32 { Int32(bitPattern: try reader.readFixed32()) }
    @inlinable public static func payloadSize(_ value: Int32) -> Int { 4 }
    @inlinable public static func write(_ value: Int32, to writer: inout ProtoWriter) { writer.writeFixed32(UInt32(bitPattern: value)) }
}

/// `sfixed64`: eight little-endian bytes, two's complement.
public enum ProtoSFixed64: ProtoScalar {
    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fixedWidth: Int? { 8 }
    @inlinable public static var defaultValue: Int64 { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Int64 { Int64(bitPattern: try reader.readFixed64()) }
    @inlinable public static func payloadSize(_ value: Int64) -> Int { 8 }
    @inlinable public static func write(_ value: Int64, to writer: inout ProtoWriter) { writer.writeFixed64(UInt64(bitPattern: value)) }
}

/// `float`: IEEE 754 single precision, four bytes.
public enum ProtoFloat: ProtoScalar {
    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fixedWidth: Int? { 4 }
    @inlinable public static var defaultValue: Float { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Float { Float(bitPattern: try reader.readFixed32()) }
    @inlinable public static func payloadSize(_ value: Float) -> Int { 4 }
    @inlinable public static func write(_ value: Float, to writer: inout ProtoWriter) { writer.writeFixed32(value.bitPattern) }
}

/// `double`: IEEE 754 double precision, eight bytes.
public enum ProtoDouble: ProtoScalar {
    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fixedWidth: Int? { 8 }
    @inlinable public static var defaultValue: Double { 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Double { Double(bitPattern: try reader.readFixed64()) }
    @inlinable public static func payloadSize(_ value: Double) -> Int { 8 }
    @inlinable public static func write(_ value: Double, to writer: inout ProtoWriter) { writer.writeFixed64(value.bitPattern) }
}

/// `bool`: varint 0 or 1 (any non-zero decodes as true).
public enum ProtoBool: ProtoScalar {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: Bool { false }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Bool { try reader.readVarint() != 0 }
    @inlinable public static func payloadSize(_ value: Bool) -> Int { 1 }
    @inlinable public static func write(_ value: Bool, to writer: inout ProtoWriter) { writer.writeByte(value ? 1 : 0) }
}

/// `string`: length-delimited UTF-8, validated on decode.
public enum ProtoString: ProtoScalar {
    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var defaultValue: String { "" }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> String {
        let start = reader.tagStart
        let field = reader.fieldNumber
        return try reader.readLengthDelimited { bytes in
            // Validated here because String(decoding:) would silently repair malformed UTF-8.
            guard UTF8Validation.isValid(bytes) else {
                throw ProtoDecodingError(.invalidUTF8(field: field), offset: start)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
    @inlinable public static func payloadSize(_ value: String) -> Int { ProtoSize.lengthDelimited(value.utf8.count) }
    @inlinable public static func write(_ value: String, to writer: inout ProtoWriter) {
        let count = value.utf8.count
        writer.writeVarint(UInt64(count))
        if value.utf8.withContiguousStorageIfAvailable({ writer.writeRaw(UnsafeRawBufferPointer($0)) }) == nil {
            var copy = value
            copy.withUTF8 { writer.writeRaw(UnsafeRawBufferPointer($0)) }
        }
    }
}

/// `bytes`: length-delimited raw bytes.
public enum ProtoBytes: ProtoScalar {
    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var defaultValue: [UInt8] { [] }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> [UInt8] {
        try reader.readLengthDelimited { [UInt8]($0) }
    }
    @inlinable public static func payloadSize(_ value: [UInt8]) -> Int { ProtoSize.lengthDelimited(value.count) }
    @inlinable public static func write(_ value: [UInt8], to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(value.count))
        value.withUnsafeBytes { writer.writeRaw($0) }
    }
}

/// A generated enum: varint of its number; numbers the enum does not know are kept.
public enum ProtoEnumCodec<E: ProtoEnum>: ProtoScalar {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: E { E(rawValue: 0) }
    @inlinable public static func read(from reader: inout ProtoReader) throws -> E { E(rawValue: Int32(truncatingIfNeeded: try reader.readVarint())) }
    @inlinable public static func payloadSize(_ value: E) -> Int { ProtoSize.varint(UInt64(bitPattern: Int64(value.rawValue))) }
    @inlinable public static func write(_ value: E, to writer: inout ProtoWriter) { writer.writeVarint(UInt64(bitPattern: Int64(value.rawValue))) }
}
