import Foundation
import Normalization

/// Chooses the SKU of a product imported from Stripe.
///
/// The wanted SKU is the Stripe product's `sku` metadata when present, otherwise one made from its name: the
/// normalised words (diacritics folded, punctuation dropped) upper-cased and joined by hyphens, at most 40 characters,
/// falling back to `PROD-` and the Stripe id's tail when the name has no Latin letters or digits. A SKU that another
/// product holds is never taken: the wanted SKU gets `-` plus the last six characters of the Stripe product id
/// (upper-cased), and, in the rare case that is taken too, a counter after it. The result depends only on the Stripe
/// product and the SKUs already in use, so retrying an import picks the same one.
enum SKUAllocator {
    /// What was chosen and whether it differs from what was wanted (the import reply says so).
    struct Choice: Sendable, Hashable {
        let sku: String
        let wanted: String
        var adjusted: Bool { sku.caseInsensitiveCompare(wanted) != .orderedSame }
    }

    static let maximumDerivedLength = 40

    static func wantedSKU(name: String, metadata: [String: String], stripeProductId: String) -> String {
        if let given = metadata["sku"]?.trimmingCharacters(in: .whitespacesAndNewlines), !given.isEmpty {
            return given
        }
        let words = NameNormalizer.product.normalize(name).split(separator: " ").map { word in
            String(word.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        }.filter { !$0.isEmpty }
        var derived = ""
        for word in words {
            let next = derived.isEmpty ? word : derived + "-" + word
            if next.count > maximumDerivedLength { break }
            derived = next
        }
        if derived.isEmpty, let first = words.first { derived = String(first.prefix(maximumDerivedLength)) }
        return derived.isEmpty ? "PROD-" + idTail(stripeProductId) : derived.uppercased()
    }

    /// The first free SKU, `isTaken` answering (case-insensitively) for SKUs other products hold.
    static func allocate(wanted: String, stripeProductId: String, isTaken: (String) throws -> Bool) rethrows -> Choice {
        if try !isTaken(wanted) { return Choice(sku: wanted, wanted: wanted) }
        let suffixed = wanted + "-" + idTail(stripeProductId)
        if try !isTaken(suffixed) { return Choice(sku: suffixed, wanted: wanted) }
        var counter = 2
        while try isTaken("\(suffixed)-\(counter)") { counter += 1 }
        return Choice(sku: "\(suffixed)-\(counter)", wanted: wanted)
    }

    private static func idTail(_ stripeProductId: String) -> String {
        let core = stripeProductId.hasPrefix("prod_") ? stripeProductId.dropFirst(5) : Substring(stripeProductId)
        return String(core.suffix(6)).uppercased()
    }
}
