import Foundation
import CustomerMatching
import Dispatch

/// Matching alone, 100,000 Stripe customers against 100,000 Veles customers (issue goal: under 1 s):
/// the index build and the matching, timed apart and together.
/// `cpu_ms` is the CPU time of all threads over the timed part: on a machine busy with other work
/// the wall time says little, and the CPU time divided by the cores is what an idle machine takes.
enum MatchingBenchmark {
    static func run(count: Int = 100_000) throws {
        let resolver = try RegistrableDomainResolver()
        let suffixes = ["Inc.", "GmbH", "Ltd", "LLC", "S.A.", "Corporation", ""]
        let veles = (0..<count).map { i in
            VelesCustomer(
                id: "vc_\(i)",
                name: "\(i % 10 == 0 ? "Müller" : "Northwind") Trading \(i) \(suffixes[i % suffixes.count])",
                domains: ["company\(i).com"],
                contactEmails: ["buyer\(i)@company\(i).com"],
                billingEmail: "ap@company\(i).com"
            )
        }
        // A mix of what real customers look like: each rule, plus customers that stay unmatched.
        let stripe = (0..<count).map { i -> StripeCustomerSnapshot in
            let target = (i * 7_919) % count
            switch i % 5 {
            case 0: return StripeCustomerSnapshot(id: "cus_\(i)", name: "Someone", email: "AP@company\(target).com")
            case 1: return StripeCustomerSnapshot(id: "cus_\(i)", name: "Someone", email: "x@billing.company\(target).com")
            case 2: return StripeCustomerSnapshot(id: "cus_\(i)", name: "\(target % 10 == 0 ? "MULLER" : "northwind") trading \(target)", email: "p\(i)@gmail.com")
            case 3: return StripeCustomerSnapshot(id: "cus_\(i)", name: "Other", email: "a@b.de", metadata: ["veles_customer_id": "vc_\(target)"])
            default: return StripeCustomerSnapshot(id: "cus_\(i)", name: "Unknown Shop \(i)", email: "shop\(i)@yahoo.co.uk")
            }
        }
        let startCPU = processCPUNanoseconds()
        let start = DispatchTime.now().uptimeNanoseconds
        let index = VelesCustomerIndex(customers: veles, resolver: resolver)
        let built = DispatchTime.now().uptimeNanoseconds
        let results = CustomerMatcher.matchAll(stripe, in: index, decisions: .none)
        let end = DispatchTime.now().uptimeNanoseconds
        let endCPU = processCPUNanoseconds()
        // Kept alive past the last timestamp, so freeing the inputs and the index is not timed.
        withExtendedLifetime((veles, stripe, index)) {}
        let matched = results.count(where: \.isMatched)
        let ms = { (nanoseconds: UInt64) in String(format: "%.1f", Double(nanoseconds) / 1e6) }
        print("bench: customer-match.100k ms=\(ms(end - start)) index_ms=\(ms(built - start)) match_ms=\(ms(end - built)) cpu_ms=\(ms(endCPU - startCPU)) veles=\(count) stripe=\(count) matched=\(matched)")
    }

    private static func processCPUNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
