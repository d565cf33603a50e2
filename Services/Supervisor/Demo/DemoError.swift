/// A step of the demo bootstrap that failed, with what the operator can do about it.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
