/// A generated protobuf enum; numbers without a case are kept as `unrecognized(n)`.
public protocol ProtoEnum: Hashable, Sendable {
    init(rawValue: Int32)
    var rawValue: Int32 { get }
    /// The value's name as written in the .proto (`STATUS_CODE_OK`), or nil for an unrecognized number.
    var protoName: String? { get }
    init?(protoName: String)
}
