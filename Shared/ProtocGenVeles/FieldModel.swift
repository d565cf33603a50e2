/// One field of a message as the generator needs it: Swift names, storage, codec and wire key.
struct FieldModel {
    /// How the field is stored in the struct.
    enum Shape {
        /// A proto3 scalar or enum: a plain property, written when not zero.
        case plain
        /// Explicit presence (proto2 `optional`, proto3 `optional`, message fields): an Optional behind an accessor.
        case optional
        /// A message that can contain its own type: an Optional `ProtoBox` behind an accessor.
        case boxed
        case repeated(packed: Bool)
        case map(key: ValueKind, value: ValueKind)
        /// A member of a real oneof: stored in the oneof enum.
        case oneofMember(oneof: String)
    }

    let descriptor: Google_Protobuf_FieldDescriptorProto
    let number: Int
    /// lowerCamel name without backticks (`apiKeyLast4`), for `has…`/`clear…` and enum cases.
    let baseName: String
    /// The property name, backticked when it is a keyword.
    let propertyName: String
    let value: ValueKind
    let shape: Shape
    /// The getter's value when the field is absent.
    let defaultLiteral: String
    let isSecret: Bool

    static let secretOptionNumber = 50003

    init(_ field: Google_Protobuf_FieldDescriptorProto, in message: TypeCatalog.Message, oneofNames: [Int: String], catalog: TypeCatalog) throws {
        descriptor = field
        number = Int(field.number)
        baseName = SwiftNaming.memberName(field.name)
        propertyName = SwiftNaming.escaped(baseName)
        isSecret = field.options.unknownFields.varints(forField: Self.secretOptionNumber).last.map { $0 != 0 } ?? false
        let isProto3 = message.file.syntax == "proto3"

        if field.type == .message, let entry = try? catalog.message(field.typeName), entry.isMapEntry {
            guard let keyField = entry.descriptor.field.first(where: { $0.number == 1 }),
                  let valueField = entry.descriptor.field.first(where: { $0.number == 2 }) else {
                throw GeneratorError("map entry \(entry.fullName) lacks key or value")
            }
            let key = try ValueKind(keyField, catalog: catalog)
            let mapValue = try ValueKind(valueField, catalog: catalog)
            value = mapValue
            shape = .map(key: key, value: mapValue)
            defaultLiteral = "[:]"
            return
        }

        value = try ValueKind(field, catalog: catalog)
        if field.label == .repeated {
            let packed = field.options.hasPacked ? field.options.packed : isProto3
            shape = .repeated(packed: packed && value.isPackable)
            defaultLiteral = "[]"
            return
        }
        if field.hasOneofIndex, !field.proto3Optional, let oneof = oneofNames[Int(field.oneofIndex)] {
            shape = .oneofMember(oneof: oneof)
        } else if value.isMessage {
            shape = catalog.needsBox(fieldType: field.typeName, container: message.fullName) ? .boxed : .optional
        } else if field.proto3Optional || !isProto3 {
            shape = .optional
        } else {
            shape = .plain
        }
        defaultLiteral = try Self.defaultLiteral(field, value: value, catalog: catalog)
    }

    /// The field key `number << 3 | wireType` as written for one element.
    var key: UInt32 { UInt32(number) << 3 | value.wireType }
    /// The key of a packed run or map entry (length-delimited).
    var lengthDelimitedKey: UInt32 { UInt32(number) << 3 | 2 }

    static func keySize(_ key: UInt32) -> Int {
        var size = 1
        var rest = key >> 7
        while rest != 0 { size += 1; rest >>= 7 }
        return size
    }

    /// The Swift type of the property.
    var swiftType: String {
        switch shape {
        case .repeated: return "[\(value.swiftType)]"
        case .map(let key, let value): return "[\(key.swiftType): \(value.swiftType)]"
        default: return value.swiftType
        }
    }

    var isRepeatedOrMap: Bool {
        switch shape {
        case .repeated, .map: return true
        default: return false
        }
    }

    private static func defaultLiteral(_ field: Google_Protobuf_FieldDescriptorProto, value: ValueKind, catalog: TypeCatalog) throws -> String {
        guard field.hasDefaultValue else { return value.zeroLiteral }
        let text = field.defaultValue
        switch value {
        case .enumeration:
            let enumeration = try catalog.enumeration(field.typeName)
            return "." + SwiftNaming.escaped(SwiftNaming.enumCaseName(text, enumName: enumeration.descriptor.name))
        case .message:
            return value.zeroLiteral
        case .scalar(_, let swiftType, _):
            switch swiftType {
            case "String": return SwiftNaming.stringLiteral(text)
            case "[UInt8]": return "[" + CEscapes.unescape(text).map { String($0) }.joined(separator: ", ") + "]"
            case "Float", "Double":
                switch text {
                case "inf": return "\(swiftType).infinity"
                case "-inf": return "-\(swiftType).infinity"
                case "nan": return "\(swiftType).nan"
                default: return text
                }
            default: return text
            }
        }
    }
}
