/// A Stripe product. Deleting one removes it (a retrieve then answers 404), unlike a customer.
struct Product: StoredResource, Equatable {
    /// `package_dimensions`: inches and ounces, as Stripe documents.
    struct PackageDimensions: Sendable, Equatable {
        var height: Double
        var length: Double
        var weight: Double
        var width: Double
    }

    let id: String
    let created: Int
    var updated: Int
    var active = true
    var defaultPrice: String?
    var description: String?
    var images: [String] = []
    var marketingFeatures: [String] = []
    var metadata: [String: String] = [:]
    var name: String
    var packageDimensions: PackageDimensions?
    var shippable: Bool?
    var statementDescriptor: String?
    var taxCode: String?
    var type = "service"
    var unitLabel: String?
    var url: String?

    init(id: String, created: Int, name: String) {
        self.id = id
        self.created = created
        self.updated = created
        self.name = name
    }

    func render(into writer: inout JSONWriter, livemode: Bool) {
        render(into: &writer, livemode: livemode, defaultPriceObject: nil)
    }

    /// `defaultPriceObject` is the encoded price when `default_price` is expanded.
    func render(into writer: inout JSONWriter, livemode: Bool, defaultPriceObject: [UInt8]?) {
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("object"); writer.string("product")
        writer.key("active"); writer.bool(active)
        writer.key("created"); writer.int(created)
        writer.key("default_price")
        if let defaultPriceObject { writer.raw(defaultPriceObject) } else { writer.string(defaultPrice) }
        writer.key("description"); writer.string(description)
        writer.key("images"); writer.stringArray(images)
        writer.key("livemode"); writer.bool(livemode)
        writer.key("marketing_features")
        writer.beginArray()
        for feature in marketingFeatures {
            writer.beginObject()
            writer.key("name"); writer.string(feature)
            writer.endObject()
        }
        writer.endArray()
        writer.key("metadata"); writer.stringMap(metadata)
        writer.key("name"); writer.string(name)
        writer.key("package_dimensions")
        if let packageDimensions {
            writer.beginObject()
            writer.key("height"); writer.double(packageDimensions.height)
            writer.key("length"); writer.double(packageDimensions.length)
            writer.key("weight"); writer.double(packageDimensions.weight)
            writer.key("width"); writer.double(packageDimensions.width)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("shippable"); writer.bool(shippable)
        writer.key("statement_descriptor"); writer.string(statementDescriptor)
        writer.key("tax_code"); writer.string(taxCode)
        writer.key("type"); writer.string(type)
        writer.key("unit_label"); writer.string(unitLabel)
        writer.key("updated"); writer.int(updated)
        writer.key("url"); writer.string(url)
        writer.endObject()
    }
}
