/// The protocol header frame that opens every bus message: the magic bytes "VB" and a version number.
///
/// A peer speaking another version is refused with a clear error instead of being misread.
public enum BusHeader {
    public static let version: UInt8 = 2
    static let magic: [UInt8] = [0x56, 0x42]
    public static let frame: [UInt8] = magic + [version]

    /// Checks a header frame; throws what is wrong with it.
    public static func validate(_ frame: [UInt8]) throws(BusProtocolError) {
        guard frame.count == 3, frame[0] == magic[0], frame[1] == magic[1] else { throw .notBusProtocol }
        guard frame[2] == version else { throw .unsupportedVersion(frame[2]) }
    }
}
