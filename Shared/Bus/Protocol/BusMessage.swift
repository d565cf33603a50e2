/// A parsed bus message: its command and the frames after the command frame.
///
/// On a ROUTER socket the peer's routing id comes first; `parse(_:routed:)` strips it into `peer`.
public struct BusMessage: Sendable {
    public var peer: [UInt8]
    public var command: BusCommand
    public var body: [[UInt8]]

    public init(peer: [UInt8] = [], command: BusCommand, body: [[UInt8]] = []) {
        self.peer = peer
        self.command = command
        self.body = body
    }

    /// The frames to send: routing id (for a ROUTER), header, command, body.
    public var frames: [[UInt8]] {
        var frames: [[UInt8]] = []
        frames.reserveCapacity(body.count + 3)
        if !peer.isEmpty { frames.append(peer) }
        frames.append(BusHeader.frame)
        frames.append([command.rawValue])
        frames.append(contentsOf: body)
        return frames
    }

    /// Parses received frames. With `routed`, the first frame is the sender's routing id.
    public static func parse(_ frames: [[UInt8]], routed: Bool) throws(BusProtocolError) -> BusMessage {
        var index = 0
        var peer: [UInt8] = []
        if routed {
            guard !frames.isEmpty else { throw .missingHeader }
            peer = frames[0]
            index = 1
        }
        guard frames.count > index else { throw .missingHeader }
        try BusHeader.validate(frames[index])
        guard frames.count > index + 1 else { throw .missingFrames(command: "message", expected: 2, got: frames.count - index) }
        let commandFrame = frames[index + 1]
        guard commandFrame.count == 1 else { throw .malformedFrame("command frame must be one byte, got \(commandFrame.count)") }
        guard let command = BusCommand(rawValue: commandFrame[0]) else { throw .unknownCommand(commandFrame[0]) }
        return BusMessage(peer: peer, command: command, body: Array(frames[(index + 2)...]))
    }

    /// Throws unless the body has at least `count` frames.
    public func requireBody(_ count: Int) throws(BusProtocolError) {
        guard body.count >= count else {
            throw .missingFrames(command: "\(command)", expected: count, got: body.count)
        }
    }
}
