import Glibc

/// A pipe that another thread writes a byte to, so a loop sleeping in `poll` next to its sockets wakes at once.
public final class WakePipe: Sendable {
    /// The read end, for the loop's poll set.
    public let fileDescriptor: Int32
    private let writeDescriptor: Int32

    public init() throws {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw ZMQError("pipe", code: errno) }
        fileDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        _ = close(fileDescriptor)
        _ = close(writeDescriptor)
    }

    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe, so the next `poll` sleeps until the next signal.
    public func clear() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { read(fileDescriptor, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Sleeps until `extra` (a socket's descriptor, or -1 for none) or the pipe is readable, or the timeout passes,
    /// then empties the pipe if it was signalled (an empty pipe is not read: that would be a wasted system call on
    /// every wake-up).
    public func waitAndClear(alongside extra: Int32, timeoutMilliseconds: Int) {
        var descriptors = (pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: extra, events: Int16(POLLIN), revents: 0))
        let signalled = withUnsafeMutableBytes(of: &descriptors) { raw -> Bool in
            let items = raw.bindMemory(to: pollfd.self)
            _ = poll(items.baseAddress, extra >= 0 ? 2 : 1, Int32(clamping: timeoutMilliseconds))
            return items[0].revents != 0
        }
        if signalled { clear() }
    }
}
