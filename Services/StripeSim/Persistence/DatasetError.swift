/// A dataset or snapshot file that cannot be loaded, naming where in the document the problem is.
struct DatasetError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
