/// Reads protobuf wire data from borrowed memory; valid only while that memory is (inside `withUnsafeBytes`).
///
/// Positions are absolute offsets into the outermost buffer so errors can say where they happened; nested messages
/// narrow `end` instead of copying.
public struct ProtoReader {
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline var position: Int
    @usableFromInline var end: Int
    @usableFromInline var depth: Int
    @usableFromInline let maxDepth: Int
    @usableFromInline var tagStart: Int
    /// Field number of the key read last, for error messages.
    @usableFromInline var fieldNumber: Int

    public init(_ buffer: UnsafeRawBufferPointer, options: DecodingOptions = DecodingOptions()) {
        // An empty buffer may have no address; nothing is ever read through this one.
        self.base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!
        self.position = 0
        self.end = buffer.count
        self.depth = 0
        self.maxDepth = options.maxDepth
        self.tagStart = 0
        self.fieldNumber = 0
    }

    /// True once every byte up to the current limit has been read.
    @inlinable public var isAtEnd: Bool { position >= end }

    // MARK: Primitives

    @inlinable
    public mutating func readVarint() throws -> UInt64 {
        if position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte < 0x80 {
                position &+= 1
                return UInt64(byte)
            }
        }
        return try readVarintSlow()
    }

    @usableFromInline
    mutating func readVarintSlow() throws -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ProtoDecodingError(.truncatedVarint, offset: start) }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift >= 70 { throw ProtoDecodingError(.varintTooLong, offset: start) }
        }
    }

    @inlinable
    public mutating func readFixed32() throws -> UInt32 {
        guard end - position >= 4 else { throw ProtoDecodingError(.truncatedField, offset: position) }
        let value = base.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position &+= 4
        return UInt32(littleEndian: value)
    }

    @inlinable
    public mutating func readFixed64() throws -> UInt64 {
        guard end - position >= 8 else { throw ProtoDecodingError(.truncatedField, offset: position) }
        let value = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position &+= 8
        return UInt64(littleEndian: value)
    }

    /// Reads a length prefix and checks the bytes it announces are there.
    @inlinable
    public mutating func readLength() throws -> Int {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw ProtoDecodingError(.lengthPastEnd(length: length, remaining: end - position), offset: start)
        }
        return Int(length)
    }

    /// Reads a length-delimited payload and hands it to `body` without copying.
    @inlinable
    public mutating func readLengthDelimited<T>(_ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let length = try readLength()
        let bytes = UnsafeRawBufferPointer(start: base + position, count: length)
        position &+= length
        return try body(bytes)
    }

    /// Reads the next field key, or returns nil at the current limit.
    @inlinable
    public mutating func nextTag() throws -> ProtoTag? {
        guard position < end else { return nil }
        tagStart = position
        let raw = try readVarint()
        guard raw >> 3 != 0, raw <= UInt64(UInt32.max) else {
            throw ProtoDecodingError(.invalidFieldNumber, offset: tagStart)
        }
        guard let wireType = WireType(rawValue: UInt8(truncatingIfNeeded: raw & 7)) else {
            throw ProtoDecodingError(.invalidWireType(UInt8(truncatingIfNeeded: raw & 7)), offset: tagStart)
        }
        fieldNumber = Int(truncatingIfNeeded: raw >> 3)
        return ProtoTag(fieldNumber: fieldNumber, wireType: wireType)
    }

    @inlinable
    public func expect(_ tag: ProtoTag, _ wireType: WireType) throws {
        guard tag.wireType == wireType else { throw wrongWireType(tag, expected: wireType) }
    }

    @usableFromInline
    func wrongWireType(_ tag: ProtoTag, expected: WireType) -> ProtoDecodingError {
        ProtoDecodingError(.wrongWireType(field: tag.fieldNumber, expected: expected, actual: tag.wireType), offset: tagStart)
    }

    // MARK: Nesting

    /// Runs `body` with the limit narrowed to a length-delimited payload one nesting level down.
    @inlinable
    public mutating func withNestedLimit(_ tag: ProtoTag, _ body: (inout ProtoReader) throws -> Void) throws {
        try expect(tag, .lengthDelimited)
        let length = try readLength()
        guard depth < maxDepth else { throw ProtoDecodingError(.tooDeep(limit: maxDepth), offset: tagStart) }
        let savedEnd = end
        end = position &+ length
        depth &+= 1
        try body(&self)
        depth &-= 1
        position = end
        end = savedEnd
    }

    /// Decodes a nested message field, merging into an existing value as the protobuf rules say.
    @inlinable
    public mutating func mergeMessage<M: ProtoMessage>(_ tag: ProtoTag, into message: inout M) throws {
        try withNestedLimit(tag) { reader in try message.decodeFields(from: &reader) }
    }

    @inlinable
    public mutating func readMessage<M: ProtoMessage>(_ tag: ProtoTag, as type: M.Type) throws -> M {
        var message = M()
        try mergeMessage(tag, into: &message)
        return message
    }

    // MARK: Unknown fields

    /// Skips the payload of the field whose key was just read and keeps its raw bytes.
    public mutating func skipField(_ tag: ProtoTag, into unknown: inout UnknownFields) throws {
        let start = tagStart
        try skipPayload(tag)
        unknown.append(UnsafeRawBufferPointer(start: base + start, count: position - start))
    }

    /// Skips the payload of the field whose key was just read.
    public mutating func skipPayload(_ tag: ProtoTag) throws {
        switch tag.wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: position += try readLength()
        case .startGroup: try skipGroup(tag.fieldNumber)
        case .endGroup: throw ProtoDecodingError(.unmatchedEndGroup, offset: tagStart)
        }
    }

    mutating func skipGroup(_ fieldNumber: Int) throws {
        guard depth < maxDepth else { throw ProtoDecodingError(.tooDeep(limit: maxDepth), offset: tagStart) }
        depth += 1
        defer { depth -= 1 }
        while let inner = try nextTag() {
            if inner.wireType == .endGroup {
                guard inner.fieldNumber == fieldNumber else { throw ProtoDecodingError(.unmatchedEndGroup, offset: tagStart) }
                return
            }
            try skipPayload(inner)
        }
        throw ProtoDecodingError(.truncatedField, offset: position)
    }
}
