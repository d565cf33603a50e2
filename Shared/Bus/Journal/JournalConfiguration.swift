import ProtoRuntime

/// Where and how the broker records traffic.
public struct JournalConfiguration: Sendable {
    /// Folder of the journal files (`journal-<start>-<sequence>.vbj`).
    public var directory: String
    /// A file is closed and a new one started once it passes this size.
    public var maxFileBytes: Int
    /// The oldest files beyond this count are deleted.
    public var maxFiles: Int
    /// Files whose newest record is older than this are deleted.
    public var maxAge: Duration
    /// Message types the journal can decode, so it can blank their secret fields. Payloads of other types are left
    /// out of the journal rather than risk writing a secret.
    public var registry: MessageRegistry

    public init(directory: String, maxFileBytes: Int = 64 * 1024 * 1024, maxFiles: Int = 32,
                maxAge: Duration = .seconds(7 * 86_400), registry: MessageRegistry) {
        self.directory = directory
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
        self.maxAge = maxAge
        self.registry = registry
    }
}
