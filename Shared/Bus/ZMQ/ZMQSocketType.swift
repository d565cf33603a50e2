import CZmq

/// The socket patterns the bus uses.
public enum ZMQSocketType: Sendable {
    case router, dealer, req, rep, pair

    var rawValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .pair: ZMQ_PAIR
        }
    }
}
