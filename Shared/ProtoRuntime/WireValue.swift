/// One field value read off the wire without interpreting it, for the schema-driven paths (JSON, redaction).
enum WireValue {
    case varint(UInt64)
    case fixed32(UInt32)
    case fixed64(UInt64)
    case lengthDelimited(UnsafeRawBufferPointer)

    static func read(_ wireType: WireType, from reader: inout ProtoReader) throws -> WireValue {
        switch wireType {
        case .varint: return .varint(try reader.readVarint())
        case .fixed32: return .fixed32(try reader.readFixed32())
        case .fixed64: return .fixed64(try reader.readFixed64())
        case .lengthDelimited: return .lengthDelimited(try reader.readLengthDelimited { $0 })
        case .startGroup, .endGroup:
            throw ProtoDecodingError(.invalidWireType(wireType.rawValue), offset: reader.tagStart)
        }
    }

    var integer: UInt64 {
        switch self {
        case .varint(let value), .fixed64(let value): return value
        case .fixed32(let value): return UInt64(value)
        case .lengthDelimited: return 0
        }
    }

    var payload: UnsafeRawBufferPointer {
        if case .lengthDelimited(let bytes) = self { return bytes }
        return UnsafeRawBufferPointer(start: nil, count: 0)
    }
}

extension ProtoMessageSchema {
    /// Reads every known field of one message into raw values per field index, expanding packed runs; unknown
    /// fields are skipped. Wire types are checked against the schema.
    func collectValues(_ reader: inout ProtoReader) throws -> [Int: [WireValue]] {
        var values: [Int: [WireValue]] = [:]
        while let tag = try reader.nextTag() {
            guard let index = indexByNumber[tag.fieldNumber] else {
                try reader.skipPayload(tag)
                continue
            }
            let field = fields[index]
            let expected: WireType = field.isMap ? .lengthDelimited : field.type.wireType
            if tag.wireType == .lengthDelimited, expected != .lengthDelimited, !field.isSingular {
                let length = try reader.readLength()
                let savedEnd = reader.end
                reader.end = reader.position + length
                while !reader.isAtEnd { values[index, default: []].append(try WireValue.read(expected, from: &reader)) }
                reader.end = savedEnd
            } else {
                guard tag.wireType == expected else { throw reader.wrongWireType(tag, expected: expected) }
                values[index, default: []].append(try WireValue.read(expected, from: &reader))
            }
        }
        return values
    }
}

extension ProtoFieldSchema {
    var isMap: Bool {
        if case .map = cardinality { return true }
        return false
    }

    var isSingular: Bool {
        if case .singular = cardinality { return true }
        return false
    }

    /// The synthetic two-field message a map entry is on the wire.
    func mapEntrySchema() -> ProtoMessageSchema? {
        guard case .map(let key, let value) = cardinality else { return nil }
        return ProtoMessageSchema(messageName: name + ".entry", fields: [
            ProtoFieldSchema(number: 1, name: "key", jsonName: "key", type: key),
            ProtoFieldSchema(number: 2, name: "value", jsonName: "value", type: value),
        ])
    }
}
