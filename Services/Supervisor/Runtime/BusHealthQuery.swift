import Foundation

/// Asks the broker, through `velesctl health`, how many live workers a bus service has.
struct BusHealthQuery: Sendable {
    let velesctl: URL
    let brokerFrontend: String

    /// The live workers of `service` when it answers SERVING; nil when the broker cannot be asked, does not know the
    /// service yet, or the service is not serving.
    func liveWorkers(service: String) async -> Int? {
        guard let output = await CommandRunner.run(velesctl, arguments: ["health", "--broker-frontend", brokerFrontend],
                                                   timeout: .seconds(5)) else { return nil }
        // velesctl exits non-zero when any service is not serving; the line for this one still tells about it.
        return Self.liveWorkers(service: service, inHealthOutput: output.standardOutput)
    }

    /// Reads `velesctl health` output: one line per service, `<service> <STATUS> workers=<n> …`.
    static func liveWorkers(service: String, inHealthOutput text: String) -> Int? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, fields[0] == service, fields[1] == "SERVING" else { continue }
            for field in fields.dropFirst(2) where field.hasPrefix("workers=") {
                return Int(field.dropFirst("workers=".count))
            }
        }
        return nil
    }
}
