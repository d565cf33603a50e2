/// A bus message that does not follow the wire protocol.
public enum BusProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingHeader
    case notBusProtocol
    case unsupportedVersion(UInt8)
    case unknownCommand(UInt8)
    case missingFrames(command: String, expected: Int, got: Int)
    case malformedFrame(String)

    public var description: String {
        switch self {
        case .missingHeader: "message has no protocol header frame"
        case .notBusProtocol: "first frame is not a Veles bus protocol header"
        case .unsupportedVersion(let version):
            "protocol version \(version) is not supported (this side speaks version \(BusHeader.version))"
        case .unknownCommand(let command): "unknown command 0x\(String(command, radix: 16))"
        case .missingFrames(let command, let expected, let got):
            "\(command) needs at least \(expected) frames, got \(got)"
        case .malformedFrame(let reason): "malformed frame: \(reason)"
        }
    }
}
