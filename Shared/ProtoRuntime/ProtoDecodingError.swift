/// Why a byte string is not a valid encoding of the expected message, and where decoding stopped.
public struct ProtoDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of malformed input the decoder recognises.
    public enum Kind: Sendable, Hashable {
        case truncatedVarint
        case varintTooLong
        case truncatedField
        case lengthPastEnd(length: UInt64, remaining: Int)
        case invalidFieldNumber
        case invalidWireType(UInt8)
        case wrongWireType(field: Int, expected: WireType, actual: WireType)
        case invalidUTF8(field: Int)
        case tooDeep(limit: Int)
        case messageTooLarge(size: Int, limit: Int)
        case unmatchedEndGroup
    }

    public let kind: Kind
    /// Byte offset from the start of the outermost buffer.
    public let offset: Int

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String {
        switch kind {
        case .truncatedVarint: return "truncated varint at byte \(offset)"
        case .varintTooLong: return "varint longer than 10 bytes at byte \(offset)"
        case .truncatedField: return "truncated fixed-width field at byte \(offset)"
        case .lengthPastEnd(let length, let remaining):
            return "length \(length) at byte \(offset) runs past the end (\(remaining) bytes left)"
        case .invalidFieldNumber: return "invalid field number 0 at byte \(offset)"
        case .invalidWireType(let type): return "invalid wire type \(type) at byte \(offset)"
        case .wrongWireType(let field, let expected, let actual):
            return "field \(field) has wire type \(actual) instead of \(expected) at byte \(offset)"
        case .invalidUTF8(let field): return "field \(field) is not valid UTF-8 at byte \(offset)"
        case .tooDeep(let limit): return "messages nested deeper than \(limit) at byte \(offset)"
        case .messageTooLarge(let size, let limit): return "message of \(size) bytes exceeds the limit of \(limit) bytes"
        case .unmatchedEndGroup: return "end-group tag without a start at byte \(offset)"
        }
    }
}
