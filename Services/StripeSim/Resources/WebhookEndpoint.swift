/// A webhook endpoint: where events of the enabled types are POSTed, signed with its `whsec_` secret.
struct WebhookEndpoint: StoredResource, Equatable {
    let id: String
    let created: Int
    var url: String
    var enabledEvents: [String]
    var description: String?
    var metadata: [String: String] = [:]
    var disabled = false
    var apiVersion: String?
    /// Shown only in the create response, as Stripe does.
    let secret: String

    func wants(_ eventType: String) -> Bool {
        !disabled && enabledEvents.contains { Event.type(eventType, matches: $0) }
    }

    func render(into writer: inout JSONWriter, livemode: Bool) {
        render(into: &writer, livemode: livemode, includeSecret: false)
    }

    func render(into writer: inout JSONWriter, livemode: Bool, includeSecret: Bool) {
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("object"); writer.string("webhook_endpoint")
        writer.key("api_version"); writer.string(apiVersion)
        writer.key("application"); writer.null()
        writer.key("created"); writer.int(created)
        writer.key("description"); writer.string(description)
        writer.key("enabled_events"); writer.stringArray(enabledEvents)
        writer.key("livemode"); writer.bool(livemode)
        writer.key("metadata"); writer.stringMap(metadata)
        if includeSecret {
            writer.key("secret"); writer.string(secret)
        }
        writer.key("status"); writer.string(disabled ? "disabled" : "enabled")
        writer.key("url"); writer.string(url)
        writer.endObject()
    }
}
