/// An object a ledger keeps: it has an id and a creation time (the list order), and encodes itself as Stripe does.
protocol StoredResource: Sendable {
    var id: String { get }
    var created: Int { get }
    /// Writes the object in its default (unexpanded) shape.
    func render(into writer: inout JSONWriter, livemode: Bool)
}

extension StoredResource {
    func encoded(livemode: Bool) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 1024)
        render(into: &writer, livemode: livemode)
        return writer.bytes
    }
}
