import ProtoRuntime

/// Messages from clients: requests, heartbeats, events and subscriptions.
extension BrokerLoop {
    /// Returns how many messages' worth it was: the requests in a batch, else one.
    func handleFrontend(_ frames: [[UInt8]]) -> Int {
        let message: BusMessage
        do {
            message = try BusMessage.parse(frames, routed: true)
        } catch {
            refuse(frames, on: frontend, side: "frontend", reason: error.description)
            return 1
        }
        var weight = 1
        let now = ContinuousClock.now
        if var subscriber = subscribers[message.peer] {
            subscriber.lastSeen = now
            subscribers[message.peer] = subscriber
        }
        do {
            switch message.command {
            case .request: try handleRequest(message, now: now)
            case .requestBatch:
                try message.requireBody(1)
                // Each request in it is taken or refused on its own, as if it had come alone; the sender hears of
                // the refusals once per batch, not once per request.
                var refused: (count: Int, first: BusProtocolError)?
                let bodies = try BatchFrame.bodies(in: message.body[0], framesPerBody: 2)
                weight = bodies.count
                for body in bodies {
                    do {
                        try handleRequest(BusMessage(peer: message.peer, command: .request, body: body), now: now)
                    } catch {
                        refused = ((refused?.count ?? 0) + 1, refused?.first ?? error)
                    }
                }
                if let refused {
                    refuse(frames, on: frontend, side: "frontend",
                           reason: "\(refused.count) request(s) in a batch could not be read, the first: \(refused.first.description)")
                }
            case .heartbeat:
                send(BusMessage(peer: message.peer, command: .heartbeat, body: [instanceId]), on: frontend)
            case .subscribe:
                try message.requireBody(1)
                let prefix = try FrameCoding.string(message.body[0], what: "topic")
                var subscriber = subscribers[message.peer] ?? (prefixes: [], lastSeen: now)
                subscriber.prefixes.insert(prefix)
                subscribers[message.peer] = subscriber
            case .unsubscribe:
                try message.requireBody(1)
                let prefix = try FrameCoding.string(message.body[0], what: "topic")
                subscribers[message.peer]?.prefixes.remove(prefix)
            case .publish: try handlePublish(message, now: now)
            default:
                refuse(frames, on: frontend, side: "frontend", reason: "command \(message.command) is not valid from a client")
            }
        } catch {
            refuse(frames, on: frontend, side: "frontend", reason: error.description)
        }
        return weight
    }

    private func handleRequest(_ message: BusMessage, now: ContinuousClock.Instant) throws(BusProtocolError) {
        try message.requireBody(2)
        let requestId = try FrameCoding.string(message.body[0], what: "request id")
        let envelopeBytes = message.body[1]
        guard envelopeBytes.count <= configuration.maxMessageBytes else {
            malformedLog.warning(logger, "refused oversized request", ["bytes": String(envelopeBytes.count), "request_id": requestId])
            replyToClient(message.peer, requestId: requestId, code: .resourceExhausted,
                          message: "request of \(envelopeBytes.count) bytes exceeds the broker's limit of \(configuration.maxMessageBytes)")
            return
        }
        let route: EnvelopeRoute
        do {
            route = try EnvelopeRoute(envelopeBytes)
        } catch {
            malformedLog.warning(logger, "refused undecodable envelope", ["error": "\(error)", "request_id": requestId])
            replyToClient(message.peer, requestId: requestId, code: .invalidArgument, message: "request envelope could not be decoded: \(error)")
            return
        }
        let timeout = route.timeoutMs > 0 ? Duration.milliseconds(route.timeoutMs) : configuration.defaultTimeout
        let pending = PendingRequest(
            client: message.peer, requestId: requestId, envelope: envelopeBytes,
            service: route.service, method: route.method, idempotent: route.idempotent,
            workspaceId: route.metadata.workspaceId, caller: route.metadata.caller,
            traceId: route.metadata.traceId, attempt: route.metadata.attempt,
            responseType: route.responseType, receivedAt: now, deadline: now + timeout
        )
        journal?.append(.request(pending, route: route))
        if route.method == Veles_Bus_V1_Health.Methods.check.path, let answer = brokerHealthAnswer(for: route.service) {
            complete(pending, reply: answer)
            return
        }
        guard !route.service.isEmpty else {
            complete(pending, code: .invalidArgument, message: "the envelope names no service")
            return
        }
        if services[route.service] == nil, now - startedAt > configuration.startupGrace {
            complete(pending, code: .unavailable, message: "no worker has registered service \(route.service)")
            return
        }
        let queued = services[route.service]?.queue.count ?? 0
        guard queued < configuration.maxQueuePerService else {
            complete(pending, code: .resourceExhausted,
                     message: "service \(route.service) has \(queued) requests waiting, the most it queues")
            return
        }
        // Mutated in place: copying the record out and back would copy its whole queue on every request.
        services[route.service, default: ServiceRecord()].queue.append(pending)
        servicesToDispatch.insert(route.service)
    }

    /// The broker answers a health check itself when it asks about the whole bus or about a service with no worker.
    private func brokerHealthAnswer(for service: String) -> Veles_Bus_V1_Reply? {
        var response = Veles_Bus_V1_CheckResponse()
        response.responder = "broker"
        if service.isEmpty {
            response.status = .serving
            response.services = services.keys.sorted().map(serviceHealth)
        } else if liveWorkerCount(service) == 0 {
            response.status = .notServing
            response.services = [serviceHealth(service)]
        } else {
            return nil
        }
        var reply = Veles_Bus_V1_Reply()
        reply.code = .ok
        reply.payload = response.serializedBytes()
        return reply
    }

    func serviceHealth(_ name: String) -> Veles_Bus_V1_ServiceHealth {
        var health = Veles_Bus_V1_ServiceHealth()
        health.name = name
        let record = services[name]
        let live = record?.workers ?? []
        health.liveWorkers = UInt32(live.count)
        health.idleSlots = UInt32(live.reduce(0) { $0 + $1.freeSlots })
        health.inFlight = UInt32(live.reduce(0) { $0 + $1.inFlight.count })
        health.queued = UInt32(record?.queue.count ?? 0)
        return health
    }

    func liveWorkerCount(_ service: String) -> Int {
        services[service]?.workers.count ?? 0
    }

    private func handlePublish(_ message: BusMessage, now: ContinuousClock.Instant) throws(BusProtocolError) {
        try message.requireBody(2)
        let topic = try FrameCoding.string(message.body[0], what: "topic")
        let eventBytes = message.body[1]
        guard eventBytes.count <= configuration.maxMessageBytes else {
            malformedLog.warning(logger, "dropped oversized event", ["bytes": String(eventBytes.count), "topic": topic])
            return
        }
        let event: Veles_Bus_V1_Event
        do {
            event = try Veles_Bus_V1_Event(serializedBytes: eventBytes)
        } catch {
            malformedLog.warning(logger, "dropped undecodable event", ["error": "\(error)", "topic": topic])
            return
        }
        journal?.append(.event(event, topic: topic))
        for (peer, subscriber) in subscribers where subscriber.prefixes.contains(where: { topic.hasPrefix($0) }) {
            send(BusMessage(peer: peer, command: .event, body: [message.body[0], eventBytes]), on: frontend)
        }
    }

    /// Answers a request the broker itself decided (refusals, expiries, its own health answer).
    func complete(_ request: PendingRequest, code: Veles_Bus_V1_StatusCode, message: String) {
        var reply = Veles_Bus_V1_Reply()
        reply.code = code
        reply.message = message
        complete(request, reply: reply)
    }

    func complete(_ request: PendingRequest, reply: Veles_Bus_V1_Reply) {
        var reply = reply
        reply.requestId = request.requestId
        let bytes = reply.serializedBytes()
        send(BusMessage(peer: request.client, command: .reply, body: [Array(request.requestId.utf8), bytes]), on: frontend)
        journal?.append(.reply(request, reply: reply, now: ContinuousClock.now))
    }

    /// A reply for a request that could not even be read far enough to become a `PendingRequest`.
    func replyToClient(_ peer: [UInt8], requestId: String, code: Veles_Bus_V1_StatusCode, message: String) {
        var reply = Veles_Bus_V1_Reply()
        reply.requestId = requestId
        reply.code = code
        reply.message = message
        send(BusMessage(peer: peer, command: .reply, body: [Array(requestId.utf8), reply.serializedBytes()]), on: frontend)
    }
}
