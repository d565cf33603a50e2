import CustomerMatching
import ProtoRuntime
import VelesAPI

/// Encodes a page of mirrored customers as `ListStripeCustomersResponse` wire bytes, field for field as the generated
/// code encodes the messages `ProtoMapping` builds, but without building them.
///
/// Building 50 `StripeCustomer` messages to serialise them at once copied every row twice and sized each one twice;
/// the customers page is the most read RPC of the service. Tests hold the bytes equal to the generated encoding.
enum StripeCustomerPageEncoder {
    typealias Status = ProtoEnumCodec<Veles_Customers_V1_MatchStatus>
    typealias Method = ProtoEnumCodec<Veles_Customers_V1_MatchMethod>

    static func encode(_ rows: ArraySlice<MirroredCustomer>, mode: String, hasMore: Bool, nextCursor: String) -> [UInt8] {
        let sizes = rows.map { size(of: $0, mode: mode) }
        var pageSize = 0
        if hasMore { pageSize &+= 2 }
        if !nextCursor.isEmpty { pageSize &+= 1 &+ ProtoString.payloadSize(nextCursor) }
        var total = 1 &+ ProtoSize.lengthDelimited(pageSize)
        for size in sizes { total &+= 1 &+ ProtoSize.lengthDelimited(size) }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var writer = ProtoWriter(UnsafeMutableRawPointer(base))
            for (row, size) in zip(rows, sizes) {
                writer.writeTag(10)
                writer.writeVarint(UInt64(size))
                write(row, mode: mode, to: &writer)
            }
            writer.writeTag(18)
            writer.writeVarint(UInt64(pageSize))
            if hasMore { writer.write(ProtoBool.self, key: 8, true) }
            if !nextCursor.isEmpty { writer.write(ProtoString.self, key: 18, nextCursor) }
            initialized = total
        }
    }

    private static func method(of customer: MirroredCustomer) -> Veles_Customers_V1_MatchMethod {
        (customer.matchMethod ?? customer.ambiguousRule).map(ProtoMapping.proto) ?? .unspecified
    }

    private static func size(of customer: MirroredCustomer, mode: String) -> Int {
        var size = 0
        if !customer.stripeId.isEmpty { size &+= 1 &+ ProtoString.payloadSize(customer.stripeId) }
        if let name = customer.name, !name.isEmpty { size &+= 1 &+ ProtoString.payloadSize(name) }
        if let email = customer.email, !email.isEmpty { size &+= 1 &+ ProtoString.payloadSize(email) }
        if let description = customer.description, !description.isEmpty { size &+= 1 &+ ProtoString.payloadSize(description) }
        size &+= 1 &+ Status.payloadSize(ProtoMapping.status(customer.status))
        let method = method(of: customer)
        if method.rawValue != 0 { size &+= 1 &+ Method.payloadSize(method) }
        if let veles = customer.velesCustomerId, !veles.isEmpty { size &+= 1 &+ ProtoString.payloadSize(veles) }
        size &+= ProtoSize.unpacked(keySize: 1, ProtoString.self, customer.candidates)
        if customer.created != 0 { size &+= 1 &+ ProtoInt64.payloadSize(customer.created * 1000) }
        if let matchedAt = customer.matchedAtMs, matchedAt != 0 { size &+= 1 &+ ProtoInt64.payloadSize(matchedAt) }
        if !customer.linkFlag.isEmpty { size &+= 1 &+ ProtoString.payloadSize(customer.linkFlag) }
        if customer.deleted { size &+= 2 }
        if !mode.isEmpty { size &+= 1 &+ ProtoString.payloadSize(mode) }
        size &+= ProtoSize.map(keySize: 1, ProtoString.self, ProtoString.self, customer.metadata)
        return size
    }

    private static func write(_ customer: MirroredCustomer, mode: String, to writer: inout ProtoWriter) {
        if !customer.stripeId.isEmpty { writer.write(ProtoString.self, key: 10, customer.stripeId) }
        if let name = customer.name, !name.isEmpty { writer.write(ProtoString.self, key: 18, name) }
        if let email = customer.email, !email.isEmpty { writer.write(ProtoString.self, key: 26, email) }
        if let description = customer.description, !description.isEmpty {
            writer.write(ProtoString.self, key: 34, description)
        }
        writer.write(Status.self, key: 40, ProtoMapping.status(customer.status))
        let method = method(of: customer)
        if method.rawValue != 0 { writer.write(Method.self, key: 48, method) }
        if let veles = customer.velesCustomerId, !veles.isEmpty { writer.write(ProtoString.self, key: 58, veles) }
        writer.writeUnpacked(ProtoString.self, key: 66, customer.candidates)
        if customer.created != 0 { writer.write(ProtoInt64.self, key: 72, customer.created * 1000) }
        if let matchedAt = customer.matchedAtMs, matchedAt != 0 { writer.write(ProtoInt64.self, key: 80, matchedAt) }
        if !customer.linkFlag.isEmpty { writer.write(ProtoString.self, key: 90, customer.linkFlag) }
        if customer.deleted { writer.write(ProtoBool.self, key: 96, true) }
        if !mode.isEmpty { writer.write(ProtoString.self, key: 106, mode) }
        writer.writeMap(ProtoString.self, ProtoString.self, key: 114, customer.metadata)
    }
}
