/// What a retrieve of an object that can be deleted returns: the object, or Stripe's deleted stub.
public enum StripeDeletable<Object: StripeIdentified>: StripeIdentified {
    case live(Object)
    case deleted(StripeDeletedObject)

    public var id: String {
        switch self {
        case .live(let object): object.id
        case .deleted(let stub): stub.id
        }
    }

    /// The object, or `nil` when it was deleted.
    public var object: Object? {
        if case .live(let object) = self { return object }
        return nil
    }

    public var isDeleted: Bool {
        if case .deleted = self { return true }
        return false
    }

    private enum CodingKeys: String, CodingKey { case deleted }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if try container.value(.deleted, default: false) {
            self = .deleted(try StripeDeletedObject(from: decoder))
        } else {
            self = .live(try Object(from: decoder))
        }
    }
}
