import ProtoRuntime

extension ProtoReader {
    /// Hands `body` each field of the message in `bytes` (a reader placed after the field's key, the key, and the
    /// whole buffer), for readers that take a few fields of a message without decoding it.
    static func forEachField(in bytes: [UInt8],
                             _ body: (inout ProtoReader, ProtoTag, UnsafeRawBufferPointer) throws -> Void) throws {
        let options = DecodingOptions()
        // The same limits as the generated decoders, so what is read here decodes there too.
        guard bytes.count <= options.maxMessageSize else {
            throw ProtoDecodingError(.messageTooLarge(size: bytes.count, limit: options.maxMessageSize), offset: 0)
        }
        try bytes.withUnsafeBytes { buffer in
            var reader = ProtoReader(buffer, options: options)
            while let tag = try reader.nextTag() { try body(&reader, tag, buffer) }
        }
    }

    /// Reads the length-delimited field whose key was just read and returns where its bytes lie in `buffer` (the
    /// bytes this reader reads), without copying them out.
    mutating func readRange(_ tag: ProtoTag, in buffer: UnsafeRawBufferPointer) throws -> Range<Int> {
        try expect(tag, .lengthDelimited)
        return try readLengthDelimited { field in
            let start = field.baseAddress.map { $0 - buffer.baseAddress! } ?? 0
            return start..<(start + field.count)
        }
    }
}
