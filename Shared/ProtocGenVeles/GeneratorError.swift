/// A reason the generator cannot produce code for the request; reported to protoc, which prints it.
struct GeneratorError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
