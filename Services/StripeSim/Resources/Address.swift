/// A postal address as Stripe shapes it: six nullable fields.
struct Address: Sendable, Equatable {
    var city: String?
    var country: String?
    var line1: String?
    var line2: String?
    var postalCode: String?
    var state: String?

    static let fields = ["city", "country", "line1", "line2", "postal_code", "state"]

    func render(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("city"); writer.string(city)
        writer.key("country"); writer.string(country)
        writer.key("line1"); writer.string(line1)
        writer.key("line2"); writer.string(line2)
        writer.key("postal_code"); writer.string(postalCode)
        writer.key("state"); writer.string(state)
        writer.endObject()
    }

    /// Reads `address[city]=…` style parameters over an existing address.
    static func read(_ reader: ParamReader, over existing: Address?) throws(StripeError) -> Address {
        var address = existing ?? Address()
        if let value = try reader.nullableString("city") { address.city = value }
        if let value = try reader.nullableString("country") { address.country = value }
        if let value = try reader.nullableString("line1") { address.line1 = value }
        if let value = try reader.nullableString("line2") { address.line2 = value }
        if let value = try reader.nullableString("postal_code") { address.postalCode = value }
        if let value = try reader.nullableString("state") { address.state = value }
        return address
    }

    init(city: String? = nil, country: String? = nil, line1: String? = nil, line2: String? = nil,
         postalCode: String? = nil, state: String? = nil) {
        self.city = city
        self.country = country
        self.line1 = line1
        self.line2 = line2
        self.postalCode = postalCode
        self.state = state
    }

    init?(json: JSONValue?) {
        guard let json, json.objectMembers != nil else { return nil }
        city = json["city"]?.stringValue
        country = json["country"]?.stringValue
        line1 = json["line1"]?.stringValue
        line2 = json["line2"]?.stringValue
        postalCode = json["postal_code"]?.stringValue
        state = json["state"]?.stringValue
    }
}

/// A shipping destination: name, address and phone.
struct Shipping: Sendable, Equatable {
    var address: Address
    var name: String
    var phone: String?

    func render(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("address"); address.render(into: &writer)
        writer.key("name"); writer.string(name)
        writer.key("phone"); writer.string(phone)
        writer.endObject()
    }

    static func read(_ reader: ParamReader, over existing: Shipping?) throws(StripeError) -> Shipping {
        guard let addressReader = try reader.hash("address") else {
            throw StripeError.invalidRequest("Missing required param: \(reader.qualified("address")).",
                                             param: reader.qualified("address"), code: "parameter_missing")
        }
        let address = try Address.read(addressReader, over: existing?.address)
        let name = try reader.requiredString("name")
        let phone = try reader.nullableString("phone") ?? existing?.phone
        return Shipping(address: address, name: name, phone: phone)
    }

    init(address: Address, name: String, phone: String?) {
        self.address = address
        self.name = name
        self.phone = phone
    }

    init?(json: JSONValue?) {
        guard let json, let name = json["name"]?.stringValue else { return nil }
        address = Address(json: json["address"]) ?? Address()
        self.name = name
        phone = json["phone"]?.stringValue
    }
}
