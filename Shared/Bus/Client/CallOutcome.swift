/// What the client loop hands back for one attempt: the reply's bytes, or a failure decided on this side.
enum CallOutcome: Sendable {
    case reply([UInt8])
    case failure(RPCError)
}
