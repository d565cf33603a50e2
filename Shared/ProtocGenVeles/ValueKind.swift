/// What one value of a field is in Swift and which runtime codec writes it.
enum ValueKind {
    case scalar(codec: String, swiftType: String, schemaType: String)
    case enumeration(swiftType: String, defaultCase: String)
    case message(swiftType: String)

    typealias FieldType = Google_Protobuf_FieldDescriptorProto.TypeEnum

    init(_ field: Google_Protobuf_FieldDescriptorProto, catalog: TypeCatalog) throws {
        switch field.type {
        case .message:
            self = .message(swiftType: try catalog.message(field.typeName).swiftName)
        case .enum:
            let enumeration = try catalog.enumeration(field.typeName)
            guard let first = enumeration.descriptor.value.first else { throw GeneratorError("enum \(enumeration.fullName) has no values") }
            self = .enumeration(
                swiftType: enumeration.swiftName,
                defaultCase: SwiftNaming.escaped(SwiftNaming.enumCaseName(first.name, enumName: enumeration.descriptor.name)))
        case .group:
            throw GeneratorError("field \(field.name): groups are not supported")
        default:
            guard let scalar = Self.scalars[field.type] else { throw GeneratorError("field \(field.name): unsupported type") }
            self = .scalar(codec: scalar.codec, swiftType: scalar.swiftType, schemaType: scalar.schemaType)
        }
    }

    private static let scalars: [FieldType: (codec: String, swiftType: String, schemaType: String)] = [
        .double: ("ProtoDouble", "Double", "double"), .float: ("ProtoFloat", "Float", "float"),
        .int64: ("ProtoInt64", "Int64", "int64"), .uint64: ("ProtoUInt64", "UInt64", "uint64"),
        .int32: ("ProtoInt32", "Int32", "int32"), .fixed64: ("ProtoFixed64", "UInt64", "fixed64"),
        .fixed32: ("ProtoFixed32", "UInt32", "fixed32"), .bool: ("ProtoBool", "Bool", "bool"),
        .string: ("ProtoString", "String", "string"), .bytes: ("ProtoBytes", "[UInt8]", "bytes"),
        .uint32: ("ProtoUInt32", "UInt32", "uint32"), .sfixed32: ("ProtoSFixed32", "Int32", "sfixed32"),
        .sfixed64: ("ProtoSFixed64", "Int64", "sfixed64"), .sint32: ("ProtoSInt32", "Int32", "sint32"),
        .sint64: ("ProtoSInt64", "Int64", "sint64"),
    ]

    var swiftType: String {
        switch self {
        case .scalar(_, let swiftType, _): return swiftType
        case .enumeration(let swiftType, _): return swiftType
        case .message(let swiftType): return swiftType
        }
    }

    /// The codec type expression for scalars and enums.
    var codec: String {
        switch self {
        case .scalar(let codec, _, _): return codec
        case .enumeration(let swiftType, _): return "ProtoEnumCodec<\(swiftType)>"
        case .message(let swiftType): return swiftType
        }
    }

    var isMessage: Bool {
        if case .message = self { return true }
        return false
    }

    var wireType: UInt32 {
        switch self {
        case .scalar(_, _, let schemaType):
            switch schemaType {
            case "double", "fixed64", "sfixed64": return 1
            case "float", "fixed32", "sfixed32": return 5
            case "string", "bytes": return 2
            default: return 0
            }
        case .enumeration: return 0
        case .message: return 2
        }
    }

    /// Strings, bytes and messages cannot be packed.
    var isPackable: Bool { wireType != 2 }

    /// The `ProtoFieldType` expression for the schema.
    var schemaType: String {
        switch self {
        case .scalar(_, _, let schemaType): return "." + schemaType
        case .enumeration(let swiftType, _): return ".enumeration(\(swiftType).self)"
        case .message(let swiftType): return ".message(\(swiftType).self)"
        }
    }

    /// The zero value of a proto3 field.
    var zeroLiteral: String {
        switch self {
        case .scalar(_, let swiftType, _):
            switch swiftType {
            case "Bool": return "false"
            case "String": return "\"\""
            case "[UInt8]": return "[]"
            default: return "0"
            }
        case .enumeration(_, let defaultCase): return "." + defaultCase
        case .message(let swiftType): return "\(swiftType)()"
        }
    }

    /// A condition that is true when `name` differs from the zero value (so a proto3 field is written).
    func nonZeroCondition(_ name: String) -> String {
        switch self {
        case .scalar(_, let swiftType, _):
            switch swiftType {
            case "Bool": return name
            case "String", "[UInt8]": return "!\(name).isEmpty"
            case "Float", "Double": return "\(name).bitPattern != 0"
            default: return "\(name) != 0"
            }
        case .enumeration: return "\(name).rawValue != 0"
        case .message: return "true"
        }
    }
}
