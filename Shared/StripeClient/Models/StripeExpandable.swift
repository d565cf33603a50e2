/// A field Stripe returns as an id unless the request asked to expand it into the full object.
public indirect enum StripeExpandable<Object: StripeIdentified>: Decodable, Sendable {
    case id(String)
    case object(Object)

    /// The id of the referenced object, whichever form arrived.
    public var id: String {
        switch self {
        case .id(let id): id
        case .object(let object): object.id
        }
    }

    /// The expanded object, or `nil` when only the id came.
    public var expanded: Object? {
        if case .object(let object) = self { return object }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(String.self) {
            self = .id(id)
        } else {
            self = .object(try container.decode(Object.self))
        }
    }
}
