import ProtoRuntime

/// An event delivered to a subscriber.
public struct ReceivedEvent: Sendable {
    public let topic: String
    public let event: Veles_Bus_V1_Event

    /// Decodes the payload; throws when it is not a `M`.
    public func payload<M: ProtoMessage>(as type: M.Type) throws -> M {
        guard event.payloadType == M.protoMessageName else {
            throw RPCError(.invalidArgument, "event on \(topic) carries \(event.payloadType), not \(M.protoMessageName)")
        }
        return try M(serializedBytes: event.payload)
    }
}
