import Foundation
import HTTPServer

/// The `/_sim/` endpoints: the test harness's own surface (faults, clock, webhook switches, counts, loads, reset).
/// These are ours; everything under `/v1` behaves as Stripe documents.
enum ControlRoutes {
    static func install(into router: inout Router, harness: SimHarness) {
        router.get("/_sim/health") { _ in
            json(["status": .string("ok"), "stripe_version": .string(StripeAPIVersion.pinned)])
        }

        router.get("/_sim/requests") { request in
            guard let account = request.query("account"), !account.isEmpty else {
                // Every configured account, for a quick look at who was called.
                var writer = JSONWriter()
                writer.beginObject()
                writer.key("accounts")
                writer.beginArray()
                for account in harness.store.accounts {
                    writer.raw(harness.counter.report(account: account.id, mode: nil, since: nil))
                }
                writer.endArray()
                writer.endObject()
                return .json(200, writer.bytes)
            }
            var mode: Mode?
            if let text = request.query("mode") {
                guard let parsed = Mode(rawValue: text) else { return problem("mode must be test or live") }
                mode = parsed
            }
            var since: Int?
            if let text = request.query("since") {
                guard let parsed = Int(text) else { return problem("since must be a Unix time in seconds") }
                since = parsed
            }
            return .json(200, harness.counter.report(account: account, mode: mode, since: since))
        }
        router.delete("/_sim/requests") { _ in
            harness.counter.reset()
            return json(["reset": .bool(true)])
        }

        router.post("/_sim/keys") { request in
            do {
                let document = try body(request)
                guard let account = document["account"]?.stringValue, harness.store.account(account) != nil else {
                    return problem("account must name a configured account")
                }
                var permissions: [String: APIKey.Access] = [:]
                for (resource, level) in document["permissions"]?.objectMembers ?? [] {
                    switch level.stringValue {
                    case "none": permissions[resource] = APIKey.Access.none
                    case "read": permissions[resource] = .read
                    case "write": permissions[resource] = .write
                    default: return problem("permission for \(resource) must be none, read or write")
                    }
                }
                guard let text = document["key"]?.stringValue,
                      let key = APIKey(key: text, account: account, permissions: permissions) else {
                    return problem("key must be an sk_test_, sk_live_, rk_test_ or rk_live_ key")
                }
                guard harness.store.addKey(key) else { return problem("that key already exists") }
                return json(["added": .string(key.masked), "account": .string(account), "mode": .string(key.mode.rawValue)])
            } catch {
                return problem(String(describing: error))
            }
        }
        router.delete("/_sim/keys/{key}") { request in
            let key = request.pathParameters["key"] ?? ""
            guard harness.store.revokeKey(key) else {
                return .json(404, JSONValue.object([("error", .string("no such key"))]).encoded)
            }
            return json(["revoked": .string(APIKey.mask(key))])
        }

        router.get("/_sim/faults") { _ in .json(200, harness.faults.current.render()) }
        router.post("/_sim/faults") { request in
            do {
                let next = try harness.faults.current.updated(with: try body(request))
                harness.faults.replace(next)
                harness.logger.info("faults changed", ["faults": String(decoding: next.render(), as: UTF8.self)])
                return .json(200, next.render())
            } catch {
                return problem(String(describing: error))
            }
        }
        router.delete("/_sim/faults") { _ in
            harness.faults.replace(FaultSettings())
            return .json(200, FaultSettings().render())
        }

        router.get("/_sim/rate-limit") { _ in renderLimits(harness.limiter.limits) }
        router.post("/_sim/rate-limit") { request in
            do {
                let document = try body(request)
                var limits = harness.limiter.limits
                for (name, value) in document.objectMembers ?? [] {
                    guard let number = value.intValue, number >= 0 else { return problem("\(name) must be a whole number >= 0") }
                    switch name {
                    case "test": limits.test = number
                    case "live": limits.live = number
                    default: return problem("unknown rate-limit setting \(name); use test and live")
                    }
                }
                harness.limiter.setLimits(limits)
                return renderLimits(limits)
            } catch {
                return problem(String(describing: error))
            }
        }

        router.get("/_sim/clock") { _ in renderClock(harness.store.clock) }
        router.post("/_sim/clock/advance") { request in
            do {
                guard let seconds = try body(request)["seconds"]?.intValue, seconds >= 0 else {
                    return problem("seconds must be a whole number >= 0")
                }
                harness.store.clock.advance(by: seconds)
                return renderClock(harness.store.clock)
            } catch {
                return problem(String(describing: error))
            }
        }

        router.get("/_sim/webhooks") { _ in .json(200, await harness.dispatcher.currentSwitches.render()) }
        router.post("/_sim/webhooks") { request in
            do {
                let next = try await harness.dispatcher.currentSwitches.updated(with: try body(request))
                await harness.dispatcher.setSwitches(next)
                return .json(200, next.render())
            } catch {
                return problem(String(describing: error))
            }
        }
        router.post("/_sim/webhooks/flush") { _ in
            await harness.dispatcher.flush()
            return json(["pending": .int(await harness.dispatcher.pendingCount)])
        }
        router.get("/_sim/webhooks/deliveries") { request in
            .json(200, await harness.dispatcher.renderAttempts(event: request.query("event")))
        }

        router.post("/_sim/load") { request in
            var mode = Mode.test
            if let text = request.query("mode") {
                guard let parsed = Mode(rawValue: text) else { return problem("mode must be test or live") }
                mode = parsed
            }
            do {
                let summary = try DatasetLoader.load(request.body, into: harness.store, account: request.query("account"), mode: mode)
                return json(["loaded": .object(summary.counts.keys.sorted().map { ($0, .int(summary.counts[$0] ?? 0)) })])
            } catch {
                return problem(String(describing: error))
            }
        }

        router.post("/_sim/snapshot") { _ in
            guard let path = harness.configuration.snapshotPath else { return problem("stripe-sim was started without --snapshot") }
            do {
                try Snapshot.write(harness.store, to: path)
                return json(["written": .string(path)])
            } catch {
                return HTTPResponse.json(500, JSONValue.object([("error", .string(String(describing: error)))]).encoded)
            }
        }

        router.post("/_sim/reset") { _ in
            harness.store.resetAll()
            harness.store.clock.reset()
            harness.counter.reset()
            harness.limiter.reset()
            harness.faults.replace(FaultSettings())
            await harness.dispatcher.reset()
            var loaded: [(String, JSONValue)] = []
            if let dataset = harness.dataset {
                do {
                    let summary = try DatasetLoader.load(dataset, into: harness.store)
                    loaded = summary.counts.keys.sorted().map { ($0, .int(summary.counts[$0] ?? 0)) }
                } catch {
                    return problem(String(describing: error))
                }
            }
            harness.logger.info("reset")
            return json(["reset": .bool(true), "loaded": .object(loaded)])
        }
    }

    private static func body(_ request: HTTPRequest) throws -> JSONValue {
        if request.body.isEmpty { return .object([]) }
        let value = try JSONParser.parse(request.body)
        guard value.objectMembers != nil else { throw ControlError("the body must be a JSON object") }
        return value
    }

    private static func json(_ members: KeyValuePairs<String, JSONValue>) -> HTTPResponse {
        .json(200, JSONValue.object(members.map { ($0.key, $0.value) }).encoded)
    }

    private static func problem(_ message: String) -> HTTPResponse {
        .json(400, JSONValue.object([("error", .string(message))]).encoded)
    }

    private static func renderLimits(_ limits: RateLimiter.Limits) -> HTTPResponse {
        json(["test": .int(limits.test), "live": .int(limits.live)])
    }

    private static func renderClock(_ clock: SimClock) -> HTTPResponse {
        json(["now": .int(clock.now), "offset_s": .int(clock.offsetSeconds),
              "real_now": .int(Int(Date().timeIntervalSince1970))])
    }
}
