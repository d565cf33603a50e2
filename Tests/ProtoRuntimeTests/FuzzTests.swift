import Bus
import ConformanceProto
import ProtoRuntime
import Testing

/// Random and mutated inputs must only ever decode or throw `ProtoDecodingError`: no crash, no hang.
@Suite struct FuzzTests {
    static let iterations = 120_000

    static func seeds() -> [[UInt8]] {
        var small = Fixtures.AllTypes()
        small.fInt32 = 5
        small.fString = "abc"
        small.rInt32 = [1, 300, -2]
        small.fMessage.child.id = 1
        small.mStringInt32 = ["k": 1]
        small.oMessage = Fixtures.inner(2)
        var envelope = Veles_Bus_V1_Envelope()
        envelope.requestId = "req-1"
        envelope.method = "/veles.bus.v1.Health/Check"
        envelope.metadata.traceId = "t"
        envelope.payload = [1, 2, 3]
        return [small.serializedBytes(), Fixtures.inner(1, depth: 4).serializedBytes(), envelope.serializedBytes(),
                Fixtures.maximal().serializedBytes()]
    }

    static func mutate(_ input: [UInt8], _ seeds: [[UInt8]], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<8, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 1 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: position)
            case 3 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &random)))
            case 4: bytes = Array(bytes.prefix(position))
            case 5 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 6:
                let other = seeds[Int.random(in: 0..<seeds.count, using: &random)]
                bytes = Array(bytes.prefix(position)) + other.suffix(Int.random(in: 0...other.count, using: &random))
            default: bytes.insert(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], at: position)
            }
        }
        return bytes
    }

    /// Decodes as `M`; when it decodes, encoding must be stable. Returns whether it decoded.
    static func check<M: ProtoMessage>(_ bytes: [UInt8], as type: M.Type) -> Bool {
        do {
            let message = try M(serializedBytes: bytes)
            let once = message.serializedBytes()
            let twice = (try? M(serializedBytes: once))?.serializedBytes()
            #expect(twice == once, "re-encoding is not stable for \(bytes)")
            return true
        } catch is ProtoDecodingError {
            return false
        } catch {
            Issue.record("unexpected error \(error) for \(bytes)")
            return false
        }
    }

    @Test(.timeLimit(.minutes(1))) func decoderSurvivesRandomAndMutatedInput() {
        let seeds = Self.seeds()
        var random = SeededGenerator(seed: 0xDEC0DE)
        var decoded = 0
        let start = ContinuousClock.now
        for iteration in 0..<Self.iterations {
            let input: [UInt8]
            if iteration % 4 == 0 {
                input = (0..<Int.random(in: 0...48, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                input = Self.mutate(seeds[iteration % seeds.count], seeds, using: &random)
            }
            if Self.check(input, as: Fixtures.AllTypes.self) { decoded += 1 }
            if iteration % 8 == 0 { _ = Self.check(input, as: Veles_Bus_V1_Envelope.self) }
            if iteration % 16 == 0 { _ = try? ProtoRedactor.redact(input, schema: Veles_Conformance_V1_CredentialsEnvelope.protoSchema) }
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(60), "fuzzing \(Self.iterations) inputs took \(elapsed)")
        // Both outcomes must actually occur, or the mutations are not exercising the decoder.
        #expect(decoded > Self.iterations / 50)
        #expect(decoded < Self.iterations - Self.iterations / 10)
    }

    @Test func jsonParserSurvivesMutatedDocuments() {
        let seed = Array(Fixtures.maximal().jsonString().utf8)
        var random = SeededGenerator(seed: 0x15ADC0DE)
        var parsed = 0
        for _ in 0..<2_000 {
            let bytes = Self.mutate(seed, [seed], using: &random)
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try Fixtures.AllTypes(jsonString: text)
                parsed += 1
            } catch is ProtoJSONError {
            } catch is ProtoDecodingError {
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(parsed < 2_000)
    }
}
