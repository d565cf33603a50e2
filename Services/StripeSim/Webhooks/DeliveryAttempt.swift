/// One POST of an event to an endpoint, kept for `GET /_sim/webhooks/deliveries`.
struct DeliveryAttempt: Sendable {
    let eventID: String
    let eventType: String
    let endpointID: String
    let url: String
    let attempt: Int
    let duplicate: Bool
    let status: Int?
    let error: String?
    let at: Double

    func render(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("event"); writer.string(eventID)
        writer.key("type"); writer.string(eventType)
        writer.key("endpoint"); writer.string(endpointID)
        writer.key("url"); writer.string(url)
        writer.key("attempt"); writer.int(attempt)
        writer.key("duplicate"); writer.bool(duplicate)
        writer.key("status"); writer.int(status)
        writer.key("error"); writer.string(error)
        writer.key("at"); writer.double(at)
        writer.endObject()
    }
}
