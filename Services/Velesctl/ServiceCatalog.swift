import Bus
import ProtoRuntime
import VelesAPI

/// Every service velesctl can call, found by full name (`veles.bustest.v1.BusTest`) or by its last part (`BusTest`).
struct ServiceCatalog: Sendable {
    let services: [ServiceDescriptor]

    static let all = ServiceCatalog(services: BusProtoTypes.services + VelesAPIProtoTypes.services)

    func method(service: String, name: String) throws -> MethodDescriptor {
        let matches = services.filter { ServiceName.service($0.fullName, isNamedBy: service) }
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

    /// Refuses a tail or replay filter that no record could pass (a misspelt service or method would otherwise
    /// show nothing, with nothing saying why).
    func checkFilter(service: String?, method: String?) throws {
        var candidates = services
        if let service {
            candidates = services.filter { ServiceName.service($0.fullName, isNamedBy: service) }
            guard !candidates.isEmpty else {
                throw CLIError("no service \(service) is defined; known: \(services.map(\.fullName).sorted().joined(separator: ", "))")
            }
        }
        if let method {
            let paths = candidates.flatMap(\.methods).map(\.path)
            guard paths.contains(where: { ServiceName.method($0, isNamedBy: method) }) else {
                throw CLIError("no method \(method) is defined\(service.map { " in \($0)" } ?? "")")
            }
        }
    }

    /// The descriptor recorded for a method path, if the method is known here.
    func method(path: String) -> MethodDescriptor? {
        for service in services {
            if let method = service.methods.first(where: { $0.path == path }) { return method }
        }
        return nil
    }
}
