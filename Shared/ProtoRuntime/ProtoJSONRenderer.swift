/// Renders encoded message bytes as proto3 JSON, driven by the message schema: proto field names, 64-bit integers
/// as strings, enums by name, bytes in base64, secret fields as "[REDACTED]" when asked.
enum ProtoJSONRenderer {
    static let redactedMarker = "[REDACTED]"

    static func render(_ bytes: [UInt8], schema: ProtoMessageSchema, redacting: Bool) throws -> String {
        var output = ""
        try bytes.withUnsafeBytes { buffer in
            try renderMessage(buffer, schema: schema, redacting: redacting, depth: 0, into: &output)
        }
        return output
    }

    private static func renderMessage(
        _ bytes: UnsafeRawBufferPointer, schema: ProtoMessageSchema, redacting: Bool, depth: Int, into output: inout String
    ) throws {
        guard depth <= DecodingOptions.defaultMaxDepth else {
            throw ProtoDecodingError(.tooDeep(limit: DecodingOptions.defaultMaxDepth), offset: 0)
        }
        var reader = ProtoReader(bytes)
        let values = try schema.collectValues(&reader)
        output += "{"
        var first = true
        for (index, field) in schema.fields.enumerated() {
            guard let raw = values[index], !raw.isEmpty else { continue }
            if !first { output += "," }
            first = false
            appendString(field.name, to: &output)
            output += ":"
            if redacting && field.isSecret {
                appendString(redactedMarker, to: &output)
                continue
            }
            switch field.cardinality {
            case .singular:
                if case .message(let type) = field.type {
                    try renderMerged(raw, schema: type.protoSchema, redacting: redacting, depth: depth + 1, into: &output)
                } else {
                    try renderValue(raw[raw.count - 1], type: field.type, redacting: redacting, depth: depth, into: &output)
                }
            case .repeated:
                output += "["
                for (position, value) in raw.enumerated() {
                    if position > 0 { output += "," }
                    try renderValue(value, type: field.type, redacting: redacting, depth: depth, into: &output)
                }
                output += "]"
            case .map(let keyType, let valueType):
                try renderMap(raw, field: field, keyType: keyType, valueType: valueType, redacting: redacting, depth: depth, into: &output)
            }
        }
        output += "}"
    }

    /// A singular message field that occurs several times is the merge of all occurrences: their concatenation.
    private static func renderMerged(
        _ raw: [WireValue], schema: ProtoMessageSchema, redacting: Bool, depth: Int, into output: inout String
    ) throws {
        if raw.count == 1 {
            try renderMessage(raw[0].payload, schema: schema, redacting: redacting, depth: depth, into: &output)
            return
        }
        var joined: [UInt8] = []
        for value in raw { joined.append(contentsOf: value.payload) }
        try joined.withUnsafeBytes { try renderMessage($0, schema: schema, redacting: redacting, depth: depth, into: &output) }
    }

    private static func renderMap(
        _ raw: [WireValue], field: ProtoFieldSchema, keyType: ProtoFieldType, valueType: ProtoFieldType,
        redacting: Bool, depth: Int, into output: inout String
    ) throws {
        guard let entrySchema = field.mapEntrySchema() else { return }
        var order: [String] = []
        var rendered: [String: String] = [:]
        for entry in raw {
            var reader = ProtoReader(entry.payload)
            let parts = try entrySchema.collectValues(&reader)
            let key = parts[0]?.last.map { mapKey($0, type: keyType) } ?? mapKeyDefault(keyType)
            var value = ""
            if let valueRaw = parts[1], !valueRaw.isEmpty {
                if case .message(let type) = valueType {
                    try renderMerged(valueRaw, schema: type.protoSchema, redacting: redacting, depth: depth + 1, into: &value)
                } else {
                    try renderValue(valueRaw[valueRaw.count - 1], type: valueType, redacting: redacting, depth: depth, into: &value)
                }
            } else {
                try renderDefault(valueType, into: &value)
            }
            if rendered.updateValue(value, forKey: key) == nil { order.append(key) }
        }
        output += "{"
        for (position, key) in order.enumerated() {
            if position > 0 { output += "," }
            appendString(key, to: &output)
            output += ":" + rendered[key]!
        }
        output += "}"
    }

    private static func renderDefault(_ type: ProtoFieldType, into output: inout String) throws {
        switch type {
        case .message: output += "{}"
        case .string, .bytes: output += "\"\""
        case .bool: output += "false"
        case .enumeration(let enumType): try renderValue(.varint(0), type: .enumeration(enumType), redacting: false, depth: 0, into: &output)
        case .int64, .uint64, .fixed64, .sfixed64, .sint64: output += "\"0\""
        default: output += "0"
        }
    }

    private static func mapKeyDefault(_ type: ProtoFieldType) -> String {
        switch type {
        case .bool: return "false"
        case .string: return ""
        default: return "0"
        }
    }

    private static func mapKey(_ value: WireValue, type: ProtoFieldType) -> String {
        switch type {
        case .string: return String(decoding: value.payload, as: UTF8.self)
        case .bool: return value.integer != 0 ? "true" : "false"
        default: return integerText(value, type: type) ?? "0"
        }
    }

    /// Decimal text of an integer-typed value, or nil for other types.
    private static func integerText(_ value: WireValue, type: ProtoFieldType) -> String? {
        let raw = value.integer
        switch type {
        case .int32: return String(Int32(truncatingIfNeeded: raw))
        case .sfixed32: return String(Int32(bitPattern: UInt32(truncatingIfNeeded: raw)))
        case .uint32, .fixed32: return String(UInt32(truncatingIfNeeded: raw))
        case .int64, .sfixed64: return String(Int64(bitPattern: raw))
        case .uint64, .fixed64: return String(raw)
        case .sint32:
            let zigzag = UInt32(truncatingIfNeeded: raw)
            return String(Int32(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1))))
        case .sint64: return String(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
        default: return nil
        }
    }

    private static func renderValue(
        _ value: WireValue, type: ProtoFieldType, redacting: Bool, depth: Int, into output: inout String
    ) throws {
        switch type {
        case .int32, .sint32, .sfixed32, .uint32, .fixed32:
            output += integerText(value, type: type) ?? "0"
        case .int64, .sint64, .sfixed64, .uint64, .fixed64:
            output += "\"" + (integerText(value, type: type) ?? "0") + "\""
        case .bool:
            output += value.integer != 0 ? "true" : "false"
        case .float:
            let number = Float(bitPattern: UInt32(truncatingIfNeeded: value.integer))
            appendFloatingPoint(Double(number), text: "\(number)", to: &output)
        case .double:
            let number = Double(bitPattern: value.integer)
            appendFloatingPoint(number, text: "\(number)", to: &output)
        case .string:
            guard UTF8Validation.isValid(value.payload) else { throw ProtoDecodingError(.invalidUTF8(field: 0), offset: 0) }
            appendString(String(decoding: value.payload, as: UTF8.self), to: &output)
        case .bytes:
            appendString(Base64.encode([UInt8](value.payload)), to: &output)
        case .enumeration(let enumType):
            let number = Int32(truncatingIfNeeded: value.integer)
            if let name = enumType.init(rawValue: number).protoName {
                appendString(name, to: &output)
            } else {
                output += String(number)
            }
        case .message(let messageType):
            try renderMessage(value.payload, schema: messageType.protoSchema, redacting: redacting, depth: depth + 1, into: &output)
        }
    }

    private static func appendFloatingPoint(_ number: Double, text: String, to output: inout String) {
        if number.isNaN {
            output += "\"NaN\""
        } else if number.isInfinite {
            output += number < 0 ? "\"-Infinity\"" : "\"Infinity\""
        } else {
            output += text
        }
    }

    static func appendString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
