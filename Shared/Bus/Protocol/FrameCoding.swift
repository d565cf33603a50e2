/// Fixed-width big-endian integers inside frames (capacities, tokens, time budgets).
public enum FrameCoding {
    public static func encode(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    public static func encode(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32($0))) }
    }

    public static func decodeUInt64(_ frame: [UInt8]) throws(BusProtocolError) -> UInt64 {
        guard frame.count == 8 else { throw .malformedFrame("expected an 8-byte integer, got \(frame.count) bytes") }
        return frame.reduce(0) { $0 << 8 | UInt64($1) }
    }

    public static func decodeUInt32(_ frame: [UInt8]) throws(BusProtocolError) -> UInt32 {
        guard frame.count == 4 else { throw .malformedFrame("expected a 4-byte integer, got \(frame.count) bytes") }
        return frame.reduce(0) { $0 << 8 | UInt32($1) }
    }

    public static func string(_ frame: [UInt8], what: String) throws(BusProtocolError) -> String {
        guard let text = String(validating: frame, as: UTF8.self) else {
            throw .malformedFrame("\(what) is not valid UTF-8")
        }
        return text
    }
}
