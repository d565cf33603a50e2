/// A refused `/_sim/` control request (400 with a message).
struct ControlError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
