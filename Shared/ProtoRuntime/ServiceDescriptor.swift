/// A .proto service: its full name and methods.
public struct ServiceDescriptor: Sendable, Hashable {
    public let fullName: String
    public let methods: [MethodDescriptor]

    public init(fullName: String, methods: [MethodDescriptor]) {
        self.fullName = fullName
        self.methods = methods
    }

    /// The method with this name (`Connect`), if declared.
    public func method(named name: String) -> MethodDescriptor? {
        methods.first { $0.name == name }
    }
}
