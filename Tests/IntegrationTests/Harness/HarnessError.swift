/// A failure of the integration-test harness itself (a process that would not start or stop).
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
