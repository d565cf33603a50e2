/// Options passed by the build plugin through `--veles_opt`, comma separated `key=value` pairs.
///
/// - `module=Name`: the Swift module the files compile into; also names the `<Name>ProtoTypes` list file.
/// - `stubs=false`: generate service descriptors only, without the client and handler stubs that need the Bus module.
/// - `bus_module=Bus`: the module holding the RPC core types (imported unless generating into it).
/// - `import=dir:Module`: files under proto directory `dir` belong to `Module`, imported when referenced.
struct GeneratorParameters {
    var module: String?
    var generateStubs = true
    var busModule = "Bus"
    var importsByDirectory: [(directory: String, module: String)] = []

    init(_ parameter: String) throws {
        for item in parameter.split(separator: ",") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw GeneratorError("parameter '\(item)' is not key=value") }
            switch parts[0] {
            case "module": module = parts[1]
            case "stubs": generateStubs = parts[1] != "false"
            case "bus_module": busModule = parts[1]
            case "import":
                let mapping = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
                guard mapping.count == 2 else { throw GeneratorError("import '\(parts[1])' is not directory:Module") }
                importsByDirectory.append((mapping[0], mapping[1]))
            default: throw GeneratorError("unknown parameter '\(parts[0])'")
            }
        }
    }

    /// The module that generated code for this .proto file lives in, when it is another target's.
    func module(forProtoFile path: String) -> String? {
        importsByDirectory.first { path.hasPrefix($0.directory + "/") }?.module
    }
}
