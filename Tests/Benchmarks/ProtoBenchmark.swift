import CConformance
import ConformanceProto
import Foundation
import ProtoRuntime

/// Encode and decode throughput of a ~1 KiB message with nested, repeated and string fields, Swift's runtime against
/// libprotobuf-c on the same bytes in the same run (issue goal: decode ≥ 0.5×, encode ≥ 0.7× of C).
enum ProtoBenchmark {
    static func sampleOrder() -> Veles_Conformance_V1_BenchmarkOrder {
        var order = Veles_Conformance_V1_BenchmarkOrder()
        order.id = "ord_1NXWPnCo6bFb1KQto6C8OWvE"
        order.customerEmail = "accounts.payable@northwind-trading.example.com"
        order.createdAtMs = 1_764_720_000_123
        order.shipping.line1 = "Kurfürstendamm 21, Hinterhaus 3. OG"
        order.shipping.city = "Berlin"
        order.shipping.postalCode = "10719"
        order.shipping.country = "DE"
        order.items = (0..<7).map { index in
            var item = Veles_Conformance_V1_BenchmarkLineItem()
            item.sku = "SKU-\(10_000 + index * 37)-EU"
            item.description = "Annual platform seat, tier \(index + 1), billed in advance"
            item.quantity = Int32(3 + index * 7)
            item.unitAmountMinor = 12_900 + Int64(index) * 1_250
            item.tags = ["recurring", index % 2 == 0 ? "eu-vat" : "reverse-charge"]
            return item
        }
        order.eventTimesMs = (0..<10).map { 1_764_720_000_000 + Int64($0) * 86_400_123 }
        order.note = "Deliver invoices to the finance mailbox; reference PO-2291-77 on every document. Contact: Jane Müller."
        order.paid = true
        order.taxRate = 0.19
        order.revision = 7
        return order
    }

    static func run() throws {
        let order = sampleOrder()
        let bytes = order.serializedBytes()
        guard try Veles_Conformance_V1_BenchmarkOrder(serializedBytes: bytes) == order else {
            throw BenchmarkFailure("the benchmark message does not round-trip")
        }
        let iterations = 40_000
        let megabytes = Double(bytes.count * iterations) / 1_000_000

        // Both sides are timed in thread CPU time, and rounds interleave Swift and C keeping each side's best, so a
        // busy machine (parallel builds) distorts the ratio as little as possible.
        var best = (swiftDecode: Double.infinity, cDecode: Double.infinity, swiftEncode: Double.infinity, cEncode: Double.infinity)
        for _ in 0..<15 {
            best.swiftDecode = min(best.swiftDecode, timeSwiftDecode(bytes, iterations))
            best.cDecode = min(best.cDecode, bytes.withUnsafeBufferPointer { cconf_bench_order_decode($0.baseAddress, $0.count, iterations) })
            best.swiftEncode = min(best.swiftEncode, timeSwiftEncode(order, iterations))
            best.cEncode = min(best.cEncode, bytes.withUnsafeBufferPointer { cconf_bench_order_encode($0.baseAddress, $0.count, iterations) })
        }
        guard best.cDecode > 0, best.cEncode > 0 else { throw BenchmarkFailure("libprotobuf-c could not unpack the benchmark message") }
        let swiftDecode = best.swiftDecode, cDecode = best.cDecode, swiftEncode = best.swiftEncode, cEncode = best.cEncode

        report("proto.decode.1k", bytes: bytes.count, swift: megabytes / swiftDecode, c: megabytes / cDecode)
        report("proto.encode.1k", bytes: bytes.count, swift: megabytes / swiftEncode, c: megabytes / cEncode)
    }

    static func report(_ name: String, bytes: Int, swift: Double, c: Double) {
        print("bench: \(name) swift_mb_s=\(format(swift)) c_mb_s=\(format(c)) ratio=\(format(swift / c, digits: 2)) message_bytes=\(bytes) clock=thread_cpu")
    }

    static func timeSwiftDecode(_ bytes: [UInt8], _ iterations: Int) -> Double {
        var checksum = 0
        let start = cconf_thread_cpu_seconds()
        for _ in 0..<iterations {
            let decoded = try? Veles_Conformance_V1_BenchmarkOrder(serializedBytes: bytes)
            checksum &+= decoded?.items.count ?? 0
        }
        blackHole(checksum)
        return cconf_thread_cpu_seconds() - start
    }

    static func timeSwiftEncode(_ order: Veles_Conformance_V1_BenchmarkOrder, _ iterations: Int) -> Double {
        var checksum = 0
        let start = cconf_thread_cpu_seconds()
        for _ in 0..<iterations { checksum &+= order.serializedBytes().count }
        blackHole(checksum)
        return cconf_thread_cpu_seconds() - start
    }

    static func format(_ value: Double, digits: Int = 1) -> String {
        String(format: "%.\(digits)f", value)
    }

    @inline(never)
    static func blackHole(_ value: Int) {
        if value == Int.min { print("") }
    }
}

/// A benchmark that could not produce a trustworthy figure.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

