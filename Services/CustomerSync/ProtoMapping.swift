import CustomerMatching
import Foundation
import SyncEngine
import VelesAPI

/// Conversions between customer-sync's own values and its proto messages.
enum ProtoMapping {
    static func proto(_ customer: MirroredCustomer, mode: String) -> Veles_Customers_V1_StripeCustomer {
        var message = Veles_Customers_V1_StripeCustomer()
        message.stripeId = customer.stripeId
        message.name = customer.name ?? ""
        message.email = customer.email ?? ""
        message.description = customer.description ?? ""
        message.matchStatus = status(customer.status)
        if let method = customer.matchMethod ?? customer.ambiguousRule { message.matchMethod = proto(method) }
        message.velesCustomerId = customer.velesCustomerId ?? ""
        message.candidates = customer.candidates
        message.createdAtMs = customer.created * 1000
        message.matchedAtMs = customer.matchedAtMs ?? 0
        message.linkFlag = customer.linkFlag
        message.deleted = customer.deleted
        message.mode = mode
        message.metadata = customer.metadata
        return message
    }

    static func status(_ status: MirroredCustomer.Status) -> Veles_Customers_V1_MatchStatus {
        switch status {
        case .matched: .matched
        case .notMatched: .notMatched
        case .deleted: .deleted
        }
    }

    static func status(_ status: Veles_Customers_V1_MatchStatus) -> MirroredCustomer.Status? {
        switch status {
        case .matched: .matched
        case .notMatched: .notMatched
        case .deleted: .deleted
        default: nil
        }
    }

    static func proto(_ method: MatchMethod) -> Veles_Customers_V1_MatchMethod {
        switch method {
        case .manual: .manual
        case .created: .created
        case .metadata: .metadata
        case .email: .email
        case .domain: .domain
        case .name: .name
        }
    }

    static func proto(_ customer: VelesCustomer) -> Veles_Customers_V1_VelesCustomer {
        var message = Veles_Customers_V1_VelesCustomer()
        message.id = customer.id
        message.name = customer.name
        message.domains = customer.domains
        message.contactEmails = customer.contactEmails
        message.billingEmail = customer.billingEmail ?? ""
        return message
    }

    /// Surrounding spaces and tabs removed; Foundation's trimming bridges every string, so it runs only when there is
    /// something to trim (a directory upsert carries thousands of ids).
    static func trimmed(_ text: String) -> String {
        text.first?.isWhitespace == true || text.last?.isWhitespace == true ? text.trimmingCharacters(in: .whitespaces) : text
    }

    static func veles(_ message: Veles_Customers_V1_VelesCustomer) -> VelesCustomer {
        VelesCustomer(id: trimmed(message.id), name: message.name, domains: message.domains,
                      contactEmails: message.contactEmails,
                      billingEmail: message.billingEmail.isEmpty ? nil : message.billingEmail)
    }

    static func proto(_ run: SyncRun) -> Veles_Customers_V1_SyncRun {
        var message = Veles_Customers_V1_SyncRun()
        message.runId = run.runId
        message.status = switch run.status {
        case .running: .running
        case .succeeded: .succeeded
        case .failed: .failed
        case .stopped: .stopped
        }
        message.pass = run.pass.rawValue
        message.trigger = run.trigger.rawValue
        message.startedAtMs = run.startedAtMs
        message.finishedAtMs = run.finishedAtMs ?? 0
        message.created = Int32(clamping: run.counts.created)
        message.updated = Int32(clamping: run.counts.updated)
        message.deleted = Int32(clamping: run.counts.deleted)
        message.matched = Int32(clamping: run.counts.matched)
        message.unmatched = Int32(clamping: run.counts.unmatched)
        message.pages = Int32(clamping: run.pages)
        message.error = run.error
        return message
    }
}

/// The opaque list cursor of the Customers tab: the (created, id) of the last row shown.
enum CustomerCursor {
    static func encode(created: Int64, id: String) -> String {
        Data("\(created):\(id)".utf8).base64EncodedString()
    }

    static func decode(_ cursor: String) throws -> (created: Int64, id: String)? {
        guard !cursor.isEmpty else { return nil }
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":"), let created = Int64(text[..<colon]) else {
            throw CustomerSyncError.invalidArgument("the cursor is not one this list returned")
        }
        return (created, String(text[text.index(after: colon)...]))
    }
}
