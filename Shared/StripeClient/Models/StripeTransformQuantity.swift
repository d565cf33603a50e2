/// A package rate: the quantity is divided by `divideBy` and rounded before the unit amount applies.
public struct StripeTransformQuantity: Decodable, Sendable, Hashable {
    public let divideBy: Int64
    public let round: StripeRounding

    private enum CodingKeys: String, CodingKey {
        case round
        case divideBy = "divide_by"
    }
}
