/// A billing meter (`billing.meter`), which a metered recurring price must name in this API version.
struct Meter: StoredResource, Equatable {
    let id: String
    let created: Int
    var updated: Int
    var displayName: String
    var eventName: String
    var aggregationFormula = "sum"
    var customerPayloadKey = "stripe_customer_id"
    var valuePayloadKey = "value"
    var eventTimeWindow: String?
    var status = "active"
    var deactivatedAt: Int?

    func render(into writer: inout JSONWriter, livemode: Bool) {
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("object"); writer.string("billing.meter")
        writer.key("created"); writer.int(created)
        writer.key("customer_mapping")
        writer.beginObject()
        writer.key("event_payload_key"); writer.string(customerPayloadKey)
        writer.key("type"); writer.string("by_id")
        writer.endObject()
        writer.key("default_aggregation")
        writer.beginObject()
        writer.key("formula"); writer.string(aggregationFormula)
        writer.endObject()
        writer.key("display_name"); writer.string(displayName)
        writer.key("event_name"); writer.string(eventName)
        writer.key("event_time_window"); writer.string(eventTimeWindow)
        writer.key("livemode"); writer.bool(livemode)
        writer.key("status"); writer.string(status)
        writer.key("status_transitions")
        writer.beginObject()
        writer.key("deactivated_at"); writer.int(deactivatedAt)
        writer.endObject()
        writer.key("updated"); writer.int(updated)
        writer.key("value_settings")
        writer.beginObject()
        writer.key("event_payload_key"); writer.string(valuePayloadKey)
        writer.endObject()
        writer.endObject()
    }
}
