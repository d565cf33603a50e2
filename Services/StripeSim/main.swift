import Foundation
import HTTPServer
import Support

let options = Options(program: "stripe-sim", summary: SimConfiguration.summary)
let configuration: SimConfiguration
do {
    configuration = try SimConfiguration.parse(options)
} catch {
    FileHandle.standardError.write(Data("stripe-sim: \(error)\n".utf8))
    exit(2)
}
let logger = Logger(process: "stripe-sim", level: configuration.logLevel)
let signal = ShutdownSignal()
let sim = StripeSim(configuration: configuration, logger: logger)
do {
    try await sim.run(until: signal)
} catch {
    logger.error("stripe-sim stopped", ["error": String(describing: error)])
    exit(1)
}
