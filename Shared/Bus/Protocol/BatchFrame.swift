/// The bodies of several messages of one command to one peer, packed into a single frame.
///
/// libzmq moves data in 8 KiB batches and copies every frame smaller than that into them, while a frame of 8 KiB
/// or more goes to the kernel (and comes out of it) in one piece. Requests of a few KiB sent one message each cost
/// about one system call per request on each side of a link; one packed frame costs one for all of them.
///
/// A packed frame is each body's frames in turn, every frame as a 4-byte big-endian length and its bytes. Every
/// body of one command has the same number of frames, so the frame is cut into bodies by count.
public enum BatchFrame {
    /// The most a packed frame holds. It stays under the smallest frame a broker accepts (ZMQ_MAXMSGSIZE, at
    /// least 64 KiB), so a batch can never cost a peer its connection.
    public static let maxBytes = 48 * 1024
    /// The most bodies a packed frame holds. The broker reads a bounded number of messages per turn so that one
    /// busy side cannot starve the other; counting a batch as what it holds keeps that bound, and this cap keeps
    /// one batch from being a long turn on its own.
    public static let maxBodies = 64

    /// The bytes one body adds to a packed frame.
    public static func size(of body: [[UInt8]]) -> Int {
        body.reduce(0) { $0 + 4 + $1.count }
    }

    /// Splits bodies, in order, into runs that each fit in one packed frame; a body too big for one is a run alone.
    public static func runs(_ bodies: [[[UInt8]]]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for (index, body) in bodies.enumerated() {
            let size = size(of: body)
            if index > start, bytes + size > maxBytes || index - start == maxBodies {
                runs.append(start..<index)
                start = index
                bytes = 0
            }
            bytes += size
        }
        if start < bodies.count { runs.append(start..<bodies.count) }
        return runs
    }

    /// The messages that carry `bodies` to `peer` (empty for a DEALER's only peer), in order: a run of one as an
    /// ordinary `single` message, longer runs as one `batch` message each; with the bodies each one carries.
    public static func messages(to peer: [UInt8] = [], single: BusCommand, batch: BusCommand,
                                bodies: [[[UInt8]]]) -> [(message: BusMessage, bodies: Range<Int>)] {
        runs(bodies).map { run in
            run.count == 1
                ? (BusMessage(peer: peer, command: single, body: bodies[run.lowerBound]), run)
                : (BusMessage(peer: peer, command: batch, body: [pack(bodies[run])]), run)
        }
    }

    public static func pack(_ bodies: ArraySlice<[[UInt8]]>) -> [UInt8] {
        var frame: [UInt8] = []
        frame.reserveCapacity(bodies.reduce(0) { $0 + size(of: $1) })
        for body in bodies {
            for part in body {
                withUnsafeBytes(of: UInt32(part.count).bigEndian) { frame.append(contentsOf: $0) }
                frame.append(contentsOf: part)
            }
        }
        return frame
    }

    /// The bodies `message` carries, `framesPerBody` frames each: its own body for an ordinary message, the packed
    /// ones for a batch command, so a receiver treats both alike.
    public static func bodies(of message: BusMessage, framesPerBody: Int) throws(BusProtocolError) -> [[[UInt8]]] {
        guard message.command.isBatch else {
            try message.requireBody(framesPerBody)
            return [message.body]
        }
        try message.requireBody(1)
        return try bodies(in: message.body[0], framesPerBody: framesPerBody)
    }

    /// The bodies in a packed frame, `framesPerBody` frames each. Throws when it holds none, more than `maxBodies`
    /// or more than `maxBytes` (no sender packs one so), or is cut inside a body, before handing out any of them,
    /// so a damaged batch is refused whole.
    public static func bodies(in frame: [UInt8], framesPerBody: Int) throws(BusProtocolError) -> [[[UInt8]]] {
        guard frame.count <= maxBytes else { throw .malformedFrame("batch of \(frame.count) bytes is over the \(maxBytes) a batch may hold") }
        var bodies: [[[UInt8]]] = []
        var body: [[UInt8]] = []
        var offset = 0
        while offset < frame.count {
            guard frame.count - offset >= 4 else { throw .malformedFrame("batch cut short at byte \(offset) of \(frame.count)") }
            let length = frame[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard frame.count - offset >= length else {
                throw .malformedFrame("batch frame of \(length) bytes cut short at byte \(offset) of \(frame.count)")
            }
            body.append(Array(frame[offset..<offset + length]))
            offset += length
            if body.count == framesPerBody {
                guard bodies.count < maxBodies else { throw .malformedFrame("batch holds more than \(maxBodies) messages") }
                bodies.append(body)
                body.removeAll(keepingCapacity: true)
            }
        }
        guard body.isEmpty else { throw .malformedFrame("batch ends inside a message (\(body.count) of \(framesPerBody) frames)") }
        guard !bodies.isEmpty else { throw .malformedFrame("empty batch") }
        return bodies
    }
}
