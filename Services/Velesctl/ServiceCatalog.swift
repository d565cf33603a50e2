import Bus
import ProtoRuntime
import VelesAPI

/// Every service velesctl can call, found by full name (`veles.bustest.v1.BusTest`) or by its last part (`BusTest`).
struct ServiceCatalog: Sendable {
    let services: [ServiceDescriptor]

    static let all = ServiceCatalog(services: BusProtoTypes.services + VelesAPIProtoTypes.services)

    func method(service: String, name: String) throws -> MethodDescriptor {
        let matches = services.filter { $0.fullName == service || $0.fullName.hasSuffix("." + service) }
        guard let descriptor = matches.first else {
            let known = services.map(\.fullName).sorted().joined(separator: ", ")
            throw CLIError("unknown service \(service); known: \(known)")
        }
        guard matches.count == 1 else {
            throw CLIError("service name \(service) is ambiguous: \(matches.map(\.fullName).joined(separator: ", "))")
        }
        guard let method = descriptor.method(named: name) else {
            let known = descriptor.methods.map(\.name).joined(separator: ", ")
            throw CLIError("service \(descriptor.fullName) has no method \(name); it has: \(known)")
        }
        return method
    }

    /// The descriptor recorded for a method path, if the method is known here.
    func method(path: String) -> MethodDescriptor? {
        for service in services {
            if let method = service.methods.first(where: { $0.path == path }) { return method }
        }
        return nil
    }
}
