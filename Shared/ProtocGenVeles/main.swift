// protoc-gen-veles: protoc runs this with a CodeGeneratorRequest on stdin and reads a CodeGeneratorResponse from stdout.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProtoRuntime

var input: [UInt8] = []
var chunk = [UInt8](repeating: 0, count: 65536)
while true {
    let count = read(0, &chunk, chunk.count)
    if count < 0 && errno == EINTR { continue }
    guard count > 0 else { break }
    input.append(contentsOf: chunk[0..<count])
}

let response: Google_Protobuf_Compiler_CodeGeneratorResponse
do {
    let request = try Google_Protobuf_Compiler_CodeGeneratorRequest(serializedBytes: input)
    response = CodeGenerator(request: request).run()
} catch {
    var failure = Google_Protobuf_Compiler_CodeGeneratorResponse()
    failure.error = "protoc-gen-veles could not decode the request: \(error)"
    response = failure
}

var output = response.serializedBytes()
var offset = 0
while offset < output.count {
    let written = output[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    if written < 0 && errno == EINTR { continue }
    guard written > 0 else { exit(1) }
    offset += written
}
