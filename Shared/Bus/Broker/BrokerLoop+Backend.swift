/// Messages from workers, dispatch to them, and what happens when one goes away.
extension BrokerLoop {
    /// Returns how many messages' worth it was: the replies in a batch, else one.
    func handleBackend(_ frames: [[UInt8]]) -> Int {
        let message: BusMessage
        do {
            message = try BusMessage.parse(frames, routed: true)
        } catch {
            refuse(frames, on: backend, side: "backend", reason: error.description)
            return 1
        }
        let now = ContinuousClock.now
        var weight = 1
        do {
            if message.command == .ready {
                try register(message, now: now)
                return 1
            }
            guard let worker = workers[message.peer] else {
                // A worker from before a restart, or one dropped as dead: it must register again.
                if message.command != .disconnect {
                    send(BusMessage(peer: message.peer, command: .disconnect), on: backend)
                }
                return 1
            }
            worker.lastSeen = now
            switch message.command {
            case .workerReply, .workerReplyBatch:
                let bodies = try BatchFrame.bodies(of: message, framesPerBody: 2)
                weight = bodies.count
                let tokens = try bodies.map { body throws(BusProtocolError) in try FrameCoding.decodeUInt64(body[0]) }
                for (token, body) in zip(tokens, bodies) { completeWorkerReply(token: token, replyBytes: body[1], now: now) }
            case .workerHeartbeat: break
            case .drain:
                worker.draining = true
                send(BusMessage(peer: message.peer, command: .drainAcknowledged), on: backend)
                logger.info("worker draining", ["worker": peerName(message.peer), "in_flight": String(worker.inFlight.count)])
            case .disconnect:
                removeWorker(message.peer, reason: "worker left")
            default:
                refuse(frames, on: backend, side: "backend", reason: "command \(message.command) is not valid from a worker")
            }
        } catch {
            refuse(frames, on: backend, side: "backend", reason: error.description)
        }
        return weight
    }

    private func register(_ message: BusMessage, now: ContinuousClock.Instant) throws(BusProtocolError) {
        try message.requireBody(2)
        let capacity = Int(try FrameCoding.decodeUInt32(message.body[0]))
        guard capacity > 0 else { throw .malformedFrame("a worker must offer at least one handler slot") }
        var names: [String] = []
        for frame in message.body.dropFirst() {
            let name = try FrameCoding.string(frame, what: "service name")
            guard !name.isEmpty else { throw .malformedFrame("empty service name") }
            names.append(name)
        }
        if workers[message.peer] != nil {
            removeWorker(message.peer, reason: "worker registered again")
        }
        let worker = WorkerRecord(peer: message.peer, services: names, capacity: capacity, lastSeen: now)
        workers[message.peer] = worker
        for name in names {
            services[name, default: ServiceRecord()].workers.append(worker)
        }
        logger.info("worker registered", ["worker": peerName(message.peer), "services": names.joined(separator: ","), "capacity": String(capacity)])
        for name in names { dispatch(service: name) }
    }

    private func completeWorkerReply(token: UInt64, replyBytes: [UInt8], now: ContinuousClock.Instant) {
        guard let entry = inFlight.removeValue(forKey: token) else {
            // Late (the request was re-dispatched or expired) or from before a restart: nobody waits for it.
            logger.debug("dropped reply nobody waits for", ["token": String(token)])
            return
        }
        entry.worker.inFlight.remove(token)
        repliesToSend.append(BusMessage(peer: entry.request.client, command: .reply, body: [Array(entry.request.requestId.utf8), replyBytes]))
        journal?.append(.reply(entry.request, replyBytes: replyBytes, now: now))
        if let dispatchedAt = entry.request.dispatchedAt {
            services[entry.request.service]?.recordTurnaround(now - dispatchedAt)
        }
        servicesToDispatch.formUnion(entry.worker.services)
    }

    /// Hands the requests queued since the last call to free workers, for every service that got some.
    ///
    /// Runs after a whole batch of messages was read, so requests that arrived together are handed out together.
    func dispatchQueued() {
        guard !servicesToDispatch.isEmpty else { return }
        let names = servicesToDispatch
        servicesToDispatch.removeAll(keepingCapacity: true)
        for name in names { dispatch(service: name) }
    }

    /// Hands queued requests of a service to its free workers, least recently used first.
    ///
    /// A slow service gets one request per choice, so a burst spreads over the workers; a quick one gives the
    /// chosen worker as many of the waiting requests as it has free slots (`ServiceRecord.share`), so it wakes once
    /// for all of them. The service record is changed in place in `services`; a copy would copy its
    /// queue on every request.
    func dispatch(service name: String) {
        let now = ContinuousClock.now
        while services[name]?.queue.isEmpty == false {
            guard let candidates = services[name]?.workers, let worker = leastRecentlyUsedFreeWorker(candidates),
                  let share = services[name]?.share(freeSlots: worker.freeSlots) else { return }
            dispatchCounter += 1
            worker.lastDispatch = dispatchCounter
            var picked: [PendingRequest] = []
            for _ in 0..<share {
                guard let request = services[name]?.queue.popFirst() else { break }
                if request.deadline <= now {
                    complete(request, code: .deadlineExceeded, message: "no worker of \(name) was free before the deadline")
                    continue
                }
                picked.append(request)
            }
            let handed = hand(picked, to: worker, now: now)
            guard handed == picked.count else {
                // What did reach the worker is in flight there, and removing the worker deals with it.
                for request in picked[handed...].reversed() { services[name]?.queue.prepend(request) }
                removeWorker(worker.peer, reason: "worker unreachable")
                continue
            }
        }
    }

    /// Sends requests to one worker, several to a frame where they fit (`BatchFrame`), and records them as in
    /// flight. Returns how many were sent: fewer than all when the worker could not be reached.
    private func hand(_ requests: [PendingRequest], to worker: WorkerRecord, now: ContinuousClock.Instant) -> Int {
        let firstToken = nextToken
        nextToken += UInt64(requests.count)
        let bodies = requests.enumerated().map { index, request in
            [FrameCoding.encode(firstToken + UInt64(index)), FrameCoding.encode(UInt32(clamping: (request.deadline - now).wholeMilliseconds)),
             request.envelope]
        }
        for (message, sent) in BatchFrame.messages(to: worker.peer, single: .workerRequest, batch: .workerRequestBatch, bodies: bodies) {
            guard send(message, on: backend) else { return sent.lowerBound }
            for index in sent {
                let token = firstToken + UInt64(index)
                requests[index].dispatches += 1
                requests[index].dispatchedAt = now
                worker.inFlight.insert(token)
                inFlight[token] = (requests[index], worker)
            }
        }
        return requests.count
    }

    private func leastRecentlyUsedFreeWorker(_ candidates: [WorkerRecord]) -> WorkerRecord? {
        var best: WorkerRecord?
        for worker in candidates where worker.freeSlots > 0 {
            if best == nil || worker.lastDispatch < best!.lastDispatch { best = worker }
        }
        return best
    }

    /// Forgets a worker; what it held is re-dispatched when idempotent and answered UNAVAILABLE otherwise.
    func removeWorker(_ peer: [UInt8], reason: String) {
        guard let worker = workers.removeValue(forKey: peer) else { return }
        for name in worker.services {
            services[name]?.workers.removeAll { $0 === worker }
        }
        var requeued: Set<String> = []
        var failed = 0
        for token in worker.inFlight {
            guard let entry = inFlight.removeValue(forKey: token) else { continue }
            let request = entry.request
            if request.idempotent, request.deadline > ContinuousClock.now, services[request.service] != nil {
                services[request.service]?.queue.prepend(request)
                requeued.insert(request.service)
            } else {
                failed += 1
                complete(request, code: .unavailable,
                         message: "the worker handling \(request.method) went away (\(reason)); it is not idempotent, so it was not retried")
            }
        }
        logger.info("worker removed", ["worker": peerName(peer), "reason": reason, "in_flight": String(worker.inFlight.count), "failed": String(failed)])
        for name in requeued { dispatch(service: name) }
    }

    func heartbeatWorkers(now: ContinuousClock.Instant) {
        var gone: [[UInt8]] = []
        for (peer, worker) in workers {
            if now - worker.lastSeen > configuration.expiry {
                gone.append(peer)
            } else if !send(BusMessage(peer: peer, command: .workerHeartbeat), on: backend) {
                gone.append(peer)
            }
        }
        for peer in gone { removeWorker(peer, reason: "missed heartbeats") }
        subscribers = subscribers.filter { now - $0.value.lastSeen <= configuration.expiry }
    }

    /// Answers queued requests whose deadline passed and forgets in-flight ones long past theirs.
    func sweep(now: ContinuousClock.Instant) {
        for name in Array(services.keys) {
            // Checked without taking a copy of the record, which would make the removal below copy the queue.
            guard services[name]?.queue.contains(where: { $0.deadline <= now }) == true,
                  let expired = services[name]?.queue.removeAll(where: { $0.deadline <= now }) else { continue }
            for request in expired {
                let reason = liveWorkerCount(name) == 0
                    ? "no worker of \(name) was available before the deadline"
                    : "no worker of \(name) was free before the deadline"
                complete(request, code: liveWorkerCount(name) == 0 ? .unavailable : .deadlineExceeded, message: reason)
            }
        }
        // A worker cancels its handler at the deadline and replies; one that never does has its slot freed here.
        let stale = inFlight.filter { now - $0.value.request.deadline > configuration.expiry }
        for (token, entry) in stale {
            inFlight.removeValue(forKey: token)
            entry.worker.inFlight.remove(token)
            logger.warning("worker never answered a request past its deadline", ["worker": peerName(entry.worker.peer), "method": entry.request.method])
        }
    }

    func peerName(_ peer: [UInt8]) -> String {
        peer.map { String($0, radix: 16) }.joined()
    }
}
