/// Turns parsed JSON into the binary encoding of a message, driven by its schema (the decoder then builds the value).
/// Field names may be proto names or lowerCamel; integers may be numbers or strings; enums names or numbers.
enum ProtoJSONEncoder {
    static func encode(_ json: JSONValue, schema: ProtoMessageSchema, depth: Int = 0) throws -> [UInt8] {
        guard depth <= DecodingOptions.defaultMaxDepth else {
            throw ProtoJSONError("\(schema.messageName): nested deeper than \(DecodingOptions.defaultMaxDepth)")
        }
        guard case .object(let members) = json else {
            throw ProtoJSONError("\(schema.messageName): expected an object, got \(json.kindName)")
        }
        var sink = ByteSink()
        for (key, value) in members {
            guard let field = schema.field(named: key) else {
                throw ProtoJSONError("\(schema.messageName): unknown field \"\(key)\"")
            }
            if case .null = value { continue }
            let context = "\(schema.messageName).\(field.name)"
            switch field.cardinality {
            case .singular:
                try encodeValue(value, type: field.type, number: field.number, context: context, depth: depth, into: &sink)
            case .repeated:
                guard case .array(let elements) = value else { throw ProtoJSONError("\(context): expected an array, got \(value.kindName)") }
                for element in elements {
                    try encodeValue(element, type: field.type, number: field.number, context: context, depth: depth, into: &sink)
                }
            case .map(let keyType, let valueType):
                guard case .object(let entries) = value else { throw ProtoJSONError("\(context): expected an object, got \(value.kindName)") }
                for (entryKey, entryValue) in entries {
                    var entry = ByteSink()
                    try encodeValue(mapKeyJSON(entryKey, type: keyType), type: keyType, number: 1, context: context, depth: depth, into: &entry)
                    try encodeValue(entryValue, type: valueType, number: 2, context: context, depth: depth, into: &entry)
                    sink.tag(field.number, .lengthDelimited)
                    sink.lengthDelimited(entry.bytes)
                }
            }
        }
        return sink.bytes
    }

    /// Map keys are always JSON strings; numeric and boolean keys are read from their text.
    private static func mapKeyJSON(_ key: String, type: ProtoFieldType) -> JSONValue {
        switch type {
        case .string: return .string(key)
        case .bool where key == "true": return .bool(true)
        case .bool where key == "false": return .bool(false)
        default: return .number(key)
        }
    }

    private static func encodeValue(
        _ value: JSONValue, type: ProtoFieldType, number: Int, context: String, depth: Int, into sink: inout ByteSink
    ) throws {
        switch type {
        case .int32:
            sink.tag(number, .varint)
            sink.varint(UInt64(bitPattern: try signed(value, bits: 32, context)))
        case .int64:
            sink.tag(number, .varint)
            sink.varint(UInt64(bitPattern: try signed(value, bits: 64, context)))
        case .sint32, .sint64:
            let integer = try signed(value, bits: type.isSint32 ? 32 : 64, context)
            sink.tag(number, .varint)
            sink.varint(UInt64(bitPattern: (integer << 1) ^ (integer >> 63)))
        case .uint32:
            sink.tag(number, .varint)
            sink.varint(try unsigned(value, bits: 32, context))
        case .uint64:
            sink.tag(number, .varint)
            sink.varint(try unsigned(value, bits: 64, context))
        case .fixed32:
            sink.tag(number, .fixed32)
            sink.fixed32(UInt32(try unsigned(value, bits: 32, context)))
        case .sfixed32:
            sink.tag(number, .fixed32)
            sink.fixed32(UInt32(bitPattern: Int32(try signed(value, bits: 32, context))))
        case .fixed64:
            sink.tag(number, .fixed64)
            sink.fixed64(try unsigned(value, bits: 64, context))
        case .sfixed64:
            sink.tag(number, .fixed64)
            sink.fixed64(UInt64(bitPattern: try signed(value, bits: 64, context)))
        case .float:
            let number64 = try floatingPoint(value, context)
            guard !number64.isFinite || Float(number64).isFinite else {
                throw ProtoJSONError("\(context): \(number64) is out of range for a float")
            }
            sink.tag(number, .fixed32)
            sink.fixed32(Float(number64).bitPattern)
        case .double:
            sink.tag(number, .fixed64)
            sink.fixed64(try floatingPoint(value, context).bitPattern)
        case .bool:
            guard case .bool(let flag) = value else { throw ProtoJSONError("\(context): expected true or false, got \(value.kindName)") }
            sink.tag(number, .varint)
            sink.varint(flag ? 1 : 0)
        case .string:
            guard case .string(let text) = value else { throw ProtoJSONError("\(context): expected a string, got \(value.kindName)") }
            sink.tag(number, .lengthDelimited)
            sink.lengthDelimited(Array(text.utf8))
        case .bytes:
            guard case .string(let text) = value, let bytes = Base64.decode(text) else {
                throw ProtoJSONError("\(context): expected a base64 string")
            }
            sink.tag(number, .lengthDelimited)
            sink.lengthDelimited(bytes)
        case .enumeration(let enumType):
            let raw: Int32
            if case .string(let name) = value {
                guard let known = enumType.init(protoName: name) else {
                    throw ProtoJSONError("\(context): unknown enum value \"\(name)\"")
                }
                raw = known.rawValue
            } else {
                raw = Int32(try signed(value, bits: 32, context))
            }
            sink.tag(number, .varint)
            sink.varint(UInt64(bitPattern: Int64(raw)))
        case .message(let messageType):
            let nested = try encode(value, schema: messageType.protoSchema, depth: depth + 1)
            sink.tag(number, .lengthDelimited)
            sink.lengthDelimited(nested)
        }
    }

    /// The text of a JSON number or numeric string.
    private static func numericText(_ value: JSONValue, _ context: String) throws -> String {
        switch value {
        case .number(let text), .string(let text): return text
        default: throw ProtoJSONError("\(context): expected a number, got \(value.kindName)")
        }
    }

    private static func signed(_ value: JSONValue, bits: Int, _ context: String) throws -> Int64 {
        let text = try numericText(value, context)
        let range = bits == 32 ? Int64(Int32.min)...Int64(Int32.max) : Int64.min...Int64.max
        if let integer = Int64(text), range.contains(integer) { return integer }
        // Exponent or fraction forms ("1e3", "2.0") are accepted when they are exact integers in range.
        if Int64(text) == nil, let number = Double(text), number.rounded() == number,
           number >= Double(range.lowerBound), number < Double(range.upperBound) {
            return Int64(number)
        }
        throw ProtoJSONError("\(context): \"\(text)\" is not an integer of \(bits) bits")
    }

    private static func unsigned(_ value: JSONValue, bits: Int, _ context: String) throws -> UInt64 {
        let text = try numericText(value, context)
        let maximum = bits == 32 ? UInt64(UInt32.max) : UInt64.max
        if let integer = UInt64(text), integer <= maximum { return integer }
        if UInt64(text) == nil, let number = Double(text), number.rounded() == number, number >= 0, number < Double(maximum) {
            return UInt64(number)
        }
        throw ProtoJSONError("\(context): \"\(text)\" is not an unsigned integer of \(bits) bits")
    }

    private static func floatingPoint(_ value: JSONValue, _ context: String) throws -> Double {
        if case .string(let text) = value {
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: break
            }
        }
        let text = try numericText(value, context)
        guard let number = Double(text), number.isFinite else {
            throw ProtoJSONError("\(context): \"\(text)\" is not a number")
        }
        return number
    }
}

extension ProtoFieldType {
    var isSint32: Bool {
        if case .sint32 = self { return true }
        return false
    }
}
