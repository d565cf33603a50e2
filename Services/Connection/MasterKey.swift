import Crypto
import Foundation

/// The 32-byte key that encrypts every stored Stripe secret: from `VELES_MASTER_KEY` (hex), or a key file under the
/// data directory created with mode 0600 on first start.
struct MasterKey: Sendable {
    let bytes: [UInt8]

    /// Takes the hex key when one is given; otherwise reads `file`, creating it first if absent.
    static func load(hex: String?, file: URL) throws -> MasterKey {
        if let hex, !hex.isEmpty {
            guard let bytes = Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == AESGCM.keyLength else {
                throw MasterKeyError("VELES_MASTER_KEY must be \(AESGCM.keyLength * 2) hex digits (a 32-byte key)")
            }
            return MasterKey(bytes: bytes)
        }
        if let existing = try read(file) { return existing }
        try create(file)
        guard let created = try read(file) else { throw MasterKeyError("the master key file \(file.path) vanished after creation") }
        return created
    }

    private static func read(_ file: URL) throws -> MasterKey? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(text), bytes.count == AESGCM.keyLength else {
            throw MasterKeyError("the master key file \(file.path) does not hold a 32-byte hex key; restore it from backup (without it the stored keys cannot be read)")
        }
        return MasterKey(bytes: bytes)
    }

    /// Writes a fresh key to a private temporary file and links it into place, so two processes starting together
    /// never see a half-written key and exactly one key wins.
    private static func create(_ file: URL) throws {
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw MasterKeyError("cannot create \(temporary.path): \(String(cString: strerror(errno)))") }
        defer { unlink(temporary.path) }
        let text = Array((Hex.encode(try SecureRandom.bytes(AESGCM.keyLength)) + "\n").utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == text.count, synced == 0 else { throw MasterKeyError("cannot write the master key to \(temporary.path)") }
        if link(temporary.path, file.path) != 0, errno != EEXIST {
            throw MasterKeyError("cannot create the master key file \(file.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A master key that cannot be loaded or created; the process must not start without one.
struct MasterKeyError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
