import Foundation
import PackagePlugin

/// Generates Swift for the .proto directories a target lists in its `protos.txt`, by running protoc with protoc-gen-veles.
///
/// `protos.txt` holds one directory per line, relative to the package's `proto/` folder (`veles/bus/v1`). Lines with
/// `=` are passed to the generator as options (`stubs=false`); `#` starts a comment.
@main
struct VelesProtoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        guard let listURL = Self.protoListURL(of: target), let list = try? ProtoList(contentsOf: listURL) else { return [] }
        let protoRoot = context.package.directoryURL.appending(path: "proto")

        var protoFiles: [String] = []
        for directory in list.directories {
            let names = try FileManager.default.contentsOfDirectory(atPath: protoRoot.appending(path: directory).path)
            protoFiles += names.filter { $0.hasSuffix(".proto") }.sorted().map { directory + "/" + $0 }
        }
        guard !protoFiles.isEmpty else { return [] }

        var options = ["module=\(target.name)"] + list.options
        for dependency in target.recursiveTargetDependencies {
            guard let module = dependency as? SourceModuleTarget, let url = Self.protoListURL(of: module),
                  let dependencyList = try? ProtoList(contentsOf: url) else { continue }
            options += dependencyList.directories.map { "import=\($0):\(module.name)" }
        }

        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "generated")
        let outputs = protoFiles.map { outputDirectory.appending(path: Self.outputFileName($0)) }
            + [outputDirectory.appending(path: "\(target.name)ProtoTypes.swift")]
        var arguments = [
            "--plugin=protoc-gen-veles=\(try context.tool(named: "ProtocGenVeles").url.path)",
            "--veles_opt=\(options.joined(separator: ","))",
            "--veles_out=\(outputDirectory.path)",
            "-I", protoRoot.path,
        ]
        if FileManager.default.fileExists(atPath: "/usr/include/google/protobuf/descriptor.proto") {
            arguments += ["-I", "/usr/include"]
        }
        arguments += protoFiles
        return [
            .buildCommand(
                displayName: "Generating Swift for \(target.name) from \(protoFiles.count) .proto files",
                executable: try Self.protoc(),
                arguments: arguments,
                inputFiles: [listURL] + Self.allProtoFiles(under: protoRoot),
                outputFiles: outputs),
        ]
    }

    /// The target's `protos.txt`, found among its files (`directoryURL` needs tools version 6.1; the package says 6.0).
    static func protoListURL(of target: SourceModuleTarget) -> URL? {
        target.sourceFiles.first { $0.url.lastPathComponent == "protos.txt" }?.url
    }

    /// Must match the generator's naming: `veles/bus/v1/envelope.proto` → `veles_bus_v1_envelope.pb.swift`.
    static func outputFileName(_ protoPath: String) -> String {
        String(protoPath.dropLast(".proto".count)).split(separator: "/").joined(separator: "_") + ".pb.swift"
    }

    /// Every .proto of the package, so an edit to an imported file also re-runs generation.
    static func allProtoFiles(under root: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".proto") }.sorted().map { root.appending(path: $0) }
    }

    /// protoc from PATH (Debian's protobuf-compiler puts it in /usr/bin), with symlinks resolved: on a merged-/usr
    /// system `/bin/protoc` and `/usr/bin/protoc` are one file, and a shell whose PATH lists /bin first would otherwise
    /// change the command line, make SwiftPM regenerate every message and recompile everything that imports them.
    static func protoc() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = URL(fileURLWithPath: directory).appending(path: "protoc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.resolvingSymlinksInPath() }
        }
        throw PluginFailure("protoc not found on PATH; run `make setup` (Debian package protobuf-compiler)")
    }
}

/// The parsed contents of a target's `protos.txt`.
struct ProtoList {
    var directories: [String] = []
    var options: [String] = []

    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            if line.contains("=") {
                options.append(line)
            } else {
                directories.append(line.hasSuffix("/") ? String(line.dropLast()) : line)
            }
        }
    }
}

/// An error the plugin reports to SwiftPM.
struct PluginFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
