import CustomerMatching
import ProtoRuntime
import Store

/// One row of `CustomerStore.mirroredColumns` as the page encoder reads it, text columns still in SQLite's memory.
struct StripeCustomerColumns {
    static var empty: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    let stripeId: UnsafeRawBufferPointer
    let name: UnsafeRawBufferPointer
    let email: UnsafeRawBufferPointer
    let description: UnsafeRawBufferPointer
    let metadata: [String: String]
    let created: Int64
    let deleted: Bool
    let velesCustomerId: UnsafeRawBufferPointer?
    let method: Int32
    let matchedAtMs: Int64
    let candidates: CandidatesColumn
    let linkFlag: UnsafeRawBufferPointer

    init(_ row: RowCursor) {
        stripeId = row.text(0) ?? Self.empty
        name = row.text(1) ?? Self.empty
        email = row.text(2) ?? Self.empty
        description = row.text(3) ?? Self.empty
        metadata = row.text(4).map { JSONColumn.map(String(decoding: $0, as: UTF8.self)) } ?? [:]
        created = row.int64(5)
        deleted = row.int64(6) != 0
        velesCustomerId = row.text(7)
        let method = Self.method(row.text(8)) ?? Self.method(row.text(11))
        self.method = method.map { ProtoMapping.proto($0).rawValue } ?? 0
        matchedAtMs = row.int64(9)
        candidates = CandidatesColumn(row.text(10))
        linkFlag = row.text(12) ?? Self.empty
    }

    private static func method(_ text: UnsafeRawBufferPointer?) -> MatchMethod? {
        text.flatMap { MatchMethod(rawValue: String(decoding: $0, as: UTF8.self)) }
    }

    /// As `MirroredCustomer.status`: deleted, else matched when a Veles customer is linked.
    var status: Int32 {
        ProtoMapping.status(deleted ? .deleted : (velesCustomerId == nil ? .notMatched : .matched)).rawValue
    }

    func size(mode: String) -> Int {
        var size = Self.textSize(stripeId) &+ Self.textSize(name) &+ Self.textSize(email) &+ Self.textSize(description)
        size &+= 1 &+ ProtoSize.varint(UInt64(status))
        if method != 0 { size &+= 1 &+ ProtoSize.varint(UInt64(method)) }
        size &+= Self.textSize(velesCustomerId ?? Self.empty)
        candidates.forEach { size &+= 1 &+ ProtoSize.lengthDelimited($0.count) }
        if created != 0 { size &+= 1 &+ ProtoSize.varint(UInt64(bitPattern: created &* 1000)) }
        if matchedAtMs != 0 { size &+= 1 &+ ProtoSize.varint(UInt64(bitPattern: matchedAtMs)) }
        size &+= Self.textSize(linkFlag)
        if deleted { size &+= 2 }
        if !mode.isEmpty { size &+= 1 &+ ProtoString.payloadSize(mode) }
        return size &+ ProtoSize.map(keySize: 1, ProtoString.self, ProtoString.self, metadata)
    }

    func write(mode: String, to writer: inout ProtoWriter) {
        Self.write(stripeId, key: 10, to: &writer)
        Self.write(name, key: 18, to: &writer)
        Self.write(email, key: 26, to: &writer)
        Self.write(description, key: 34, to: &writer)
        writer.writeTag(40)
        writer.writeVarint(UInt64(status))
        if method != 0 {
            writer.writeTag(48)
            writer.writeVarint(UInt64(method))
        }
        Self.write(velesCustomerId ?? Self.empty, key: 58, to: &writer)
        candidates.forEach { Self.write($0, key: 66, always: true, to: &writer) }
        if created != 0 { writer.write(ProtoInt64.self, key: 72, created &* 1000) }
        if matchedAtMs != 0 { writer.write(ProtoInt64.self, key: 80, matchedAtMs) }
        Self.write(linkFlag, key: 90, to: &writer)
        if deleted { writer.write(ProtoBool.self, key: 96, true) }
        if !mode.isEmpty { writer.write(ProtoString.self, key: 106, mode) }
        writer.writeMap(ProtoString.self, ProtoString.self, key: 114, metadata)
    }

    private static func textSize(_ text: UnsafeRawBufferPointer) -> Int {
        text.isEmpty ? 0 : 1 &+ ProtoSize.lengthDelimited(text.count)
    }

    /// A string field; proto3 leaves an empty one out, but every item of a repeated field is written.
    private static func write(_ text: UnsafeRawBufferPointer, key: UInt32, always: Bool = false, to writer: inout ProtoWriter) {
        guard always || !text.isEmpty else { return }
        writer.writeTag(key)
        writer.writeVarint(UInt64(text.count))
        writer.writeRaw(text)
    }
}
