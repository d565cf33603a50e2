/// Fields a message did not recognise, kept as raw wire bytes and re-emitted after the known fields.
public struct UnknownFields: Sendable, Hashable {
    /// Concatenated key-and-payload bytes, in the order they were read.
    public var data: [UInt8]

    public init() { data = [] }
    public init(data: [UInt8]) { self.data = data }

    @inlinable public var isEmpty: Bool { data.isEmpty }
    @inlinable public var count: Int { data.count }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        data.append(contentsOf: bytes)
    }

    /// Every varint value recorded for `fieldNumber` (how the generator reads custom options such as `idempotent`).
    public func varints(forField fieldNumber: Int) -> [UInt64] {
        var values: [UInt64] = []
        data.withUnsafeBytes { buffer in
            var reader = ProtoReader(buffer)
            while let tag = try? reader.nextTag() {
                if tag.fieldNumber == fieldNumber, tag.wireType == .varint {
                    guard let value = try? reader.readVarint() else { return }
                    values.append(value)
                } else if (try? reader.skipPayload(tag)) == nil {
                    return
                }
            }
        }
        return values
    }
}
