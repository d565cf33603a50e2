import CConformance
import ConformanceProto
import Foundation
import ProtoRuntime
import Testing

/// Swift against libprotobuf-c 1.4.1 on the same .proto, in both directions.
@Suite struct CConformanceTests {
    typealias CAllTypes = Veles__Conformance__V1__AllTypes

    /// Unpacks with libprotobuf-c, hands the C struct to `body`, frees it.
    func withCDecoded<T>(_ bytes: [UInt8], _ body: (CAllTypes) throws -> T) throws -> T {
        let message = try #require(bytes.withUnsafeBufferPointer { veles__conformance__v1__all_types__unpack(nil, $0.count, $0.baseAddress) },
                                   "libprotobuf-c rejected the bytes")
        defer { veles__conformance__v1__all_types__free_unpacked(message, nil) }
        return try body(message.pointee)
    }

    func cEcho(_ bytes: [UInt8]) throws -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = bytes.withUnsafeBufferPointer { cconf_all_types_echo($0.baseAddress, $0.count, &output, &length) }
        try #require(status == 0, "libprotobuf-c rejected the bytes")
        defer { cconf_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    static func array<T>(_ pointer: UnsafeMutablePointer<T>?, _ count: Int) -> [T] {
        guard let pointer else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data.data, count: data.len))
    }

    static func inner(_ pointer: UnsafeMutablePointer<Veles__Conformance__V1__Inner>?) -> Fixtures.Inner? {
        guard let inner = pointer?.pointee else { return nil }
        var value = Fixtures.Inner()
        value.id = inner.id
        value.label = string(inner.label) ?? ""
        value.values = array(inner.values, inner.n_values)
        if let child = Self.inner(inner.child) { value.child = child }
        return value
    }

    @Test func swiftEncodesAndLibprotobufCDecodesEveryFieldIdentically() throws {
        let expected = Fixtures.maximal()
        try withCDecoded(expected.serializedBytes()) { c in
            #expect(c.f_int32 == expected.fInt32)
            #expect(c.f_int64 == expected.fInt64)
            #expect(c.f_uint32 == expected.fUint32)
            #expect(c.f_uint64 == expected.fUint64)
            #expect(c.f_sint32 == expected.fSint32)
            #expect(c.f_sint64 == expected.fSint64)
            #expect(c.f_fixed32 == expected.fFixed32)
            #expect(c.f_fixed64 == expected.fFixed64)
            #expect(c.f_sfixed32 == expected.fSfixed32)
            #expect(c.f_sfixed64 == expected.fSfixed64)
            #expect(c.f_float == expected.fFloat)
            #expect(c.f_double == expected.fDouble)
            #expect((c.f_bool != 0) == expected.fBool)
            #expect(Self.string(c.f_string) == expected.fString)
            #expect(Self.bytes(c.f_bytes) == expected.fBytes)
            #expect(Int32(c.f_enum.rawValue) == expected.fEnum.rawValue)
            #expect(Self.inner(c.f_message) == expected.fMessage)
            #expect(Self.array(c.r_int32, c.n_r_int32) == expected.rInt32)
            #expect(Self.array(c.r_int64, c.n_r_int64) == expected.rInt64)
            #expect(Self.array(c.r_uint32, c.n_r_uint32) == expected.rUint32)
            #expect(Self.array(c.r_uint64, c.n_r_uint64) == expected.rUint64)
            #expect(Self.array(c.r_sint32, c.n_r_sint32) == expected.rSint32)
            #expect(Self.array(c.r_sint64, c.n_r_sint64) == expected.rSint64)
            #expect(Self.array(c.r_fixed32, c.n_r_fixed32) == expected.rFixed32)
            #expect(Self.array(c.r_fixed64, c.n_r_fixed64) == expected.rFixed64)
            #expect(Self.array(c.r_sfixed32, c.n_r_sfixed32) == expected.rSfixed32)
            #expect(Self.array(c.r_sfixed64, c.n_r_sfixed64) == expected.rSfixed64)
            #expect(Self.array(c.r_float, c.n_r_float) == expected.rFloat)
            #expect(Self.array(c.r_double, c.n_r_double) == expected.rDouble)
            #expect(Self.array(c.r_bool, c.n_r_bool).map { $0 != 0 } == expected.rBool)
            #expect(Self.array(c.r_string, c.n_r_string).map { Self.string($0) ?? "" } == expected.rString)
            #expect(Self.array(c.r_bytes, c.n_r_bytes).map(Self.bytes) == expected.rBytes)
            #expect(Self.array(c.r_enum, c.n_r_enum).map { Int32($0.rawValue) } == expected.rEnum.map(\.rawValue))
            #expect(Self.array(c.r_message, c.n_r_message).map { Self.inner($0) } == expected.rMessage)
            #expect(Self.array(c.r_int32_unpacked, c.n_r_int32_unpacked) == expected.rInt32Unpacked)
            #expect(Self.array(c.r_double_unpacked, c.n_r_double_unpacked) == expected.rDoubleUnpacked)

            let stringInt32 = Self.array(c.m_string_int32, c.n_m_string_int32).map { ($0!.pointee.key.map { String(cString: $0) } ?? "", $0!.pointee.value) }
            #expect(Dictionary(uniqueKeysWithValues: stringInt32) == expected.mStringInt32)
            let int64String = Self.array(c.m_int64_string, c.n_m_int64_string).map { ($0!.pointee.key, Self.string($0!.pointee.value) ?? "") }
            #expect(Dictionary(uniqueKeysWithValues: int64String) == expected.mInt64String)
            let uint32Inner = Self.array(c.m_uint32_inner, c.n_m_uint32_inner).map { ($0!.pointee.key, Self.inner($0!.pointee.value) ?? Fixtures.Inner()) }
            #expect(Dictionary(uniqueKeysWithValues: uint32Inner) == expected.mUint32Inner)
            let boolBytes = Self.array(c.m_bool_bytes, c.n_m_bool_bytes).map { ($0!.pointee.key != 0, Self.bytes($0!.pointee.value)) }
            #expect(Dictionary(uniqueKeysWithValues: boolBytes) == expected.mBoolBytes)
            let sint32Color = Self.array(c.m_sint32_color, c.n_m_sint32_color).map { ($0!.pointee.key, Int32($0!.pointee.value.rawValue)) }
            #expect(Dictionary(uniqueKeysWithValues: sint32Color) == expected.mSint32Color.mapValues(\.rawValue))
            let fixed64Double = Self.array(c.m_fixed64_double, c.n_m_fixed64_double).map { ($0!.pointee.key, $0!.pointee.value) }
            #expect(Dictionary(uniqueKeysWithValues: fixed64Double) == expected.mFixed64Double)

            #expect(c.choice_case == VELES__CONFORMANCE__V1__ALL_TYPES__CHOICE_O_STRING)
            #expect(Self.string(c.o_string) == "chosen")
        }
    }

    @Test func libprotobufCEncodesAndSwiftDecodesEveryFieldIdentically() throws {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        #expect(cconf_pack_maximal(&output, &length) == 0)
        defer { cconf_free(output) }
        let cBytes = Array(UnsafeBufferPointer(start: output, count: length))
        let decoded = try Fixtures.AllTypes(serializedBytes: cBytes)
        #expect(decoded == Fixtures.maximal())
        #expect(decoded.unknownFields.isEmpty)
        // Both encoders write fields in number order, packed proto3 scalars and maps in key order: the same bytes.
        #expect(Fixtures.maximal().serializedBytes() == cBytes)
    }

    @Test func oneofCasesAndDefaultsCrossBothWays() throws {
        for choice: Fixtures.AllTypes.OneOf_Choice in [.oInt32(0), .oInt32(.min), .oString(""), .oMessage(Fixtures.Inner()), .oColor(.green)] {
            var message = Fixtures.AllTypes()
            message.choice = choice
            #expect(try Fixtures.AllTypes(serializedBytes: cEcho(message.serializedBytes())).choice == choice)
        }
        #expect(try cEcho([]).isEmpty)
    }

    @Test func unknownFieldsPassThroughLibprotobufCAndBack() throws {
        var message = Fixtures.AllTypes()
        message.fInt32 = 1
        let withUnknown = message.serializedBytes() + UnknownFieldTests.unknownBytes.dropLast(6)
        let echoed = try Fixtures.AllTypes(serializedBytes: cEcho(withUnknown))
        #expect(echoed.fInt32 == 1)
        #expect(echoed.unknownFields.data == Array(UnknownFieldTests.unknownBytes.dropLast(6)))
    }

    /// Splits encoded bytes into (field number, raw bytes of that field) records.
    static func records(_ bytes: [UInt8]) throws -> [(number: Int, bytes: [UInt8])] {
        try bytes.withUnsafeBytes { buffer in
            var reader = ProtoReader(buffer)
            var result: [(Int, [UInt8])] = []
            var start = 0
            var unknown = UnknownFields()
            while let tag = try reader.nextTag() {
                try reader.skipField(tag, into: &unknown)
                let end = unknown.count
                result.append((tag.fieldNumber, Array(unknown.data[start..<end])))
                start = end
            }
            return result
        }
    }

    @Test func reorderedFieldsDecodeTheSameInBothImplementations() throws {
        let original = Fixtures.maximal()
        let records = try Self.records(original.serializedBytes())
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<20 {
            // Shuffle whole fields; records of one field keep their relative order (that order is the list's).
            var byNumber: [Int: [[UInt8]]] = [:]
            for record in records { byNumber[record.number, default: []].append(record.bytes) }
            var queue = records.map(\.number)
            queue.shuffle(using: &generator)
            var shuffled: [UInt8] = []
            for number in queue { shuffled += byNumber[number]!.removeFirst() }
            #expect(try Fixtures.AllTypes(serializedBytes: shuffled) == original)
            #expect(try Fixtures.AllTypes(serializedBytes: cEcho(shuffled)) == original)
        }
    }

    @Test func repeatedFieldsSplitIntoSeveralRunsAreConcatenatedByBoth() throws {
        var first = Fixtures.AllTypes()
        first.rInt32 = [1, 2]
        first.rString = ["a"]
        first.rMessage = [Fixtures.inner(1)]
        first.rSint64 = [-1]
        var second = Fixtures.AllTypes()
        second.rInt32 = [3]
        second.rString = ["b", "c"]
        second.rMessage = [Fixtures.inner(2)]
        second.rSint64 = [.min, .max]
        // Packed run, packed run, then one element unpacked (field 21, varint).
        let bytes = first.serializedBytes() + second.serializedBytes() + [0xA8, 0x01, 0x04]
        var expected = Fixtures.AllTypes()
        expected.rInt32 = [1, 2, 3, 4]
        expected.rString = ["a", "b", "c"]
        expected.rMessage = [Fixtures.inner(1), Fixtures.inner(2)]
        expected.rSint64 = [-1, .min, .max]
        #expect(try Fixtures.AllTypes(serializedBytes: bytes) == expected)
        #expect(try Fixtures.AllTypes(serializedBytes: cEcho(bytes)) == expected)
    }

    @Test func minimumAndMaximumScalarsSurviveTheCRoundTrip() throws {
        for sign in [false, true] {
            var message = Fixtures.AllTypes()
            message.fInt32 = sign ? .min : .max
            message.fInt64 = sign ? .min : .max
            message.fSint32 = sign ? .min : .max
            message.fSint64 = sign ? .min : .max
            message.fSfixed32 = sign ? .min : .max
            message.fSfixed64 = sign ? .min : .max
            message.fUint32 = sign ? 1 : .max
            message.fUint64 = sign ? 1 : .max
            message.fFloat = sign ? -.greatestFiniteMagnitude : .leastNonzeroMagnitude
            message.fDouble = sign ? -.greatestFiniteMagnitude : .leastNonzeroMagnitude
            #expect(try Fixtures.AllTypes(serializedBytes: cEcho(message.serializedBytes())) == message)
        }
    }

    @Test func committedProtocCOutputMatchesFreshGeneration() throws {
        let root = BootstrapRegenerationTests.packageRoot
        try ToolRun.withScratchDirectory { output in
            let run = try ToolRun.run(["protoc-c", "-I", root.appendingPathComponent("proto/veles/conformance/v1").path,
                                       "--c_out=\(output.path)", "conformance.proto", "benchmark.proto"])
            #expect(run.status == 0, "protoc-c failed: \(run.errors)")
            let committed = root.appendingPathComponent("Tests/CConformance")
            for (name, folder) in [("conformance.pb-c.h", "include"), ("benchmark.pb-c.h", "include"),
                                   ("conformance.pb-c.c", "generated"), ("benchmark.pb-c.c", "generated")] {
                let fresh = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
                let kept = try String(contentsOf: committed.appendingPathComponent(folder).appendingPathComponent(name), encoding: .utf8)
                #expect(fresh == kept, "\(name) is stale: rerun protoc-c (see Tests/CConformance/README.md)")
            }
        }
    }
}
