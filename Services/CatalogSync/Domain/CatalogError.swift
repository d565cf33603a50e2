/// A failure of a catalog operation, carrying the RPC status it maps to and a message meant for the admin.
struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status families the catalog uses; mapped one to one onto the bus's gRPC codes.
    enum Code: Sendable, Equatable {
        case invalidArgument
        case notFound
        case alreadyExists
        case failedPrecondition
        case unavailable
        case `internal`
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { message }

    static func invalid(_ message: String) -> CatalogError { CatalogError(.invalidArgument, message) }
    static func notFound(_ message: String) -> CatalogError { CatalogError(.notFound, message) }
    static func precondition(_ message: String) -> CatalogError { CatalogError(.failedPrecondition, message) }
}
