import Foundation

/// Checks a Veles product as a caller sends it, before anything is stored, and fills in what may be left out.
enum VelesProductValidator {
    static let maximumSKULength = 64
    static let maximumNameLength = 250
    static let maximumPlans = 100

    /// The product ready to store: trimmed, plan ids filled in (`<product id>-<n>` when blank), every rule checked.
    static func validated(_ input: VelesProduct, index: Int) throws(CatalogError) -> VelesProduct {
        var product = input
        let at = "products[\(index)]"
        product.name = product.name.trimmingCharacters(in: .whitespacesAndNewlines)
        product.sku = product.sku.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !product.id.isEmpty else { throw .invalid("\(at).id is required") }
        guard product.id.count <= 100, !product.id.contains(where: { $0.isWhitespace }) else {
            throw .invalid("\(at).id must be at most 100 characters without spaces")
        }
        guard !product.name.isEmpty else { throw .invalid("\(at).name is required") }
        guard product.name.count <= maximumNameLength else { throw .invalid("\(at).name is longer than \(maximumNameLength) characters") }
        guard !product.sku.isEmpty else { throw .invalid("\(at).sku is required") }
        guard product.sku.count <= maximumSKULength, !product.sku.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid("\(at).sku must be at most \(maximumSKULength) printable characters")
        }
        guard product.plans.count <= maximumPlans else { throw .invalid("\(at).plans has more than \(maximumPlans) plans") }
        var planIds = Set<String>()
        for position in product.plans.indices {
            if product.plans[position].id.isEmpty { product.plans[position].id = "\(product.id)-\(position + 1)" }
            guard planIds.insert(product.plans[position].id).inserted else {
                throw .invalid("\(at).plans[\(position)].id \(product.plans[position].id) appears twice")
            }
            product.plans[position].currency = product.plans[position].currency.lowercased()
            try check(product.plans[position], at: "\(at).plans[\(position)]")
        }
        return product
    }

    private static func check(_ plan: PricingPlan, at: String) throws(CatalogError) {
        guard plan.currency.count == 3, plan.currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw .invalid("\(at).currency must be a three-letter ISO 4217 code")
        }
        if case .recurring(_, let count) = plan.paymentType, count < 1 {
            throw .invalid("\(at).interval_count must be at least 1 for a recurring plan")
        }
        switch plan.method {
        case .flatFee:
            guard plan.unitAmount != nil || plan.customAmount != nil else {
                throw .invalid("\(at): a flat fee plan needs an amount or a custom amount")
            }
        case .perUnit:
            guard plan.unitAmount != nil || plan.customAmount != nil else { throw .invalid("\(at): a per unit plan needs a unit amount") }
        case .volume, .graduated, .stairStep:
            guard !plan.tiers.isEmpty else { throw .invalid("\(at): a \(plan.method.rawValue) plan needs tiers") }
            var previous: Int64 = 0
            for (index, tier) in plan.tiers.enumerated() {
                let isLast = index == plan.tiers.count - 1
                if let bound = tier.upTo {
                    guard !isLast, bound > previous else {
                        throw .invalid("\(at).tiers[\(index)].up_to must rise, and the last tier must have no bound")
                    }
                    previous = bound
                } else if !isLast {
                    throw .invalid("\(at).tiers[\(index)] has no bound but is not the last tier")
                }
                guard tier.unitAmount != nil || tier.flatAmount != nil else {
                    throw .invalid("\(at).tiers[\(index)] needs a unit or a flat amount")
                }
            }
        }
        if let package = plan.packageRate, package.divisor < 1 {
            throw .invalid("\(at).package_divisor must be at least 1")
        }
    }
}
